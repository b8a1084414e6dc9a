"""The policy format: what the seller does in each situation.

A policy maps situation ids (from the rulebook) to an action.  Situations it
leaves out follow the rulebook's recommended procedure.  Whether an action is
allowed, whether it counts and what it risks is decided later by
``rules.engine``; this module only checks the file's shape and, in
:meth:`Policy.cross_check`, that its situation and reason ids exist.
"""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import Discriminator, Field, Tag

from formats.errors import FileError, PolicyFileError
from formats.fields import Ident, Strict
from formats.loader import load_rulebook
from formats.rulebook import CheckIssue, Rulebook, ref

DEFAULT_WAIT_HOURS = 48.0


class SellerCancel(Strict):
    """The seller cancels from Manage Orders."""

    action: Literal["seller_cancel"]
    reason: Ident | None = Field(
        None, description="Reason for cancellation; empty = the situation's honest reason from the rulebook."
    )
    contact_first: bool = Field(True, description="Message the buyer before cancelling.")


class CancelItems(Strict):
    """Cancel only the items that cannot ship (*Cancel items*); item cancels count like whole ones."""

    action: Literal["cancel_items"]
    reason: Ident | None = Field(
        None, description="Reason for cancellation; empty = the situation's honest reason from the rulebook."
    )
    contact_first: bool = Field(True, description="Message the buyer (before or after the cancel).")


class ShipThenAdjust(Strict):
    """A partly shipped order: ship-confirm what can ship, refund the rest with an Order Adjustment."""

    action: Literal["ship_then_adjust"]
    reason: Ident | None = Field(
        None, description="Adjustment reason; empty = the situation's honest reason from the rulebook."
    )
    contact_first: bool = Field(True, description="Tell the buyer why part of the order is missing.")


class FulfilAnyway(Strict):
    """Ship the order as placed (e.g. without the gift wrap the buyer asked for)."""

    action: Literal["fulfil_anyway"]


class LeaveUnshipped(Strict):
    """Do nothing: Amazon auto-cancels the order after its deadline (and it counts)."""

    action: Literal["auto_cancel"]


def _action_of(value) -> str | None:
    action = value.get("action") if isinstance(value, dict) else getattr(value, "action", None)
    return _TAGS.get(action) if isinstance(action, str) else None


# Tags look like "Name[action]" so the loader drops them from error paths
# (``handling.x.wait_hours``, not ``handling.x.ask_buyer.wait_hours``).
_TAGS = {
    "seller_cancel": "SellerCancel[seller_cancel]",
    "cancel_items": "CancelItems[cancel_items]",
    "ship_then_adjust": "ShipThenAdjust[ship_then_adjust]",
    "ask_buyer": "AskBuyer[ask_buyer]",
    "fulfil_anyway": "FulfilAnyway[fulfil_anyway]",
    "auto_cancel": "LeaveUnshipped[auto_cancel]",
    "recommended": "ByTheBook[recommended]",
}


def _pick(*names: str) -> Discriminator:
    allowed = ", ".join(names)
    return Discriminator(
        _action_of,
        custom_error_type="action",
        custom_error_message="unknown or missing `action`",
        custom_error_context={"hint": f"pick one of {allowed}"},
    )


Fallback = Annotated[
    Annotated[SellerCancel, Tag(_TAGS["seller_cancel"])]
    | Annotated[FulfilAnyway, Tag(_TAGS["fulfil_anyway"])]
    | Annotated[LeaveUnshipped, Tag(_TAGS["auto_cancel"])],
    _pick("seller_cancel", "fulfil_anyway", "auto_cancel"),
]


class AskBuyer(Strict):
    """Message the buyer and wait for an official cancellation request."""

    action: Literal["ask_buyer"]
    wait_hours: float = Field(
        DEFAULT_WAIT_HOURS, gt=0, le=720, description="How long to wait for the request."
    )
    fallback: Fallback = Field(
        default_factory=lambda: SellerCancel(action="seller_cancel", contact_first=True),
        description="What to do when no request arrives in time.",
    )


class ByTheBook(Strict):
    """Follow the rulebook's recommended procedure for the situation."""

    action: Literal["recommended"]
    wait_hours: float = Field(
        DEFAULT_WAIT_HOURS, gt=0, le=720, description="Wait for the buyer when the book says ask_buyer."
    )


ACTIONS = (
    "seller_cancel",
    "cancel_items",
    "ship_then_adjust",
    "ask_buyer",
    "fulfil_anyway",
    "auto_cancel",
    "recommended",
)
Handling = Annotated[
    Annotated[SellerCancel, Tag(_TAGS["seller_cancel"])]
    | Annotated[CancelItems, Tag(_TAGS["cancel_items"])]
    | Annotated[ShipThenAdjust, Tag(_TAGS["ship_then_adjust"])]
    | Annotated[AskBuyer, Tag(_TAGS["ask_buyer"])]
    | Annotated[FulfilAnyway, Tag(_TAGS["fulfil_anyway"])]
    | Annotated[LeaveUnshipped, Tag(_TAGS["auto_cancel"])]
    | Annotated[ByTheBook, Tag(_TAGS["recommended"])],
    _pick(*ACTIONS),
]


class Policy(Strict):
    """A cancellation policy: one action per situation."""

    file_error: ClassVar[type[FileError]] = PolicyFileError

    name: str = Field(min_length=1, max_length=80)
    title: str = Field("", max_length=80, description="The name people read, e.g. 'Ask the buyer first'.")
    description: str = ""
    handling: dict[Ident, Handling] = Field(
        default_factory=dict, description="situation id -> action; missing situations follow the rulebook."
    )

    def cross_check(self, rulebook: Rulebook | None = None, **_context) -> list[CheckIssue]:
        """Unknown situation or reason ids, checked against ``rulebook`` (default amazon_us)."""
        if rulebook is None:
            rulebook = load_rulebook()
        return policy_issues(self, rulebook)


def policy_issues(policy: Policy, rb: Rulebook, prefix: tuple = ()) -> list[CheckIssue]:
    situations = [s.id for s in rb.situations]
    reasons = [r.id for r in rb.reasons]
    out: list[CheckIssue] = []
    for sid, h in policy.handling.items():
        loc = (*prefix, "handling", sid)
        out += ref(loc, sid, situations, "situation")
        for path, spec in ((loc, h), ((*loc, "fallback"), getattr(h, "fallback", None))):
            if isinstance(spec, (SellerCancel, CancelItems, ShipThenAdjust)) and spec.reason is not None:
                out += ref((*path, "reason"), spec.reason, reasons, "reason")
    return out
