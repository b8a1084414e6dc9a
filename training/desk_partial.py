"""The desk's partial actions: *Cancel items* on a multi-item order, and the adjustment of a
partly shipped order's remainder (Seller Central help 200198080).  A mixin of
:class:`training.desk.Desk`, which provides ``rb``, ``order``, ``_allowed``, ``_log``,
``reasons``, ``day`` and ``counted_days``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rules import adjustment_counts, next_status
from training.journal import journaled

if TYPE_CHECKING:
    from formats.rulebook import Rulebook
    from rules import Decision
    from training.orders import DeskOrder


@dataclass
class Result:
    ok: bool
    message: str
    rule: str = ""


class PartialActions:
    if TYPE_CHECKING:  # what Desk provides (see the module docstring)
        rb: Rulebook
        counted_days: list[int]

        @property
        def day(self) -> int: ...
        def order(self, order_id: str) -> DeskOrder: ...
        def _allowed(self, o: DeskOrder, action: str) -> Decision: ...
        def _cancel_check(self, o: DeskOrder, action: str, reason: str): ...
        def _log(self, o: DeskOrder, action: str, ok: bool, rule: str, detail: str, **kw) -> object: ...

    @journaled
    def cancel_items(
        self, order_id: str, reason: str, quantity: int | None = None, memo: str = "", sku: str | None = None
    ) -> Result:
        """Cancel order > Cancel items: ``quantity`` units of the line ``sku`` (default the last
        line, the missing one)."""
        o = self.order(order_id)
        refusal, r, c = self._cancel_check(o, "cancel_items", reason)
        if refusal is not None:
            return refusal
        line = next((i for i in o.items if i.sku == sku), o.items[-1])
        qty = max(1, min(int(quantity or line.quantity), line.quantity))
        o.cancelled_items.append((line.sku, qty))
        o.cancel_reason, o.memo = o.cancel_reason or None, memo.strip()[:500]
        if c.ok:  # an item cancel counts toward the rate like a whole one (200285210)
            self.counted_days.append(self.day)
        gone: dict[str, int] = {}
        for s, q in o.cancelled_items:
            gone[s] = gone.get(s, 0) + q
        if all(gone.get(i.sku, 0) >= i.quantity for i in o.items):  # every unit cancelled: the whole order
            o.status = next_status(self.rb, o.status, "cancel")
        self._log(
            o,
            "cancel_items",
            True,
            c.rule,
            c.reason,
            reason=reason,
            buyer_requested=o.buyer_requested,
            counted=c.ok,
            memo=o.memo,
        )
        msg = f"Cancelled {qty} x {line.title} on {o.order_id} ({r.label}); the rest stays. {c.reason}"
        return Result(True, msg, c.rule)

    @journaled
    def adjust(self, order_id: str, reason: str) -> Result:
        """Refund the unshipped remainder with an Order Adjustment (NoInventory or CustomerCancel)."""
        o = self.order(order_id)
        d = self._allowed(o, "adjust")
        if not d.ok:
            self._log(o, "adjust", False, d.rule, d.reason, reason=reason)
            return Result(False, d.reason, d.rule)
        r = self.rb.reason(reason)
        if r is None:
            known = ", ".join(x.id for x in self.rb.reasons)
            return Result(False, f"Unknown adjustment reason {reason!r} (known: {known}).", "reasons")
        o.adjusted = True
        c = adjustment_counts(self.rb, reason)  # the engine's answer, marked an assumption
        if c.ok:
            self.counted_days.append(self.day)
        self._log(
            o,
            "adjust",
            True,
            d.rule,
            f"Unshipped remainder refunded with an adjustment ({r.label}). {c.reason}",
            reason=reason,
            counted=c.ok,
        )
        msg = f"The unshipped remainder of {o.order_id} is refunded ({r.label}). {c.reason}"
        return Result(True, msg, d.rule)
