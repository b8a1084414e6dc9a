"""Decisions a replay of a real order report needs that the simulation does not (issue 10).

Kept apart from :mod:`rules.engine` so that the replay's questions do not crowd the engine's;
each answer is a :class:`~rules.engine.Decision` built from rulebook facts, with its rule path.
"""

from __future__ import annotations

from formats.rulebook import Rulebook
from rules.engine import Decision

SELLER_CANCEL_ACTION = "cancel"  # the seller's Cancel order control (rulebook `actions`)


def pending_cancel(rb: Rulebook) -> Decision:
    """Does an order cancelled while it was still Pending count as a seller cancellation?

    The rulebook's Pending status lists what the seller can do then (G40571: no Cancel order
    control while Pending).  When ``cancel`` is not among them, the seller cannot have
    cancelled it: the buyer did (direct cancel) or Amazon did (payment not authorised), so it
    does not count.  A rulebook that lets the seller cancel Pending orders gets ``ok=True``.
    """
    st = rb.status("Pending")
    rule = "statuses.Pending.seller_actions"
    if st is not None and SELLER_CANCEL_ACTION in st.seller_actions:
        return Decision(
            True,
            rule,
            "Sellers can cancel Pending orders in this rulebook, so it is judged as a seller cancel.",
            question="counts",
            category="counted",
        )
    return Decision(
        False,
        rule,
        "Cancelled while still Pending: the seller has no Cancel order control on a Pending order, "
        "so Amazon (payment not authorised) or the buyer cancelled it; not a seller cancellation.",
        question="counts",
        category="pending_cancel",
    )
