"""The notes a replay prints under its figures: what the report cannot say, and what was inferred."""

from __future__ import annotations

from formats.rulebook import Rulebook
from rules import direct_cancel_minutes, request_reason
from simulator.reports.read import RowLog


def direct_cancel_inference(rb: Rulebook, infer: bool) -> str:
    """The sentence that says the buyer-direct-cancel figure is an inference (or that there is none)."""
    if not infer:
        return (
            "The report has no last-updated-date column, so no cancellation could be inferred to be the "
            "buyer's direct cancel: every cancellation is judged as if the seller made it, and the counted "
            "figure may include buyers' own direct cancels."
        )
    minutes = direct_cancel_minutes(rb)
    if minutes is None:
        return (
            "This rulebook has no direct-cancel window: no cancellation is taken as a buyer's direct cancel."
        )
    return (
        f"Buyer direct cancels are an inference, not in the report: a cancellation whose last-updated-date "
        f"is within {minutes:g} minutes of its purchase-date is taken as the buyer's own direct cancel "
        "(the report does not say who cancelled)."
    )


def request_label(rb: Rulebook) -> str:
    """The label of the reason an official request is cancelled with (Buyer Cancelled)."""
    r = rb.reason(request_reason(rb))
    return r.label if r is not None else request_reason(rb)


def replay_notes(rb: Rulebook, reason_label: str, log: RowLog, missing: list[str], infer: bool) -> list[str]:
    notes = [
        "The report does not record why an order was cancelled; a cancellation is judged as a seller "
        f"cancel with reason {reason_label}, which counts unless the buyer filed an official request "
        f"(taken as cancelled with {request_label(rb)}, which keeps it out), cancelled it "
        "directly (inferred), or it was cancelled while still Pending (the seller cannot cancel a Pending "
        "order). An order with some items cancelled counts like a cancelled one.",
        direct_cancel_inference(rb, infer),
    ]
    if log.unreadable_prices:
        notes.append(
            f"{log.unreadable_prices:,} row(s) have an item-price that is not a number; it was left out."
        )
    if "is-buyer-requested-cancellation" in missing:
        notes.append(
            "The report has no is-buyer-requested-cancellation column, so no cancellation could be "
            "excluded as an official buyer request."
        )
    if "item-status" in missing:
        notes.append(
            "The report has no item-status column, so item cancellations on orders that shipped "
            "could not be seen."
        )
    return notes
