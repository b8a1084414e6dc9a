"""Scripted races: the cases integrators get wrong, each one order added to the stream at a known time.

``python -m sandbox serve --race NAME`` (repeatable) adds them; each race's order is placed
``RACE_AT`` after the sandbox's start, and its events are fixed (no draw), so a test can step the
clock to each moment.  The situations come from the rulebook (the first one a buyer starts).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from formats.errors import ArgumentError
from formats.rulebook import Rulebook
from formats.scenario import Scenario
from rules import engine, vocabulary
from sandbox.orders import Event, Order, _digits, make_order

RACE_AT = timedelta(hours=1)
FIRST_RACE_INDEX = 10_000_000  # race orders' indexes, clear of the stream's


@dataclass(frozen=True)
class Race:
    name: str
    what: str  # one line for --help and the docs


RACES = (
    Race("late_request", "the buyer's request arrives after the seller bought the shipping label"),
    Race("shipped_meanwhile", "the order ships a minute after the request, while a cancel feed waits"),
    Race("one_item", "the buyer requests cancellation of one item of a three-item order"),
    Race("pending_direct", "a Pending order the buyer cancels directly before payment clears"),
    Race("forgotten", "an order nobody ship-confirms: Amazon cancels it automatically"),
)
NAMES = tuple(r.name for r in RACES)


def check_races(names: list[str]) -> list[str]:
    bad = [n for n in names if n not in NAMES]
    if bad:
        raise ArgumentError.single(
            "python -m sandbox serve",
            f"unknown race {bad[0]!r}",
            f"choose from: {', '.join(NAMES)}",
            path="--race",
        )
    return list(dict.fromkeys(names))


def _buyer_situation(rb: Rulebook) -> str | None:
    found = [s for s in vocabulary.buyer_request_situations(rb) if vocabulary.buyer_starts(rb, s)]
    return found[0] if found else None


def race_orders(
    rb: Rulebook, sc: Scenario, names: list[str], start: datetime, seed: int, product: str
) -> list[tuple[Order, list[Event]]]:
    """Each race's order and its scripted events, in the order the races were named."""
    out = []
    for k, name in enumerate(check_races(names)):
        at = start + RACE_AT + timedelta(minutes=10 * k)
        index = FIRST_RACE_INDEX + k
        kind = "incident"
        situation = _buyer_situation(rb)
        if name == "pending_direct":
            kind, situation = "direct_mfn", None
        elif name == "forgotten":
            kind, situation = "unconfirmed", None
        row = {
            "order_id": f"{_digits(f'race/{seed}/{name}', 3)}-{_digits(name, 7)}-{_digits(str(seed), 7)}",
            "order_index": index,
            "purchase_date": at.isoformat(),
            "channel": "MFN",
            "kind": kind,
            "situation": situation,
            "buyer_name": "Race Buyer",
            "ship_city": "Seattle",
            "product": product,
        }
        lines = 3 if name == "one_item" else 1
        order = make_order(rb, sc, row, seed, [f"{product} refill", f"{product} case"][: lines - 1])
        if lines > 1:
            order.items = _three(order, product)
        order.race = name
        out.append((order, _events(rb, name, order)))
    return out


def _three(order: Order, product: str):
    from dataclasses import replace  # deferred: only the one-item race copies items

    base = order.items[0]
    return [
        replace(base, item_id=_digits(f"{order.order_id}/{k}", 14), title=t, sku=f"{base.sku}-{k}")
        for k, t in enumerate([product, f"{product} refill", f"{product} case"])
    ]


def _events(rb: Rulebook, name: str, order: Order) -> list[Event]:
    oid, t0 = order.order_id, order.purchase
    words = rb.situation(order.situation or "")
    note = words.label if words is not None else ""
    m = timedelta(minutes=1)
    events = [Event(t0, "arrive", oid)]
    if name == "pending_direct":
        events.append(Event(t0 + 10 * m, "direct_cancel", oid, note="the buyer cancelled in Your Orders"))
        events.append(Event(t0 + 40 * m, "paid", oid))
        return events
    events.append(Event(t0 + 5 * m, "paid", oid))
    every = tuple(i.item_id for i in order.items)
    if name == "late_request":
        events += [
            Event(t0 + 120 * m, "label", oid, note="the seller's warehouse bought the shipping label"),
            Event(t0 + 180 * m, "request", oid, every, note=note),
            Event(t0 + 300 * m, "ship", oid, note="the seller's warehouse shipped it"),
        ]
    elif name == "shipped_meanwhile":
        events += [
            Event(t0 + 60 * m, "request", oid, every, note=note),
            Event(t0 + 61 * m, "ship", oid, note="the seller's warehouse shipped it"),
        ]
    elif name == "one_item":
        events.append(Event(t0 + 60 * m, "request", oid, every[1:2], note=note))
    deadline = order.ship_by + timedelta(hours=engine.auto_cancel_hours(rb))
    events.append(Event(deadline, "auto_cancel", oid, note="not ship-confirmed in time"))
    return events
