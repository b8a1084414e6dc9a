"""What Manage Orders shows for an order: its ship-by, the Action buttons its status has,
and the message template that fits it.  Pure functions of the desk, so the page and the
tests read the same answers.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from formats.rulebook import Rulebook
from rules import vocabulary
from training.desk import DeskKind
from training.orders import DeskOrder
from training.wording import due_words, plural

HANDLING_DAYS = 2  # the shop's handling time: ship-by is two days after the order (an assumption)
FULFILMENT = {"MFN": "Seller", "AFN": "Amazon"}
# The template each handling's procedure sends (the rulebook's procedures, by id).
# The Confirm shipment form's carriers, by the storefront's Faker locale (an assumption: the
# common carriers of each marketplace; Seller Central's list is longer and has "Other").
_CARRIERS = {
    "en_US": ("USPS", "UPS", "FedEx", "DHL", "Amazon Shipping"),
    "en_GB": ("Royal Mail", "DPD", "Evri", "DHL", "Parcelforce"),
    "en_IN": ("India Post", "Blue Dart", "Delhivery", "DTDC"),
}
_ANY_CARRIER = ("DHL", "UPS", "FedEx")
_PROCEDURE_TEMPLATE = {
    "seller_cancel": "inform",
    "cancel_items": "inform",
    "ship_then_adjust": "inform",
    "ask_buyer": "request_cancellation",
    "return_then_refund": "return_request",
    "refund_now": "return_request",
    "refer_to_customer_service": "refer_customer_service",
}


def ship_by(desk, o: DeskOrder) -> datetime:
    """The ship-by date: a shift's own deadline, else the order date plus the handling time."""
    if desk.kind is DeskKind.SHIFT:
        return desk.ship_by(o.order_id)
    return o.purchase_date + timedelta(days=HANDLING_DAYS)


def ship_by_words(desk, o: DeskOrder) -> str:
    """On a shift, how the ship-by stands on the desk's clock: ``due in 2 hours`` or ``overdue by
    3 hours`` (words, never negative hours); "" off a shift or once the order left Unshipped."""
    if desk.kind is not DeskKind.SHIFT or not vocabulary.is_open(desk.rb, o.status):
        return ""
    left = desk.slot(o.order_id).ship_by - desk.clock
    return f"due {due_words(left)}" if left > 0 else due_words(left)


def actions(desk, o: DeskOrder) -> list[str]:
    """The buttons the real Action column shows for the order's status: the rulebook's
    (its seller actions that are Action-column buttons; Unshipped: Confirm shipment and Cancel
    order; Shipped: Refund order, once).  Amazon-fulfilled orders are Amazon's to handle."""
    if o.channel == "AFN":
        return []
    return vocabulary.action_buttons(desk.rb, o.status, o.channel, _done(o))


def _done(o: DeskOrder) -> frozenset[str]:
    """One-off actions already taken on the order (a refund is not offered twice)."""
    return frozenset({"refund"} if o.refunded else ())


def default_purpose(desk, o: DeskOrder) -> str:
    """The template the message box starts on: the rulebook's for what the order is, never a trap.

    Until the order is opened nothing is known, so "Other question"; after a cancel, the
    "Problem with order" message; a shipped order, "on its way, please return it"; a Pending
    one, Customer Service; otherwise the template of the situation's best handling."""
    if not o.opened:
        return "other"
    if o.cancel_reason or o.cancelled_items:
        return "inform" if not o.buyer_requested else "other"
    st = desk.rb.status(o.status)
    if st is not None and "refund" in st.seller_actions and "cancel" not in st.seller_actions:
        return "return_request"  # on its way: ask for a return, refund when it arrives
    if st is not None and not st.shows_buyer:
        return "refer_customer_service"
    si = desk.rb.situation(o.situation or "")
    if si is None:
        return "other"
    return _PROCEDURE_TEMPLATE.get(si.best.procedure, "other")


def channel_name(rb: Rulebook) -> str:
    """Manage Orders' Sales channel for the rulebook's marketplace (a UK desk sells on Amazon.co.uk)."""
    return vocabulary.storefront(rb).sales_channel


def carriers(rb: Rulebook) -> tuple[str, ...]:
    """The carriers the Confirm shipment form offers on the rulebook's marketplace."""
    return (*_CARRIERS.get(vocabulary.storefront(rb).faker_locale, _ANY_CARRIER), "Other")


def finish_warning(desk) -> str | None:
    """Why Finish asks first, or None: a shift finished before its end (orders not yet arrived are
    not graded), or a graded desk where nothing has been done yet (a stray click, a 0% attempt)."""
    if not desk.graded:
        return None
    if desk.kind is DeskKind.SHIFT and desk.clock < desk.end_hour:
        end = desk.start + timedelta(hours=desk.end_hour)
        left = len(desk.orders) - len(desk.arrived())
        coming = (
            f" {plural(left, 'order')} {'has' if left == 1 else 'have'} not arrived yet: not graded."
            if left
            else ""
        )
        return f"The shift runs until {end:%H:%M}; it is {desk.now:%H:%M}.{coming} Finish the shift now?"
    if not any(e.get("do") not in ("wait", "open_order") for e in desk.journal):
        what = "shift" if desk.kind is DeskKind.SHIFT else "order"
        return f"You have not done anything on this {what} yet. Finish anyway and grade it?"
    return None
