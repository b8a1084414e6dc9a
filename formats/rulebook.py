"""The rulebook format: every fact a marketplace's cancellation rules need.

Unknown keys, wrong types, out-of-range rates, duplicate ids and references
to ids that do not exist are all rejected (see :meth:`Rulebook.cross_check`).
"""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal, get_args

from pydantic import BeforeValidator, Field, PositiveInt

from formats.errors import FileError, RulebookFileError
from formats.fields import Ident, Rate, Sourced, Strict
from formats.memo import MEMO_ACTIONS, MemoRule, memo_shorthand
from formats.rulebook_refs import CheckIssue, Loc, ref, reference_issues  # noqa: F401  (Loc, ref: re-exported)
from formats.timing import AutoCancel, Channel, DirectCancel, both_channels
from formats.vocabulary import Calibration, DeskMix, ScenarioRate, SituationDesk, Starter, Storefront

Actor = Literal["seller", "buyer", "amazon"]
# How a page states a metric's target: "under 2.5%", "at most", "at least 95%", "over".
Comparison = Literal["under", "at_most", "at_least", "over"]
CountRule = Literal["always", "unless_buyer_requested", "never"]
# How good a handling is: best (what the pages teach), acceptable (allowed, costs something),
# compliance risk (no page forbids it, but it goes against the pages), violation (a page says not to).
GradeName = Literal["best", "acceptable", "compliance_risk", "violation"]
GRADES: tuple[str, ...] = get_args(GradeName)
# When the message to the buyer comes: before the cancel, after it, or not at all.
Contact = Literal["first", "after", "none"]


def _any_contact() -> list[Contact]:
    return ["first", "after", "none"]


class Metric(Sourced):
    label: str
    limit: Rate
    windows_days: list[PositiveInt] = Field(min_length=1)
    direction: Literal["max", "min"] = Field(
        "max", description="max: breach when the rate is above the limit; min: when below."
    )
    comparison: Comparison | None = Field(
        None,
        description=(
            "How the page states the target: under (a rate at the limit is a breach: 'under 2.5%'), "
            "at_most, at_least ('at least 95%'), over; empty: at_most for max, at_least for min."
        ),
    )
    scope: Literal["seller_fulfilled", "all_orders", "shipments", "per_channel"] = Field(
        "seller_fulfilled",
        description="per_channel: computed and shown for seller-fulfilled and FBA orders separately.",
    )
    consequence: str = ""
    assumption: bool = Field(False, description="True: no page for this marketplace gives these figures.")

    @property
    def target(self) -> Comparison:
        return self.comparison or ("at_most" if self.direction == "max" else "at_least")

    def breached(self, rate):  # a float, or a numpy array of rates (NaN: no orders, never a breach)
        """Does ``rate`` miss the target?  The one comparison: the engine and the simulator use it."""
        target = self.target
        if target == "under":
            return rate >= self.limit
        if target == "at_most":
            return rate > self.limit
        if target == "at_least":
            return rate < self.limit
        return rate <= self.limit


class CancellationFee(Sourced):
    referral_fee_multiple: float = Field(
        ge=0, le=10, description="Multiple of the referral fee for a cancel on or before the ship date."
    )
    max_referral_fee_multiple: float = Field(
        ge=0, le=10, description="Multiple of the referral fee for a cancel after the estimated ship date."
    )
    referral_fee_rate: Rate
    referral_fee_rate_assumption: bool = True


class Metrics(Strict):
    cancellation_rate: Metric
    order_defect_rate: Metric
    late_shipment_rate: Metric
    valid_tracking_rate: Metric | None = None
    sfp_cancellation_rate: Metric | None = Field(
        None, description="Seller Fulfilled Prime's own cancellation target (202072550); empty: none."
    )


class Action(Strict):
    id: Ident
    label: str
    actor: Actor
    channels: list[Channel] = Field(
        default_factory=both_channels,
        min_length=1,
        description="Fulfilment channels the action exists for (MFN: seller-fulfilled, AFN: FBA).",
    )
    result_status: Ident | None = Field(
        None, description="The status an order moves to once this action is done; empty = unchanged."
    )
    partial_result_status: Ident | None = Field(
        None,
        description="The status once only part of the order is done (some items confirmed).",
    )
    action_column: int | None = Field(
        None, ge=1, le=9, description="Its place among Manage Orders' Action buttons; empty: not a button."
    )
    reasons: list[Ident] = Field(
        default_factory=list,
        description="The reasons this action may give (an Order Adjustment's); empty: the cancel dialog's.",
    )


class Status(Sourced):
    id: Ident
    label: str
    seller_actions: list[Ident] = []
    buyer_actions: list[Ident] = []
    buyer_direct_cancel_minutes: int | None = Field(
        None, ge=0, le=1440, description="Deprecated: use the top-level `direct_cancel:` block."
    )
    buyer_direct_cancel_minutes_assumption: bool = False
    shows_buyer: bool = Field(
        True, description="False: Manage Orders shows no buyer name, address or contact details."
    )
    when_paid: Ident | None = Field(
        None, description="The status an order moves to once payment is authorised (Pending: Unshipped)."
    )
    open: bool = Field(False, description="True: the order still waits to be shipped (its ship-by counts).")
    cancel_trap: Ident | None = Field(
        None, description="What trying to cancel an order in this status is graded as (a desk trap's id)."
    )
    contact_trap: Ident | None = Field(
        None,
        description="What starting a message to the buyer of an order in this status is graded as (a desk "
        "trap's id); with `shows_buyer: false` the only message is the referral to Amazon Customer Service, "
        "in reply to a buyer who wrote.",
    )
    note: str = ""


class CountsTowardRate(Strict):
    rule: CountRule
    note: str = ""


class Reason(Sourced):
    id: Ident
    label: str
    feed_code: Ident
    in_dialog: bool = True
    counts_toward_rate: CountsTowardRate
    restocks: bool
    use_when: str = Field("", description="When this reason is the right one (the marketplace's table).")
    origin: str = Field("", description="Where the feed code comes from when the documented XSD lacks it.")
    assumption: bool = Field(False, description="True: no page says whether this reason restocks.")


def _contacts(value):
    return [value] if isinstance(value, str) else value


class Handling(Sourced):
    """One way to handle a situation, graded: the rulebook's answer key for it."""

    id: Ident
    label: str
    procedure: Ident
    grade: GradeName
    reason: Ident | None = Field(
        None, description="The Reason for cancellation; empty: nothing is cancelled."
    )
    contact: Annotated[list[Contact], BeforeValidator(_contacts)] = Field(
        default_factory=_any_contact,
        min_length=1,
        description="When the message to the buyer comes: first, after, none (a list: any of them).",
    )
    official_request: bool | None = Field(
        None, description="True: only once the buyer filed an official request; False: only without one."
    )
    why: str = Field(min_length=3, description="The reason for this grade, in words a trainee reads.")
    assumption: bool = False
    memo: Annotated[MemoRule | None, BeforeValidator(memo_shorthand)] = Field(
        None, description="A Seller memo this handling's cancel must carry (a house rule: an assumption)."
    )

    @property
    def memo_required(self) -> bool:
        return self.memo is not None and self.memo.required


class Situation(Sourced):
    """A problem with an order, and every handling of it with its grade (the first best one leads)."""

    id: Ident
    label: str
    description: str
    seller_reason: Ident | None = Field(None, description="The honest reason when the seller cancels.")
    status: Ident = Field("Unshipped", description="The status the order is in when the seller acts.")
    simulated: bool = Field(True, description="False: taught on the desk only, not a simulator situation.")
    handlings: list[Handling] = Field(min_length=1)
    shipped_outcome: Ident | None = Field(
        None, description="Feedback outcome when the order is shipped as placed; empty = fulfilled."
    )
    starts: Starter = Field(
        "seller", description="Who starts it: a buyer's situation opens with their message."
    )
    scenario_rate: ScenarioRate | None = Field(
        None, description="The scenario figure that sets its rate, instead of a `situations:` entry."
    )
    desk: SituationDesk = Field(default_factory=SituationDesk)

    # -- derived from the handlings (decided once, there) ------------------------
    @property
    def best(self) -> Handling:
        return next((h for h in self.handlings if h.grade == "best"), self.handlings[0])

    @property
    def procedures(self) -> list[str]:
        """The procedures a policy may use (best first): all but those every handling of is a violation."""
        ok = [h.procedure for h in self.handlings if h.grade != "violation"]
        return list(dict.fromkeys([self.best.procedure, *ok]))

    @property
    def recommended(self) -> str:
        return self.best.procedure

    @property
    def contact_first(self) -> bool:
        return "first" in self.best.contact

    @property
    def compliance_risks(self) -> dict[str, str]:
        """procedure id -> why, for procedures whose every handling is a risk or a violation."""
        out: dict[str, str] = {}
        for p in self.procedures:
            hs = [h for h in self.handlings if h.procedure == p]
            if hs and all(h.grade in ("compliance_risk", "violation") for h in hs):
                out[p] = hs[0].why
        return out

    def handling(self, handling_id: str) -> Handling | None:
        return _find(self.handlings, handling_id)


class BuyerRequestReason(Sourced):
    """The Reason for cancellation Seller Central asks for once the buyer filed an official request."""

    reason: Ident


def _buyer_request_default() -> BuyerRequestReason:
    return BuyerRequestReason(
        reason="BuyerCanceled",
        source="Seller Central help G201722390: an official request is cancelled with Buyer Cancelled",
    )


class Step(Strict):
    id: Ident
    action: Ident
    label: str
    required: bool = True
    reason: Ident | Literal["situation"] | None = None
    why: str = ""


class Procedure(Sourced):
    id: Ident
    label: str
    steps: list[Step] = Field(min_length=1)


class FeedbackOutcome(Strict):
    id: Ident
    label: str
    probability: Rate
    assumption: bool
    source: str = ""


class ResponseEffect(Sourced):
    within_hours: PositiveInt
    reduction: Rate
    assumption: bool = False


class Feedback(Strict):
    outcomes: list[FeedbackOutcome] = Field(min_length=1)
    quick_response: ResponseEffect


class ListingSuppression(Sourced):
    consecutive_cancellations: PositiveInt
    within_days: PositiveInt
    confirmed: bool


class Rulebook(Strict):
    """One marketplace's cancellation rules."""

    file_error: ClassVar[type[FileError]] = RulebookFileError

    id: Ident
    name: str
    marketplace: str = Field(min_length=2, max_length=3)
    currency: str = Field(min_length=3, max_length=3)
    description: str = ""
    storefront: Storefront | None = Field(
        None, description="Sales channel, buyers' Faker locale and money format; empty: plain defaults."
    )
    calibration: Calibration | None = None
    desk_mix: list[DeskMix] = Field(
        default_factory=list, description="The everyday orders around an exercise on the desk, by weight."
    )
    metrics: Metrics
    cancellation_fee: CancellationFee | None = None
    actions: list[Action] = Field(min_length=1)
    statuses: list[Status] = Field(min_length=1)
    reasons: list[Reason] = Field(min_length=1)
    buyer_request_reason: BuyerRequestReason = Field(
        default_factory=_buyer_request_default,
        description="The reason to cancel with after an official request; default Buyer Cancelled.",
    )
    stand_in_reason: Ident | None = Field(
        "GeneralAdjustment",
        description=(
            "The reason a cancellation whose reason is unknown (an order report has none) is judged "
            "with; when the rulebook has no such reason, the first one that a buyer's request excludes."
        ),
    )
    situations: list[Situation] = Field(min_length=1)
    procedures: list[Procedure] = Field(min_length=1)
    auto_cancel: AutoCancel
    direct_cancel: DirectCancel | None = Field(
        None, description="The buyer's direct cancel window, from placing the order (any status)."
    )
    feedback: Feedback
    listing_suppression: ListingSuppression | None = None

    # -- lookups -----------------------------------------------------------
    def action(self, action_id: str) -> Action | None:
        return next((a for a in self.actions if a.id == action_id), None)

    def status(self, status_id: str) -> Status | None:
        return _find(self.statuses, status_id)

    def reason(self, reason_id: str) -> Reason | None:
        return _find(self.reasons, reason_id)

    def situation(self, situation_id: str) -> Situation | None:
        return _find(self.situations, situation_id)

    def procedure(self, procedure_id: str) -> Procedure | None:
        return _find(self.procedures, procedure_id)

    def outcome(self, outcome_id: str) -> FeedbackOutcome | None:
        return _find(self.feedback.outcomes, outcome_id)

    def _cancels(self, procedure_id: str) -> bool:
        """Does the procedure have a step whose page carries a Seller memo?"""
        proc = self.procedure(procedure_id)
        return proc is not None and any(st.action in MEMO_ACTIONS for st in proc.steps)

    # -- references --------------------------------------------------------
    def cross_check(self) -> list[CheckIssue]:
        """Duplicate ids and dangling references, with the key path of each."""
        return reference_issues(self)


def _find(items, item_id):
    return next((x for x in items if x.id == item_id), None)
