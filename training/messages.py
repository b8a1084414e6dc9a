"""Buyer-Seller Messaging: seller templates per situation, and the buyer's replies.

Every seller template carries the order link.  The purpose of a message tells
the grader which procedure the trainee is following: asking the buyer to
request cancellation is procedure ``ask_buyer``; explaining an unavoidable
cancel is the contact step of ``seller_cancel``.
"""

from __future__ import annotations

from formats.rulebook import Rulebook
from rules import vocabulary

PURPOSES = {
    "request_cancellation": "Ask the buyer to request cancellation",
    "inform": 'Tell the buyer why the order is (or will be) cancelled: the "Problem with order" message',
    "return_request": "Tell the buyer it has shipped and ask for a return (refund when it arrives)",
    "refer_customer_service": "Refer the buyer to Amazon Customer Service (Pending orders)",
    "other": "Other question about the order",
}
REFERRAL = "refer_customer_service"  # the only message on an order that shows no buyer (Pending)
# The subject an official request arrives with (Buyer-Seller Messaging, G201722390).
OFFICIAL_SUBJECT = "Order cancellation request from Amazon customer"

# Why the order is cancelled when its situation's rulebook entry gives no words of its own.
_UNABLE = "we are unable to complete it as ordered"

_ASK = (
    "Hello {first},\n\nThank you for your order {order_id}. Unfortunately {why}. "
    "Please request the cancellation from your Amazon account: open {url} (or go to Your Account > "
    "Your Orders), choose Request cancellation and pick a reason. As soon as the request reaches "
    "us we will cancel the order and you will not be charged.\n\n"
    "We are sorry for the trouble."
)
_ASK_BUYER_WANTS = (
    "Hello {first},\n\nThank you for your message about order {order_id}. To cancel it, please "
    "request the cancellation from your Amazon account: open {url} (or go to Your Account > Your "
    "Orders), choose Request cancellation and pick a reason. As soon as the request reaches us we "
    "will cancel the order and you will not be charged."
)
_INFORM = (
    "Hello {first},\n\nThank you for your order {order_id} ({url}). Unfortunately {why}, so we "
    "have to cancel the order. You will not be charged, and Amazon will confirm the cancellation "
    "by e-mail.\n\nWe apologise for the inconvenience."
)
_RETURN = (
    "Hello {first},\n\nYour order {order_id} ({url}) has already shipped and is on its way, so it can no "
    "longer be cancelled. Please return it from Your Orders (or refuse the delivery); we will refund you "
    "in full as soon as the return reaches us."
)
_REFER = (
    "Hello,\n\nThank you for your message about order {order_id}. Its payment is still being "
    "authorised, so we cannot change it yet: Amazon Customer Service can help you with it."
)
_OTHER = "Hello {first},\n\nA question about your order {order_id} ({url}): "


def template(
    rb: Rulebook, purpose: str, situation: str | None, *, order_id: str, url: str, buyer: str, request: str
) -> str:
    """The message text a trainee starts from (they may edit it)."""
    why = vocabulary.cancel_why(rb, situation, request or "the service you asked for")
    if purpose == "request_cancellation" and vocabulary.buyer_starts(rb, situation):
        # the buyer wants out: thank them, say how
        return _ASK_BUYER_WANTS.format(first=buyer.split()[0], order_id=order_id, url=url)
    why = why or _UNABLE
    bodies = {
        "request_cancellation": _ASK,
        "inform": _INFORM,
        "return_request": _RETURN,
        "refer_customer_service": _REFER,
    }
    body = bodies.get(purpose, _OTHER)
    return body.format(first=buyer.split()[0], order_id=order_id, url=url, why=why)


def buyer_reply(first: str, *, files_request: bool, purpose: str) -> str:
    """What the simulated buyer writes back."""
    if purpose == "request_cancellation" and files_request:
        return f"No problem, I have sent the cancellation request from Your Orders. {first}"
    if purpose == "request_cancellation":
        return f"I don't really have time for that. Can you just cancel it on your side? {first}"
    if purpose == "inform":
        return f"OK, thanks for letting me know. {first}"
    return f"Thanks for the message. {first}"


def official_request_text(name: str) -> str:
    """The body of the message Amazon sends when the buyer files an official request."""
    return (
        f"{name.split()[0]} has requested that this order be cancelled (Your Orders > Request "
        "cancellation). Reason given: No longer needed."
    )
