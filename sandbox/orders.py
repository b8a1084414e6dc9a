"""The sandbox's orders: the simulator's seeded order stream laid out as orders with items, and the
events each will see if the client does nothing (payment, the buyer's request, shipping, auto-cancel).

The stream is :func:`simulator.runs.order_view.order_sample` (the same orders the gallery lists);
what each order does next is drawn here from a generator seeded by (seed, order index), so a
sandbox started with the same scenario and seed replays exactly.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np

from formats.rulebook import Rulebook
from formats.scenario import Scenario
from rules import engine, vocabulary
from simulator.runs.order_view import MAX_SAMPLE, order_sample

# How long things take in the sandbox's world (simulated time); not published figures.
PAYMENT_MINUTES = (2, 45)  # a Pending order's payment clears within this many minutes
AMAZON_SHIPS_HOURS = 6  # an order fulfilled by Amazon ships this long after purchase


@dataclass
class Item:
    item_id: str
    sku: str
    asin: str
    title: str
    quantity: int
    price: float
    shipped: int = 0
    cancelled: int = 0
    request_reason: str | None = None  # the buyer's official request on this item (its words)

    @property
    def open(self) -> int:
        return self.quantity - self.shipped - self.cancelled


@dataclass
class Event:
    """Something the world does to an order at ``at`` unless the order has moved on."""

    at: datetime
    kind: str  # paid | request | direct_cancel | ship | label | auto_cancel
    order_id: str
    items: tuple[str, ...] = ()  # the items it concerns (empty: the whole order)
    note: str = ""


@dataclass
class Order:
    order_id: str
    index: int
    purchase: datetime
    channel: str  # MFN | AFN
    kind: str  # the simulator's block: incident, on_time, late, unconfirmed, afn, direct_*
    situation: str | None
    buyer_name: str
    city: str
    items: list[Item]
    ship_by: datetime
    status: str
    updated: datetime
    race: str | None = None
    label_bought: datetime | None = None
    shipped_at: datetime | None = None
    released: bool = False  # purchase time reached: the client can see it
    history: list[dict] = field(default_factory=list)

    def item(self, item_id: str) -> Item | None:
        return next((i for i in self.items if i.item_id == item_id), None)

    @property
    def requested(self) -> bool:
        return any(i.request_reason for i in self.items)

    @property
    def total(self) -> float:
        return round(sum(i.price * i.quantity for i in self.items), 2)


def _digits(text: str, n: int) -> str:
    return str(int(hashlib.sha256(text.encode()).hexdigest(), 16))[:n].rjust(n, "0")


def _asin(title: str) -> str:
    h = hashlib.sha256(title.encode()).hexdigest().upper()
    return "B0" + h[:8]


def order_rng(seed: int, index: int) -> np.random.Generator:
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence([int(seed), int(index), 24])))


def parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text)


def stream_rows(sc: Scenario, rb: Rulebook, seed: int, days: int) -> list[dict]:
    """Every order of ``days`` simulated days, in purchase order (paged through the order view)."""
    rows: list[dict] = []
    while True:
        page = order_sample(sc, rulebook=rb, seed=seed, n=MAX_SAMPLE, offset=len(rows), days=days)
        rows += page
        if len(page) < MAX_SAMPLE:
            return rows


def item_lines(rb: Rulebook, situation: str | None, rng: np.random.Generator) -> int:
    lines = vocabulary.desk_words(rb, situation).items if situation else 1
    if isinstance(lines, tuple):
        return int(rng.integers(lines[0], lines[1] + 1))
    return int(lines)


def make_order(rb: Rulebook, sc: Scenario, row: dict, seed: int, extra_products: list[str]) -> Order:
    rng = order_rng(seed, row["order_index"])
    when = parse_time(row["purchase_date"])
    n = item_lines(rb, row["situation"], rng)
    titles = [row["product"], *extra_products][:n]
    while len(titles) < n:
        titles.append(f"{row['product']} (set of {len(titles) + 1})")
    items = []
    for k, title in enumerate(titles):
        price = float(np.round(sc.average_order_value * rng.lognormal(0, 0.35) / n, 2))
        items.append(
            Item(
                item_id=_digits(f"{row['order_id']}/{k}", 14),
                sku="SKU-" + _digits(title, 6),
                asin=_asin(title),
                title=title,
                quantity=1,
                price=max(price, 1.0),
            )
        )
    return Order(
        order_id=row["order_id"],
        index=int(row["order_index"]),
        purchase=when,
        channel=row["channel"],
        kind=row["kind"],
        situation=row["situation"],
        buyer_name=row["buyer_name"],
        city=row["ship_city"],
        items=items,
        ship_by=when + timedelta(days=sc.shipping.handling_days),
        status=vocabulary.unpaid_status(rb),
        updated=when,
    )


def planned_events(rb: Rulebook, sc: Scenario, order: Order, seed: int) -> list[Event]:
    """What happens to ``order`` if the client never acts, by the simulator's block it was drawn in."""
    rng = order_rng(seed, order.index)
    oid, t0 = order.order_id, order.purchase
    paid = t0 + timedelta(minutes=float(rng.uniform(*PAYMENT_MINUTES)))
    events = [Event(t0, "arrive", oid)]
    window = engine.direct_cancel_minutes(rb) or 0
    if order.kind.startswith("direct_") and window:
        at = t0 + timedelta(minutes=float(rng.uniform(1, window)))
        events.append(Event(at, "direct_cancel", oid, note="the buyer cancelled in Your Orders"))
        if at > paid:
            events.append(Event(paid, "paid", oid))
        return events
    events.append(Event(paid, "paid", oid))
    handling = order.ship_by - t0
    if order.channel != "MFN" and order.kind != "direct_afn":
        events.append(Event(t0 + timedelta(hours=AMAZON_SHIPS_HOURS), "ship", oid, note="Amazon shipped it"))
        return events
    if order.kind == "on_time":
        at = paid + (order.ship_by - paid) * float(rng.uniform(0.2, 0.9))
        events.append(Event(at, "ship", oid, note="the seller's warehouse shipped it"))
    elif order.kind == "late":
        at = order.ship_by + handling * float(rng.uniform(0.2, 1.0))
        events.append(Event(at, "ship", oid, note="the seller's warehouse shipped it late"))
    elif (
        order.kind == "incident"
        and vocabulary.buyer_starts(rb, order.situation)
        and rng.random() < sc.buyer.request_probability
    ):
        at = paid + timedelta(hours=float(rng.exponential(sc.buyer.request_hours)))
        items = tuple(i.item_id for i in order.items)
        events.append(Event(at, "request", oid, items, note=_request_words(rb, order.situation)))
    # Nothing ships an incident or an unconfirmed order: the client's software must act.
    deadline = order.ship_by + timedelta(hours=engine.auto_cancel_hours(rb))
    events.append(Event(deadline, "auto_cancel", oid, note="not ship-confirmed in time"))
    return events


def _request_words(rb: Rulebook, situation: str | None) -> str:
    si = rb.situation(situation or "")
    return si.label if si is not None else "Buyer requested cancellation"
