"""The sandbox's world as a plain class: orders, a simulated clock, the events that move orders on,
and what the client may do (cancel items, confirm shipment).  The HTTP face (``sandbox.app``) and
the tests drive the same object.

Every rule is asked of the engine: which status follows, whether an actor may act, whether a
cancel counts (``rules.engine.counts_toward_rate``), how a handling grades (``rules.handlings``).
"""

from __future__ import annotations

import heapq
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from formats.errors import ArgumentError
from formats.rulebook import Rulebook
from rules import engine, vocabulary
from rules.handlings import GRADE_WORDS, HandlingPath, grade_path
from sandbox.orders import Event, Order, make_order, planned_events, stream_rows
from sandbox.races import race_orders
from simulator.catalog import load_scenario, rulebook_for

DEFAULT_DAYS = 7
WHO = "python -m sandbox serve"  # where a bad argument came from, for its message


@dataclass
class Cancellation:
    order_id: str
    at: datetime
    by: str  # the actor: seller (the client), buyer (direct), amazon (auto-cancel)
    reason: str | None
    items: tuple[str, ...]
    buyer_requested: bool
    decision: engine.Decision
    grade: dict | None = None  # the client's cancels: the rulebook's grade for the order's situation
    source: str = ""

    @property
    def counted(self) -> bool:
        return self.decision.ok


@dataclass
class Refusal:
    """Why the world refused a client's action: an SP-API-style code and Amazon-worded message."""

    code: str
    message: str


@dataclass
class Clock:
    """Simulated time: ``speed`` simulated seconds per real second, plus any manual advance."""

    start: datetime
    speed: float = 1.0
    offset: float = 0.0
    real0: float = field(default_factory=time.monotonic)

    def now(self) -> datetime:
        run = (time.monotonic() - self.real0) * self.speed
        return self.start + timedelta(seconds=self.offset + run)


class Sandbox:
    def __init__(
        self,
        scenario: str = "starter_shop",
        *,
        seed: int = 0,
        days: int = DEFAULT_DAYS,
        races: list[str] | tuple[str, ...] = (),
        speed: float = 1.0,
    ) -> None:
        if days < 1 or days > 90:
            raise ArgumentError.single(WHO, f"{days} days is out of range", "between 1 and 90", path="--days")
        self.scenario = load_scenario(scenario)
        self.rb: Rulebook = rulebook_for(self.scenario)
        self.seed, self.days = int(seed), int(days)
        d = self.scenario.start_date
        start = datetime(d.year, d.month, d.day, tzinfo=UTC)
        self.clock = Clock(start, speed)
        self.now = start
        self.lock = threading.RLock()
        self.orders: dict[str, Order] = {}
        self.cancels: list[Cancellation] = []
        self.log: list[dict] = []  # what happened, in order (the page and the notifications read it)
        self._queue: list[tuple[datetime, int, Event]] = []
        self._seq = 0
        self.handlers: dict[str, object] = {}  # event kinds handled outside (the feed desk's)
        rows = stream_rows(self.scenario, self.rb, self.seed, self.days)
        products = [r["product"] for r in rows[:3]] or ["Sandbox item"]
        for row in rows:
            order = make_order(self.rb, self.scenario, row, self.seed, products)
            self._add(order, planned_events(self.rb, self.scenario, order, self.seed))
        for order, events in race_orders(self.rb, self.scenario, list(races), start, self.seed, products[0]):
            self._add(order, events)
        self.statuses = {
            "pending": vocabulary.unpaid_status(self.rb),
            "unshipped": vocabulary.awaiting_status(self.rb),
            "shipped": vocabulary.shipped_status(self.rb),
            "cancelled": vocabulary.cancelled_status(self.rb),
        }

    # -- time ----------------------------------------------------------------------------------
    def _add(self, order: Order, events: list[Event]) -> None:
        self.orders[order.order_id] = order
        for e in events:
            self.schedule(e)

    def schedule(self, event: Event) -> None:
        self._seq += 1
        heapq.heappush(self._queue, (event.at, self._seq, event))

    def sync(self) -> datetime:
        """Play every event up to the clock's time."""
        return self.advance_to(self.clock.now())

    def advance(self, seconds: float) -> datetime:
        """Move the clock on by ``seconds`` of simulated time and play what happens meanwhile."""
        if seconds < 0:
            raise ArgumentError.single(
                WHO, "the clock only moves forward", "give a positive duration", path="advance"
            )
        with self.lock:
            self.clock.offset += seconds
            return self.sync()

    def advance_to(self, when: datetime) -> datetime:
        with self.lock:
            while self._queue and self._queue[0][0] <= when:
                at, _, event = heapq.heappop(self._queue)
                self.now = max(self.now, at)
                self._play(event)
            self.now = max(self.now, when)
            return self.now

    # -- the world's events --------------------------------------------------------------------
    def _play(self, e: Event) -> None:
        handler = self.handlers.get(e.kind)
        if handler is not None:
            handler(e)  # type: ignore[operator]
            return
        o = self.orders[e.order_id]
        st = self.statuses
        if e.kind == "arrive":
            o.released = True
            self._record(o, "arrived", "OrderStatusChange")
        elif e.kind == "paid" and o.status == st["pending"]:
            o.status = engine.status_when_paid(self.rb, o.status) or o.status
            self._record(o, "payment cleared", "OrderStatusChange")
        elif e.kind == "label" and vocabulary.is_open(self.rb, o.status):
            o.label_bought = e.at
            self._record(o, e.note, "")
        elif e.kind == "request" and self._buyer_may(o, "request_cancellation"):
            for i in o.items:
                if i.item_id in e.items and i.open:
                    i.request_reason = e.note or "Buyer requested cancellation"
            self._record(o, "the buyer requested cancellation", "BuyerRequestedChange")
        elif e.kind == "direct_cancel" and self._buyer_may(o, "direct_cancel"):
            d = engine.counts_toward_rate(
                self.rb,
                None,
                buyer_requested=False,
                seller_fulfilled=o.channel == "MFN",
                buyer_direct_cancel=True,
            )
            self._cancel_items(o, [i.item_id for i in o.items if i.open], None, "buyer", d, e.note)
        elif e.kind == "ship" and (vocabulary.is_open(self.rb, o.status) or o.channel != "MFN"):
            if o.status != st["cancelled"] and o.status != st["shipped"]:
                self._ship(o, {i.item_id: i.open for i in o.items if i.open}, e.note)
        elif e.kind == "auto_cancel" and vocabulary.is_open(self.rb, o.status) and o.channel == "MFN":
            d = engine.counts_toward_rate(self.rb, None, buyer_requested=o.requested, auto_cancelled=True)
            self._cancel_items(o, [i.item_id for i in o.items if i.open], None, "amazon", d, e.note)

    def _buyer_may(self, o: Order, action: str) -> bool:
        return engine.action_allowed(self.rb, o.status, action, actor="buyer", channel=o.channel).ok

    def _record(self, o: Order, what: str, change: str) -> None:
        o.updated = self.now
        entry = {"at": self.now.isoformat(), "order_id": o.order_id, "status": o.status, "what": what}
        o.history.append(entry)
        self.log.append({**entry, "change": change})

    def _ship(self, o: Order, quantities: dict[str, int], note: str) -> None:
        for i in o.items:
            i.shipped += min(quantities.get(i.item_id, 0), i.open)
        left = sum(i.open for i in o.items)
        o.status = engine.next_status(self.rb, o.status, "confirm_shipment", partial=left > 0)
        if left == 0 and not any(i.shipped for i in o.items):
            o.status = self.statuses["cancelled"]
        o.shipped_at = self.now
        late = " late" if self.now > o.ship_by else ""
        self._record(o, note or f"shipped{late}", "OrderStatusChange")

    def _cancel_items(
        self, o: Order, items: list[str], reason: str | None, by: str, d: engine.Decision, note: str, **kw
    ) -> Cancellation:
        requested = any(i.request_reason for i in o.items if i.item_id in items)
        for i in o.items:
            if i.item_id in items:
                i.cancelled += i.open
        left = sum(i.open for i in o.items)
        if left == 0:
            o.status = self.statuses["shipped" if any(i.shipped for i in o.items) else "cancelled"]
        c = Cancellation(o.order_id, self.now, by, reason, tuple(items), requested, d, **kw)
        self.cancels.append(c)
        self._record(o, note or "cancelled", "OrderStatusChange")
        return c

    # -- what the client may do ----------------------------------------------------------------
    def find(self, order_id: str) -> Order | None:
        o = self.orders.get(order_id)
        return o if o is not None and o.released else None

    def visible(self) -> list[Order]:
        return [o for o in self.orders.values() if o.released]

    def _open_to(self, order_id: str, action: str, code: str, done: str) -> Order | Refusal:
        """The order, if it exists and the rulebook lets its status take ``action``; else Amazon's words."""
        o = self.find(order_id)
        if o is None:
            return Refusal("OrderNotFound", f"The order {order_id} was not found for this seller.")
        allowed = engine.action_allowed(self.rb, o.status, action, channel=o.channel)
        if not allowed.ok:
            return Refusal(code, f"The order {order_id} cannot be {done}: {allowed.reason}")
        return o

    def cancel(self, order_id: str, reasons: dict[str, str], source: str = "") -> Cancellation | Refusal:
        """The client cancels items (``reasons``: item id -> reason id; empty: every open item)."""
        with self.lock:
            o = self._open_to(order_id, "cancel", "InvalidOrderState", "cancelled")
            if isinstance(o, Refusal):
                return o
            unknown = [k for k in reasons if o.item(k) is None]
            if unknown:
                return Refusal(
                    "InvalidOrderItem",
                    f"The order item code {unknown[0]} is not part of the order {order_id}.",
                )
            closed = [k for k in reasons if not o.item(k).open]  # type: ignore[union-attr]
            if closed:
                return Refusal(
                    "InvalidOrderItem", f"The order item {closed[0]} has no quantity left to cancel."
                )
            # One cancellation per reason: items cancelled with different reasons are judged apart.
            groups: dict[str | None, list[str]] = {}
            for k in reasons or [i.item_id for i in o.items if i.open]:
                groups.setdefault(reasons.get(k), []).append(k)
            done = []
            for reason, items in groups.items():
                requested = any(o.item(k).request_reason for k in items)  # type: ignore[union-attr]
                d = engine.counts_toward_rate(self.rb, reason, buyer_requested=requested)
                grade = self.grade(o, reason, requested)
                note = "the seller cancelled"
                done.append(
                    self._cancel_items(o, items, reason, "seller", d, note, grade=grade, source=source)
                )
            return done[-1]

    def grade(self, o: Order, reason: str | None, requested: bool) -> dict | None:
        """The rulebook's grade of this cancel for the order's situation (None: no situation)."""
        if o.situation is None:
            return None
        m = grade_path(self.rb, o.situation, HandlingPath("seller_cancel", reason, "none", requested))
        h = m.handling
        return {
            "situation": o.situation,
            "grade": m.grade,
            "words": GRADE_WORDS[m.grade],
            "handling": h.label if h is not None else None,
            "why": h.why.strip() if h is not None else "",
            "exact": m.exact,
            "wrong_reason": m.wrong_reason,
            "wrong_contact": m.wrong_contact,
        }

    def confirm_shipment(self, order_id: str, quantities: dict[str, int]) -> Order | Refusal:
        with self.lock:
            o = self._open_to(order_id, "confirm_shipment", "InvalidInput", "ship-confirmed")
            if isinstance(o, Refusal):
                return o
            for k, q in quantities.items():
                it = o.item(k)
                if it is None:
                    return Refusal("InvalidInput", f"The order item {k} is not part of the order {order_id}.")
                if q < 1 or q > it.open:
                    return Refusal(
                        "InvalidInput", f"The order item {k} has {it.open} unit(s) left to ship, not {q}."
                    )
            self._ship(o, quantities, "the seller confirmed shipment")
            return o
