"""What the account sees of the handled orders: each handling's feedback outcome and its risk.

The rules engine decides (:func:`rules.feedback_outcome`, :func:`rules.feedback_risk`); this
reads the desk's orders to ask it.
"""

from __future__ import annotations

from formats.rulebook import Rulebook
from rules import feedback_outcome, feedback_risk
from training.orders import DeskOrder


def outcome(rb: Rulebook, o: DeskOrder) -> str | None:
    """The feedback outcome id of the trainee's handling (None: not handled yet)."""
    contacted = told_after = False
    if o.cancel_reason:  # set only by a cancel that went through
        handled = "buyer_request" if o.buyer_requested else "seller_cancel"
        contacted = any(m.sender == "seller" for m in o.messages)
        told_after = contacted and not o.told_first  # the buyer heard only once it was cancelled
    elif o.refunded:
        handled = "refunded"
    elif o.shipped_by_trainee:
        handled = "fulfilled"
    else:
        return None
    return feedback_outcome(rb, handled, situation=o.situation, contacted=contacted, after=told_after)


def quick_response(rb: Rulebook, o: DeskOrder) -> bool:
    """Did the seller answer the buyer's first message within the rulebook's hours?"""
    q = rb.feedback.quick_response
    first_buyer = next((m.hour for m in o.messages if m.sender == "buyer"), None)
    first_seller = next((m.hour for m in o.messages if m.sender == "seller"), None)
    return (
        first_buyer is not None and first_seller is not None and first_seller - first_buyer <= q.within_hours
    )


def feedback_rows(rb: Rulebook, orders: list[DeskOrder]) -> list[dict]:
    """Feedback risk of every handled order, and why (assumptions labelled)."""
    rows = []
    for o in orders:
        out = outcome(rb, o)
        if out is None:
            continue
        d = feedback_risk(rb, out, quick_response=quick_response(rb, o))
        rows.append(
            {
                "order_id": o.order_id,
                "outcome": out,
                "risk": d.value,
                "why": d.reason,
                "assumption": d.assumption,
                "rule": d.rule,
            }
        )
    return rows
