"""Issue 13: "Plurals and wording are right everywhere" — `python -m training shift` printed an
overdue ship-by as negative hours ("ship by -164.2 h"); it now says "overdue by ..." in words,
and the shift page shows the same words beside the ship-by date."""

from __future__ import annotations

import re

import pytest

from rules import load_rulebook
from training.cli.main import main
from training.desk_view import channel_name, ship_by_words
from training.session import DESK_SCENARIO, DESK_SEED, cached_background
from training.shift import ShiftParams, new_shift
from training.wording import due_words, hours_words


@pytest.mark.parametrize(
    ("hours", "words"),
    [(3, "in 3 hours"), (1, "in 1 hour"), (-3, "overdue by 3 hours"), (-1, "overdue by 1 hour"),
     (-0.5, "overdue by 0.5 hours"), (0.04, "now"), (-165.8, "overdue by 6 days 22 hours"),
     (-48, "overdue by 2 days"), (-49, "overdue by 2 days 1 hour")],
)  # fmt: skip
def test_a_deadline_is_said_in_words_plural_right(hours, words):
    """The reported "ship by -164.2 h": never a negative number of hours."""
    assert due_words(hours) == words


def test_hours_words_plural():
    assert (hours_words(1), hours_words(2), hours_words(24)) == ("1 hour", "2 hours", "24 hours")


def test_the_shift_queue_says_overdue_instead_of_negative_hours(capsys):
    """The reported problem: an overdue order's ship-by printed as "-164.2 h"."""
    assert main(["shift", "--orders", "15", "--seed", "3"]) == 0
    out = capsys.readouterr().out
    assert not re.search(r"-\d+(\.\d+)? ?h\b", out), out  # no negative hours anywhere
    assert "ship-by overdue by 6 days" in out  # the overdue order, its ship-by a week gone
    assert "ship-by in 3 hours" in out and " 1 hours" not in out


def test_the_shift_page_shows_overdue_in_words_beside_the_ship_by_date():
    """The shift page showed only a date; past its ship-by an order now says by how much."""
    d = new_shift(ShiftParams(orders=15, seed=3), cached_background(DESK_SCENARIO, DESK_SEED))
    over = next(p for p in d.plan if p.kind == "overdue")
    routine = next(p for p in d.plan if p.kind == "routine" and p.arrival == 0)
    assert ship_by_words(d, d.order(over.order_id)).startswith("overdue by 6 days")
    assert ship_by_words(d, d.order(routine.order_id)) == due_words(routine.ship_by).replace(
        "in", "due in", 1
    )
    d.wait(routine.ship_by + 1)
    assert ship_by_words(d, d.order(routine.order_id)) == "overdue by 1 hour"
    d.confirm_shipment(routine.order_id)
    assert ship_by_words(d, d.order(routine.order_id)) == ""  # shipped: no deadline left to show


def test_a_late_shipment_says_how_late_in_words():
    d = new_shift(ShiftParams(orders=15, seed=3), cached_background(DESK_SCENARIO, DESK_SEED))
    routine = next(p for p in d.plan if p.kind == "routine" and p.arrival == 0)
    d.wait(routine.ship_by + 2)
    r = d.confirm_shipment(routine.order_id)
    assert "a late shipment (2 hours late)" in r.message


def test_every_marketplace_has_its_own_sales_channel():
    """Reported: a UK shift showed "Amazon.com" as the sales channel (the shift recipe has no locale)."""
    ids = ["amazon_us", "amazon_uk", "amazon_in", "amazon_ca", "amazon_jp", "amazon_de"]
    channels = {i: channel_name(load_rulebook(i)) for i in ids}
    assert channels["amazon_uk"] == "Amazon.co.uk" and channels["amazon_us"] == "Amazon.com"
    assert len(set(channels.values())) == len(ids)  # six marketplaces, six channels
