"""What the replay makes of an order's flags: the engine's decision and the case's name.

An order's flags are OR-ed over its rows (bits in :mod:`simulator.reports.replay`).  The report
has no cancellation reason, so each kind of cancellation is put to the rules engine once:

* not seller-fulfilled, or cancelled within the direct-cancel window (an **inference** from
  last-updated-date, see docs/replay.md): :func:`rules.counts_toward_rate` says why not;
* cancelled while still Pending: :func:`rules.report_rules.pending_cancel` (the seller has no
  Cancel order control then, so it was Amazon or the buyer);
* otherwise, including an order with only some items cancelled (the rate counts "all order and
  item cancellations initiated by the seller", 200285210): a seller cancel with the rulebook's
  stand-in reason; an order the buyer filed an official request for is taken as cancelled with
  the rulebook's ``buyer_request_reason`` (Buyer Cancelled: only that reason keeps it out).
"""

from __future__ import annotations

from formats.rulebook import Rulebook
from rules import Decision, counts_toward_rate, request_reason
from rules.report_rules import pending_cancel

SF, CANCELLED, BUYER_REQUESTED, SLOW, PENDING, ITEM = 1, 2, 4, 8, 16, 32


def decide(rb: Rulebook, reason: str, flags: int) -> Decision:
    """The engine's decision for a cancelled order with these flags."""
    sf, requested = bool(flags & SF), bool(flags & BUYER_REQUESTED)
    if requested:  # the banner's order is cancelled with the reason the rulebook gives for it
        reason = request_reason(rb)
    direct = bool(flags & CANCELLED) and not flags & SLOW
    if not sf or direct:
        return counts_toward_rate(
            rb, reason, buyer_requested=requested, seller_fulfilled=sf, buyer_direct_cancel=direct
        )
    if flags & PENDING:
        d = pending_cancel(rb)
        if not d.ok:
            return d
    return counts_toward_rate(rb, reason, buyer_requested=requested, seller_fulfilled=True)


def case_label(flags: int) -> str:
    """The case in words, e.g. "seller-fulfilled, items cancelled, no buyer request"."""
    parts = ["seller-fulfilled" if flags & SF else "fulfilled by Amazon"]
    if flags & PENDING:
        parts.append("cancelled while Pending")
    elif flags & CANCELLED:
        parts.append("cancelled")
    else:
        parts.append("items cancelled, the rest not")
    parts.append("buyer requested" if flags & BUYER_REQUESTED else "no buyer request")
    if flags & CANCELLED:
        parts.append(
            "after the direct-cancel window (or no last-updated-date to tell)"
            if flags & SLOW
            else "within the direct-cancel window (inferred: a buyer direct cancel)"
        )
    return ", ".join(parts)
