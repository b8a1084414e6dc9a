"""The desk's orders: a few dozen, with Faker identities that are stable for a seed.

Exercise orders are built from the exercise's ``order:`` block; the rest are
everyday orders (most need nothing, a few hide a problem) so the list looks
like a real Manage Orders page.  Faker runs only here, once per desk.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from formats.exercise import Exercise, ExerciseOrder
from formats.rulebook import Rulebook
from rules import vocabulary
from simulator.identity.provider import seeded_faker
from training.messages import OFFICIAL_SUBJECT, official_request_text

ORDER_URL = "https://www.amazon.com/gp/your-account/order-details?orderID={order_id}"

SPECIAL_REQUESTS = {
    "gift_wrap": "gift wrapping",
    "customisation": "a personalised engraving",
    "invoice": "a VAT invoice in the parcel",
}


@dataclass(frozen=True)
class LineItem:
    title: str
    sku: str
    asin: str
    quantity: int
    price: float


@dataclass(frozen=True)
class Persona:
    """The simulated buyer: whether and when they answer, and how."""

    name: str
    replies: bool
    reply_after_hours: float
    files_request: bool


@dataclass
class Message:
    sender: str  # "buyer" | "seller"
    hour: float
    text: str
    purpose: str = ""  # seller: a training.messages.PURPOSES key
    subject: str = ""  # an official request's subject starts with messages.OFFICIAL_SUBJECT


@dataclass
class DeskOrder:
    order_id: str
    purchase_date: datetime
    buyer_name: str
    ship_city: str
    ship_state: str
    items: list[LineItem]
    channel: str
    status: str
    special_request: str | None
    situation: str | None  # hidden: the trainee has to discover it
    notes: str  # hidden until the order is opened
    persona: Persona
    payment_hours: float = 2.0
    exercise_id: str | None = None
    messages: list[Message] = field(default_factory=list)
    opened: bool = False
    buyer_requested: bool = False
    request_hour: float | None = None
    cancel_reason: str | None = None
    memo: str = ""
    refunded: bool = False
    adjusted: bool = False
    cancelled_items: list[tuple[str, int]] = field(default_factory=list)  # (sku, quantity)
    shipped_by_trainee: bool = False
    pending_reply: float | None = None  # hour at which the buyer will answer
    pending_purpose: str = ""
    arrival_hour: float = float("-inf")  # a shift's order appears in the list from this hour on
    auto_cancelled: bool = False
    told_first: bool = False  # the seller had messaged the buyer before cancelling
    carrier: str = ""  # the Confirm shipment form's carrier and tracking ID
    tracking_id: str = ""

    @property
    def url(self) -> str:
        return ORDER_URL.format(order_id=self.order_id)

    @property
    def total(self) -> float:
        return round(sum(i.price * i.quantity for i in self.items), 2)

    @property
    def product(self) -> str:
        first = self.items[0].title
        return first if len(self.items) == 1 else f"{first} (+{len(self.items) - 1} more)"


def draw(fake, value):
    """One attempt's value of a template field: a number as it is, a range drawn (seeded).

    Whole-number ranges draw whole numbers, others a value to the half hour."""
    if not isinstance(value, tuple):
        return value
    lo, hi = value
    if float(lo).is_integer() and float(hi).is_integer():
        return type(lo)(fake.random_int(int(lo), int(hi)))
    return lo + round(fake.random.random() * (hi - lo) * 2) / 2


def _items(fake, n: int, quantity=(1, 3)) -> list[LineItem]:
    return [
        LineItem(
            fake.product_title(),
            fake.sku(),
            fake.asin(),
            int(draw(fake, quantity)),
            round(fake.random_int(799, 8999) / 100, 2),
        )
        for _ in range(n)
    ]


def _notes(rb: Rulebook, situation: str | None, request: str | None) -> str:
    """What the seller finds on opening the order (the rulebook's clue for its situation)."""
    return vocabulary.clue(rb, situation, SPECIAL_REQUESTS.get(request or "", "a service"))


_REQUEST_WORDING = (
    "Hi, could you please include {request}? Thanks, {first}",
    "Hello! This is a present, so I'd love {request} if possible. {first}",
    "Quick one: can you add {request} to my order? Cheers, {first}",
    "Hi there, I forgot to ask at checkout: {request}, please. Many thanks, {first}",
)


def _buyer_message(fake, rb: Rulebook, situation: str | None, request: str | None, name: str, given) -> str:
    if isinstance(given, list):  # several wordings: each attempt draws one
        return fake.random.choice(given) if given else ""
    if given:
        return given
    says = vocabulary.desk_words(rb, situation).buyer_message
    if says == "cancel":
        return fake.buyer_cancel_message(name)
    if says == "extra" and request:
        wording = fake.random.choice(_REQUEST_WORDING)
        return wording.format(request=SPECIAL_REQUESTS[request], first=name.split()[0])
    return ""


def _order(fake, rb: Rulebook, now: datetime, spec: ExerciseOrder, exercise_id: str | None) -> DeskOrder:
    name = fake.name()
    request = spec.special_request or vocabulary.desk_words(rb, spec.situation).special_request
    msg = _buyer_message(fake, rb, spec.situation, request, name, spec.buyer_message)
    hours_ago = float(draw(fake, spec.hours_ago))
    order = DeskOrder(
        order_id=fake.amazon_order_id(),
        purchase_date=now - timedelta(hours=hours_ago, minutes=fake.random_int(0, 59)),
        buyer_name=name,
        ship_city=fake.city(),
        ship_state=fake.state_abbr() if hasattr(fake, "state_abbr") else "",
        items=_items(fake, int(draw(fake, spec.items)), spec.quantity),
        channel=spec.channel,
        status=spec.status,
        special_request=request,
        situation=spec.situation,
        notes=spec.notes or _notes(rb, spec.situation, request),
        persona=Persona(
            name, spec.buyer_replies, float(draw(fake, spec.reply_after_hours)), spec.buyer_files_request
        ),
        payment_hours=float(draw(fake, spec.payment_hours)),
        exercise_id=exercise_id,
    )
    if msg:
        order.messages.append(Message("buyer", -2.0, msg))
    if spec.official_request:  # the request arrives as a Buyer-Seller message with Amazon's subject
        order.buyer_requested, order.request_hour = True, -1.0
        subject = f"{OFFICIAL_SUBJECT} {order.order_id}"
        order.messages.append(Message("buyer", -1.0, official_request_text(name), subject=subject))
    return order


def make_order(fake, rb: Rulebook, now: datetime, spec: ExerciseOrder, exercise_id: str | None) -> DeskOrder:
    """One order drawn from ``spec`` (a shift builds its queue order by order)."""
    return _order(fake, rb, now, spec, exercise_id)


def make_orders(
    rb: Rulebook,
    exercises: list[Exercise],
    *,
    seed: int,
    locale: str | None = None,
    now: datetime,
    n_background: int = 30,
) -> list[DeskOrder]:
    """The exercise orders plus ``n_background`` everyday orders (the rulebook's desk mix), newest first."""
    fake = seeded_faker(seed, locale or vocabulary.storefront(rb).faker_locale)
    orders = [_order(fake, rb, now, ex.order, ex.id) for ex in exercises]
    mix = rb.desk_mix
    practice = vocabulary.practice_situations(rb)
    awaiting = vocabulary.awaiting_status(rb)
    for k in range(n_background if mix else 0):
        kind = fake.random.choices(mix, weights=[m.weight for m in mix])[0]
        status, channel = kind.status, kind.channel
        situation = None
        if status == awaiting and channel == "MFN" and k % 4 == 0 and practice:
            situation = practice[(k // 4) % len(practice)]
        spec = ExerciseOrder(
            status=status,
            channel=channel,
            situation=situation,
            items=fake.random_int(1, 3),
            buyer_replies=fake.random.random() < 0.85,
            buyer_files_request=fake.random.random() < 0.7,
            reply_after_hours=float(fake.random_int(1, 20)),
            hours_ago=(1, 30),
        )
        orders.append(_order(fake, rb, now, spec, None))
    orders.sort(key=lambda o: o.purchase_date, reverse=True)
    return orders
