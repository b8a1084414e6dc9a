"""The desk a shift runs on: every action takes simulated minutes, orders keep arriving,
ship-by dates pass and Amazon cancels what was never shipped.

A :class:`ShiftDesk` is a :class:`training.desk.Desk` whose clock also moves with each
action (``MINUTES``), so working slowly has a cost; waiting is still the trainee's choice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from rules import counts_toward_rate, next_status, vocabulary
from training.desk import RESERVE_DAYS, Desk, DeskKind, Result
from training.desk_record import WAIT, StepRecord
from training.seller_metrics import Background
from training.shift.plan import SHIFT_HOURS, ShiftOrder, ShiftParams, draw
from training.wording import hours_words

# Simulated minutes each action takes at the desk (an assumption: a practised seller's pace).
MINUTES = {
    "open_order": 1,
    "message_buyer": 4,
    "cancel": 3,
    "cancel_items": 4,
    "adjust": 3,
    "refund": 2,
    "confirm_shipment": 2,
}
SHIFT_START_HOUR = 8


def new_shift(params: ShiftParams, background: Background, *, locale: str | None = None) -> ShiftDesk:
    """A :class:`ShiftDesk` at the start of the shift."""
    return ShiftDesk.for_shift(params, background, locale=locale)


@dataclass
class ShiftDesk(Desk):
    params: ShiftParams | None = None
    plan: list[ShiftOrder] = field(default_factory=list)
    shipped_at: dict[str, float] = field(default_factory=dict)  # order id -> hour ship-confirmed

    @classmethod
    def for_shift(
        cls, params: ShiftParams, background: Background, *, locale: str | None = None
    ) -> ShiftDesk:
        base_day = max(0, len(background.dates) - 1 - RESERVE_DAYS)
        start = datetime.fromisoformat(background.dates[base_day]) + timedelta(hours=SHIFT_START_HOUR)
        rb, orders, plan = draw(params, start, locale)
        desk = cls(rb, orders, background, start, base_day, params=params, plan=plan)
        desk.recipe = {
            "kind": DeskKind.SHIFT.value,
            "ref": "shift",
            "seed": params.seed,
            "params": params.to_dict(),
        }
        return desk

    # -- the shift's look-ups --------------------------------------------------
    @property
    def kind(self) -> DeskKind:
        return DeskKind.SHIFT

    @property
    def end_hour(self) -> float:
        return SHIFT_HOURS

    @property
    def over(self) -> bool:
        return self.clock >= SHIFT_HOURS

    def slot(self, order_id: str) -> ShiftOrder:
        return next(p for p in self.plan if p.order_id == order_id)

    def ship_by(self, order_id: str) -> datetime:
        return self.start + timedelta(hours=self.slot(order_id).ship_by)

    def arrived(self) -> list:
        return [o for o in self.orders if o.arrival_hour <= self.clock]

    def search(self, text: str = "", status: str | None = None) -> list:
        seen = {o.order_id for o in self.arrived()}
        return [o for o in super().search(text, status) if o.order_id in seen]

    def statuses(self) -> list[str]:
        here = {o.status for o in self.arrived()}
        return [s.id for s in self.rb.statuses if s.id in here]

    def exercises(self) -> list:
        return [p.exercise for p in self.plan if p.exercise is not None]

    def open_items(self) -> int:
        """Orders still waiting for the trainee (arrived, Unshipped, not handled)."""
        return sum(
            1
            for o in self.arrived()
            if vocabulary.is_open(self.rb, o.status) and not o.adjusted and not o.cancel_reason
        )

    # -- every action takes time -------------------------------------------------
    def _spend(self, action: str) -> list[str]:
        return self._pass_time(MINUTES[action] / 60)

    def open_order(self, order_id: str) -> Result:
        r = super().open_order(order_id)
        self._spend("open_order")
        return r

    def cancel(self, order_id: str, reason: str, memo: str = "") -> Result:
        r = super().cancel(order_id, reason, memo)
        self._spend("cancel")
        return r

    def cancel_items(
        self, order_id: str, reason: str, quantity: int | None = None, memo: str = "", sku: str | None = None
    ) -> Result:
        r = super().cancel_items(order_id, reason, quantity, memo, sku)
        self._spend("cancel_items")
        return r

    def adjust(self, order_id: str, reason: str) -> Result:
        r = super().adjust(order_id, reason)
        self._spend("adjust")
        return r

    def message_buyer(self, order_id: str, purpose: str, text: str) -> Result:
        r = super().message_buyer(order_id, purpose, text)
        self._spend("message_buyer")
        return r

    def refund(self, order_id: str) -> Result:
        r = super().refund(order_id)
        self._spend("refund")
        return r

    def confirm_shipment(self, order_id: str, carrier: str = "", tracking: str = "") -> Result:
        r = super().confirm_shipment(order_id, carrier, tracking)
        if r.ok:
            self.shipped_at[order_id] = self.clock
            late = self.clock - self.slot(order_id).ship_by
            if late > 0:
                r = Result(
                    True,
                    f"{r.message} It was due by {self.ship_by(order_id):%b %d %H:%M}: a late shipment "
                    f"({hours_words(late)} late).",
                    r.rule,
                )
        self._spend("confirm_shipment")
        return r

    def _log_wait(self, hours: float, order_id: str | None, detail: str) -> None:
        """A shift's wait is the shift's clock: recorded as what it was, on the order open then
        (none when no order was open), never as waiting for a buyer's request."""
        o = self.order(order_id) if order_id else None
        rec = StepRecord(round(self.clock, 2), o.order_id if o else "", WAIT, True, "", detail,
                         status=o.status if o else "", hours=float(hours))  # fmt: skip
        self.steps.append(rec)

    def _pass_time(self, hours: float) -> list[str]:
        before = self.clock
        happened = super()._pass_time(hours)
        for p in self.plan:
            if before < p.arrival <= self.clock:
                happened.append(f"{p.order_id}: a new order arrived.")
            o = self.order(p.order_id)
            waiting = o.status == vocabulary.awaiting_status(self.rb)
            if p.auto_cancel_at is not None and self.clock >= p.auto_cancel_at and waiting:
                c = counts_toward_rate(self.rb, None, buyer_requested=False, auto_cancelled=True)
                o.status, o.auto_cancelled = next_status(self.rb, o.status, "auto_cancel"), True
                if c.ok:
                    self.counted_days.append(self.day)
                happened.append(
                    f"{o.order_id}: Amazon cancelled it automatically (never ship-confirmed). {c.reason}"
                )
        self.events += [h for h in happened if h not in self.events[-len(happened) :]]
        return happened
