"""Partial cancels: *Cancel items* on a multi-item order, and the adjustment of a partly shipped
order's remainder (Seller Central help 200198080).  What each does to the order; the desk
checks the action first, counts it toward the rate and logs it.
"""

from __future__ import annotations

from dataclasses import dataclass

from formats.rulebook import Reason, Rulebook
from rules import Decision, adjustment_counts, next_status
from training.orders import DeskOrder


@dataclass
class PartialCancels:
    rb: Rulebook

    def cancel_items(self, o: DeskOrder, quantity: int | None, memo: str, sku: str | None) -> tuple[str, int]:
        """Cancel ``quantity`` units of the line ``sku`` (default the last line, the missing one);
        the whole order is cancelled once every unit is.  Returns the line's title and the units."""
        line = next((i for i in o.items if i.sku == sku), o.items[-1])
        qty = max(1, min(int(quantity or line.quantity), line.quantity))
        o.cancelled_items.append((line.sku, qty))
        o.cancel_reason, o.memo = o.cancel_reason or None, memo.strip()[:500]
        gone: dict[str, int] = {}
        for s, q in o.cancelled_items:
            gone[s] = gone.get(s, 0) + q
        if all(gone.get(i.sku, 0) >= i.quantity for i in o.items):  # every unit cancelled: the whole order
            o.status = next_status(self.rb, o.status, "cancel")
        return line.title, qty

    def adjust(self, o: DeskOrder, reason: str) -> tuple[Reason, Decision] | None:
        """Refund the unshipped remainder (NoInventory or CustomerCancel): the reason and whether
        it counts (the engine's answer, marked an assumption); None for a reason the rulebook lacks."""
        r = self.rb.reason(reason)
        if r is None:
            return None
        o.adjusted = True
        return r, adjustment_counts(self.rb, reason)
