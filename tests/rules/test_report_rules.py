"""rules.report_rules: the replay's own questions, answered from rulebook facts."""

from __future__ import annotations

import pytest

from rules import available_rulebooks, load_rulebook
from rules.report_rules import pending_cancel


@pytest.mark.parametrize("name", available_rulebooks())
def test_no_shipped_rulebook_lets_the_seller_cancel_a_pending_order(name):
    d = pending_cancel(load_rulebook(name))
    assert not d.ok and d.category == "pending_cancel" and d.rule == "statuses.Pending.seller_actions"


def test_a_rulebook_whose_seller_can_cancel_pending_orders_judges_them_as_seller_cancels():
    rb = load_rulebook("amazon_us")
    statuses = [
        s.model_copy(update={"seller_actions": [*s.seller_actions, "cancel"]}) if s.id == "Pending" else s
        for s in rb.statuses
    ]
    d = pending_cancel(rb.model_copy(update={"statuses": statuses}))
    assert d.ok and d.category == "counted"
