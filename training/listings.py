"""Offer suppression after consecutive seller cancellations of one listing (200285210: AU, EU, IT).

Derived from the desk's step log, never kept apart: walk the successful cancels and shipments
in order, per listing (ASIN); a run of seller cancellations that reaches the rulebook's count
within its window is a warning for the account panel.  Where the rulebook does not confirm the
rule for its marketplace, the desk says nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from formats.rulebook import Rulebook
from training.desk_record import StepRecord
from training.orders import DeskOrder

CANCELS = ("cancel", "cancel_items")


def suppression_warnings(rb: Rulebook, orders: Iterable[DeskOrder], steps: Iterable[StepRecord]) -> list[str]:
    """One warning per listing whose run of seller cancellations reached the rulebook's count."""
    rule = rb.listing_suppression
    if rule is None or not rule.confirmed:
        return []
    by_id = {o.order_id: o for o in orders}
    runs: dict[str, list[float]] = defaultdict(list)  # ASIN -> hours of the cancels in the current run
    titles: dict[str, str] = {}
    for s in steps:
        o = by_id.get(s.order_id)
        if o is None or not s.ok or s.buyer_requested:  # a buyer's own request is no seller cancel
            continue
        for item in o.items:
            if s.action in CANCELS:
                runs[item.asin].append(s.hour)
                titles[item.asin] = item.title
            elif s.action == "confirm_shipment":
                runs[item.asin].clear()  # a shipped order ends the run
    window = rule.within_days * 24.0
    out = []
    for asin, hours in runs.items():
        recent = [h for h in hours if hours[-1] - h <= window]
        if len(recent) >= rule.consecutive_cancellations:
            out.append(
                f"{len(recent)} seller cancellations in a row of “{titles[asin]}” (ASIN {asin}) within "
                f"{rule.within_days} days: Amazon may suppress this offer. ({rule.source})"
            )
    return out
