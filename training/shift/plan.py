"""Draw a shift: which orders arrive when, which of them hide an incident, who writes.

Everything comes from the seed, so the same parameters give the same shift (the trainer
and the debrief reopen exactly what the trainee worked).  Incidents are the rulebook's
situations, each made into an exercise on the fly: its answer key is the rulebook's
graded handlings for that situation, as for every exercise.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from formats.exercise import Exercise, ExerciseOrder
from formats.loader import DEFAULT_RULEBOOK, load_rulebook
from formats.rulebook import Rulebook
from formats.vocabulary import SituationDesk
from rules import vocabulary
from rules.sfp import offers_sfp, seller_fulfilled_prime
from simulator.identity.provider import seeded_faker
from training.orders import DeskOrder, make_order

MIN_ORDERS, MAX_ORDERS = 15, 30
SHIFT_HOURS = 10.0  # 08:00 to 18:00: orders keep arriving until two hours before the end


@dataclass(frozen=True)
class ShiftParams:
    """What the trainer chooses: length, marketplace (rulebook), mix and seed."""

    orders: int = 20
    rulebook: str = DEFAULT_RULEBOOK
    incidents: float = 0.25  # share of orders hiding a rulebook situation
    messages: float = 0.15  # share of orders whose buyer writes to cancel (official or not)
    overdue: int = 1  # orders already past ship-by: Amazon auto-cancels them during the shift
    seed: int = 1
    sfp: bool = False  # a Seller Fulfilled Prime shop: the account is held to the SFP target

    def __post_init__(self) -> None:
        if not MIN_ORDERS <= self.orders <= MAX_ORDERS:
            raise ValueError(f"a shift has {MIN_ORDERS} to {MAX_ORDERS} orders, not {self.orders}")
        if not (0 <= self.incidents <= 1 and 0 <= self.messages <= 1 and self.incidents + self.messages <= 1):
            raise ValueError("incidents and messages are shares of the orders: each 0..1, together at most 1")
        if not 0 <= self.overdue <= 3:
            raise ValueError("overdue: 0 to 3 orders")
        if self.sfp and not offers_sfp(load_rulebook(self.rulebook)):
            raise ValueError(
                f"{self.rulebook} gives no Seller Fulfilled Prime target: a shift there is not SFP"
            )

    def to_dict(self) -> dict:
        return asdict(self)

    @property
    def marketplace(self) -> str:
        """The rulebook's own name for people ("Amazon.co.uk (UK)"), not its file id."""
        return load_rulebook(self.rulebook).name


@dataclass(frozen=True)
class Slot:
    """One order of the shift before it is drawn: when it arrives and what it is."""

    arrival: float  # simulated hours after the shift starts (0: already in the queue)
    kind: str  # routine | incident | message | overdue
    situation: str | None = None
    official: bool = False


def _incident_situations(rb: Rulebook) -> list[str]:
    """Situations a desk order can carry: every one but a buyer's request to cancel (a message slot)."""
    requests = vocabulary.buyer_request_situations(rb)
    return [s.id for s in rb.situations if s.id not in requests]


def _order_shape(desk: SituationDesk) -> dict[str, Any]:
    """The order a situation needs on the desk (its lines, payment time, special request)."""
    shape: dict[str, Any] = {}
    if desk.items != 1:
        shape["items"] = desk.items
    if desk.payment_hours is not None:
        shape["payment_hours"] = desk.payment_hours
    if desk.special_request is not None:
        shape["special_request"] = desk.special_request
    return shape


def slots(params: ShiftParams, rb: Rulebook, fake) -> list[Slot]:
    n = params.orders
    n_inc = round(n * params.incidents)
    n_msg = round(n * params.messages)
    n_over = min(params.overdue, n - n_inc - n_msg)
    kinds = ["incident"] * n_inc + ["message"] * n_msg + ["routine"] * (n - n_inc - n_msg - n_over)
    fake.random.shuffle(kinds)
    situations = _incident_situations(rb)
    requests = vocabulary.buyer_request_situations(rb)
    out = [Slot(0.0, "overdue") for _ in range(n_over)]
    for k, kind in enumerate(kinds):
        arrival = 0.0 if k < len(kinds) // 3 else round(fake.random.uniform(0.5, SHIFT_HOURS - 2), 1)
        if kind == "incident":
            out.append(Slot(arrival, kind, fake.random.choice(situations)))
        elif kind == "message":  # about a third arrive as the official request, the rest as a message
            sid = requests[0] if len(requests) == 1 else fake.random.choice(requests)
            out.append(Slot(arrival, kind, sid, official=fake.random.random() < 0.35))
        else:
            out.append(Slot(arrival, kind))
    return sorted(out, key=lambda s: s.arrival)


def _exercise(rb: Rulebook, k: int, slot: Slot, fake) -> Exercise:
    si = rb.situation(slot.situation) if slot.situation else None
    if si is None:  # slots() draws incidents from the rulebook's situations
        raise ValueError(f"no rulebook situation {slot.situation!r} for an incident")
    spec = _order_shape(si.desk)
    spec["status"] = si.status
    files = fake.random.random() < 0.75
    order = ExerciseOrder(
        situation=si.id,
        official_request=slot.official,
        buyer_files_request=files,
        reply_after_hours=(1, 4),
        **spec,
    )
    return Exercise(
        id=f"shift_{k:02d}_{si.id}",
        title=si.label,
        card=f"{si.label}: {si.description}",
        order=order,
        traps=["violation", "cancel_pending", "cancel_shipped", "buyer_cancelled_without_request"],
    )


@dataclass
class ShiftOrder:
    """What the shift knows about one of its orders beyond the desk order."""

    order_id: str
    kind: str
    arrival: float
    ship_by: float  # simulated hours after the shift starts
    auto_cancel_at: float | None  # Amazon cancels it then if it is still not ship-confirmed
    exercise: Exercise | None  # incidents and messages: graded against the rulebook's key


def draw(
    params: ShiftParams, start: datetime, locale: str | None = None
) -> tuple[Rulebook, list[DeskOrder], list[ShiftOrder]]:
    """The shift's desk orders and their schedule, all from ``params.seed``."""
    rb = load_rulebook(params.rulebook)
    if params.sfp:
        rb = seller_fulfilled_prime(rb)
    fake = seeded_faker(params.seed * 7919 + 13, locale or vocabulary.storefront(rb).faker_locale)
    orders, plan = [], []
    for k, slot in enumerate(slots(params, rb, fake)):
        ex = _exercise(rb, k, slot, fake) if slot.situation else None
        routine = ExerciseOrder(status=vocabulary.awaiting_status(rb), situation=None, hours_ago=0)
        spec = ex.order if ex else routine
        o = make_order(fake, rb, start + timedelta(hours=slot.arrival), spec, ex.id if ex else None)
        auto_cancel = None
        if slot.kind == "overdue":  # placed over a week ago: its ship-by passed, the auto-cancel is near
            days = rb.auto_cancel.hours / 24  # India's deadline is given in hours, not days
            o.purchase_date = start - timedelta(days=days + 2)
            ship_by = -24.0 * days + fake.random.uniform(1.5, 4)
            auto_cancel = ship_by + 24.0 * days
        else:
            ship_by = slot.arrival + fake.random.choice((3.0, 4.0, 6.0, 8.0))
        o.arrival_hour = slot.arrival
        for m in o.messages:  # the buyer wrote with the order, not hours before it arrived
            m.hour = max(m.hour, 0.0) + slot.arrival
        if o.request_hour is not None:
            o.request_hour = max(o.request_hour, 0.0) + slot.arrival
        orders.append(o)
        plan.append(ShiftOrder(o.order_id, slot.kind, slot.arrival, round(ship_by, 2), auto_cancel, ex))
    return rb, orders, plan
