"""The desk's orders: a few dozen, with Faker identities that are stable for a seed.

Exercise orders are built from the exercise's ``order:`` block; the rest are
everyday orders (most need nothing, a few hide a problem) so the list looks
like a real Manage Orders page.  Faker runs only here, once per desk.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from formats.exercise import Exercise, ExerciseOrder
from simulator.identity.provider import seeded_faker
from training.messages import OFFICIAL_SUBJECT, official_request_text

ORDER_URL = "https://www.amazon.com/gp/your-account/order-details?orderID={order_id}"

SPECIAL_REQUESTS = {
    "gift_wrap": "gift wrapping",
    "customisation": "a personalised engraving",
    "invoice": "a VAT invoice in the parcel",
}

# What the seller finds when opening an order in each situation (the clue to discover).
SITUATION_NOTES = {
    "special_request": "Buyer note asks for {request}. Your shop does not offer it.",
    "defect_damage": "Warehouse check: the last unit is damaged (cracked casing); no good unit in stock.",
    "out_of_stock": "Inventory check: 0 units on hand; the supplier cannot restock for three weeks.",
    "price_error": "Listing audit: the price was entered as one tenth of the real price.",
    "address_undeliverable": "Carrier check: the address does not exist; the carrier will not deliver.",
    "buyer_changed_mind": "",
    "partial_stock_out": "Inventory check: the last item of this order has sold out; the others are on hand.",
    "partly_shipped": "The first parcel has shipped; the remaining item is out of stock for good.",
    "shipped_wants_out": "",
    "pending_buyer_writes": "",
}

# Everyday background: (status, channel, weight).  AFN orders are Amazon's to handle.
_MIX = (
    ("Unshipped", "MFN", 10),
    ("Shipped", "MFN", 7),
    ("Shipped", "AFN", 5),
    ("Pending", "MFN", 3),
    ("PartiallyShipped", "MFN", 2),
    ("Canceled", "MFN", 2),
    ("PendingAvailability", "MFN", 1),
    ("Unshipped", "AFN", 2),
)
_PRACTICE_SITUATIONS = ("out_of_stock", "special_request", "address_undeliverable", "buyer_changed_mind")


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


def _notes(situation: str | None, request: str | None) -> str:
    if situation is None:
        return ""
    return SITUATION_NOTES.get(situation, "").format(request=SPECIAL_REQUESTS.get(request or "", "a service"))


_REQUEST_WORDING = (
    "Hi, could you please include {request}? Thanks, {first}",
    "Hello! This is a present, so I'd love {request} if possible. {first}",
    "Quick one: can you add {request} to my order? Cheers, {first}",
    "Hi there, I forgot to ask at checkout: {request}, please. Many thanks, {first}",
)


def _buyer_message(fake, situation: str | None, request: str | None, name: str, given) -> str:
    if isinstance(given, list):  # several wordings: each attempt draws one
        return fake.random.choice(given) if given else ""
    if given:
        return given
    if situation in ("buyer_changed_mind", "shipped_wants_out"):
        return fake.buyer_cancel_message(name)
    if situation == "special_request" and request:
        wording = fake.random.choice(_REQUEST_WORDING)
        return wording.format(request=SPECIAL_REQUESTS[request], first=name.split()[0])
    return ""


def _order(fake, now: datetime, spec: ExerciseOrder, exercise_id: str | None) -> DeskOrder:
    name = fake.name()
    request = spec.special_request
    if spec.situation == "special_request" and request is None:
        request = "gift_wrap"
    msg = _buyer_message(fake, spec.situation, request, name, spec.buyer_message)
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
        notes=spec.notes or _notes(spec.situation, request),
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


def make_order(fake, now: datetime, spec: ExerciseOrder, exercise_id: str | None) -> DeskOrder:
    """One order drawn from ``spec`` (a shift builds its queue order by order)."""
    return _order(fake, now, spec, exercise_id)


def make_orders(
    exercises: list[Exercise], *, seed: int, locale: str = "en_US", now: datetime, n_background: int = 30
) -> list[DeskOrder]:
    """The exercise orders plus ``n_background`` everyday orders, newest first."""
    fake = seeded_faker(seed, locale)
    orders = [_order(fake, now, ex.order, ex.id) for ex in exercises]
    weights = [w for *_, w in _MIX]
    for k in range(n_background):
        status, channel, _ = fake.random.choices(_MIX, weights=weights)[0]
        situation = None
        if status == "Unshipped" and channel == "MFN" and k % 4 == 0:
            situation = _PRACTICE_SITUATIONS[(k // 4) % len(_PRACTICE_SITUATIONS)]
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
        orders.append(_order(fake, now, spec, None))
    orders.sort(key=lambda o: o.purchase_date, reverse=True)
    return orders
