"""Turn a policy into lookup tables by asking the rules engine once per class.

Every order that runs into a situation ends in one of two branches: the buyer
filed an official request in time (only when the policy asks the buyer), or
not.  For each (situation, branch) the engine decides whether the cancel is
allowed, whether it counts, and the feedback risk; the simulator then applies
these tables to whole arrays of orders with numpy and never re-decides a rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from formats.policy import AskBuyer, ByTheBook, FulfilAnyway, LeaveUnshipped, Policy, SellerCancel
from formats.rulebook import Rulebook
from formats.scenario import Scenario
from rules import engine

UNSHIPPED = "Unshipped"


@dataclass(frozen=True)
class Outcome:
    """What happens to one class of orders, with the engine's reasons."""

    kind: str  # seller_cancel | buyer_request | auto_cancel | fulfilled | direct_cancel
    label: str
    counted: bool
    reason: str  # the engine's explanation of why it counts (or not)
    rule: str
    feedback_outcome: str
    p_feedback: float
    p_feedback_quick: float
    feedback_reason: str
    conversation: bool = False
    ships: bool = False
    reason_code: str | None = None
    fee: bool = False

    @property
    def cancelled(self) -> bool:
        return self.kind != "fulfilled"

    @property
    def buyer_requested(self) -> bool:
        return self.kind == "buyer_request"

    @property
    def auto(self) -> bool:
        return self.kind == "auto_cancel"


@dataclass
class SituationPlan:
    situation: str
    procedure: str
    ask: bool  # branch A (an official request) is possible
    wait_hours: float
    filed: Outcome | None
    otherwise: Outcome
    notes: list[str] = field(default_factory=list)
    compliance_risk: bool = False

    def to_dict(self) -> dict:
        return {
            "procedure": self.procedure,
            "wait_hours": self.wait_hours if self.ask else None,
            "if_request_filed": self.filed.label if self.filed else None,
            "otherwise": self.otherwise.label,
            "counted_otherwise": self.otherwise.counted,
            "compliance_risk": self.compliance_risk,
            "notes": list(self.notes),
        }


@dataclass
class Plan:
    """Per-situation tables (index = position of the situation in the rulebook)."""

    situations: list[str]
    items: list[SituationPlan]
    deadline_hours: float
    # arrays of length 2 * S: index s * 2 + filed
    counted: np.ndarray
    cancelled: np.ndarray
    buyer_requested: np.ndarray
    auto: np.ndarray
    fee: np.ndarray
    ships: np.ndarray
    conversation: np.ndarray
    p_fb: np.ndarray
    p_fb_quick: np.ndarray
    p_late: np.ndarray
    p_late_quick: np.ndarray
    ask: np.ndarray  # length S
    limit_hours: np.ndarray  # length S: a request must arrive by then

    def outcome(self, s: int, filed: bool) -> Outcome:
        item = self.items[s]
        return item.filed if filed and item.filed is not None else item.otherwise


@dataclass(frozen=True)
class Background:
    """Engine decisions for orders outside any situation (policy-independent)."""

    direct: Outcome
    unconfirmed: Outcome
    fulfilled: Outcome
    fulfilled_late: Outcome
    afn: Outcome
    direct_afn: Outcome
    direct_allowed: bool


def _fb(rb: Rulebook, outcome_id: str) -> tuple[str, float, float, str]:
    if rb.outcome(outcome_id) is None:  # rulebooks may omit a fine-grained outcome
        outcome_id = "fulfilled"
    d = engine.feedback_risk(rb, outcome_id)
    q = engine.feedback_risk(rb, outcome_id, quick_response=True)
    return outcome_id, float(d.value), float(q.value), d.reason


def _outcome(rb: Rulebook, kind: str, label: str, fb: str, **kw) -> Outcome:
    reason_code = kw.pop("reason_code", None)
    seller_fulfilled = kw.pop("seller_fulfilled", True)
    if kind == "fulfilled":
        counted, rule = False, "statuses.Shipped"
        why = "Shipped: there is no cancellation, so nothing counts toward the Cancellation Rate."
    else:
        d = engine.counts_toward_rate(
            rb,
            reason_code,
            buyer_requested=kind == "buyer_request",
            seller_fulfilled=seller_fulfilled,
            auto_cancelled=kind == "auto_cancel",
            buyer_direct_cancel=kind == "direct_cancel",
        )
        counted, why, rule = d.ok, d.reason, d.rule
    fb_id, p, pq, fb_why = _fb(rb, fb)
    fee = bool(rb.cancellation_fee) and counted and kind == "seller_cancel"
    return Outcome(
        kind, label, counted, why, rule, fb_id, p, pq, fb_why, reason_code=reason_code, fee=fee, **kw
    )


def background(rb: Rulebook) -> Background:
    direct_ok = engine.buyer_can_direct_cancel(rb, 0).ok and engine.action_allowed(
        rb, "Pending", "direct_cancel", "buyer"
    )
    if direct_ok:
        kind, label, code = "direct_cancel", "Buyer cancelled it directly while Pending", None
    else:
        kind, code = "buyer_request", "BuyerCanceled"
        label = "Buyer filed a cancellation request; seller cancelled with Buyer Cancelled"
    direct = _outcome(rb, kind, label, "buyer_requested_cancel", reason_code=code)
    direct_afn = _outcome(rb, kind, label, "buyer_requested_cancel", reason_code=code, seller_fulfilled=False)
    unconfirmed = _outcome(rb, "auto_cancel", "Never ship-confirmed; Amazon cancelled it", "auto_cancel")
    fulfilled = _outcome(rb, "fulfilled", "Shipped on time", "fulfilled", ships=True)
    late = _outcome(rb, "fulfilled", "Shipped late", "fulfilled_late", ships=True)
    afn = _outcome(rb, "fulfilled", "Fulfilled by Amazon", "fulfilled", ships=True)
    return Background(direct, unconfirmed, fulfilled, late, afn, direct_afn, bool(direct_ok))


def _as_action(rb: Rulebook, situation: str, spec):
    """Resolve `recommended` (by the book) into a concrete action via the engine."""
    if not isinstance(spec, ByTheBook):
        return spec
    rec = engine.recommended_procedure(rb, situation)
    si = rb.situation(situation)
    if rec.procedure == "ask_buyer":
        fb = SellerCancel(action="seller_cancel", reason=si.seller_reason, contact_first=True)
        return AskBuyer(action="ask_buyer", wait_hours=spec.wait_hours, fallback=fb)
    if rec.procedure == "fulfil_anyway":
        return FulfilAnyway(action="fulfil_anyway")
    return SellerCancel(action="seller_cancel", reason=rec.reason, contact_first=rec.contact_first)


def _checked(rb: Rulebook, situation: str, spec, notes: list[str]):
    """Replace an action the rulebook does not allow for this situation by the book's."""
    if isinstance(spec, LeaveUnshipped):
        notes.append("No action: Amazon cancels the order automatically after its deadline.")
        return spec, False
    d = engine.procedure_check(rb, situation, spec.action)
    if not d.ok:
        notes.append(f"{d.reason} The rulebook's recommended procedure is used instead.")
        spec = _as_action(rb, situation, ByTheBook(action="recommended"))
        d = engine.procedure_check(rb, situation, spec.action)
    risk = bool(d.details.get("compliance_risk"))
    if risk:
        notes.append(d.reason)
    return spec, risk


def _terminal(rb: Rulebook, situation: str, spec, *, asked: bool) -> Outcome:
    """The outcome of a seller cancel / fulfil / leave-unshipped decision."""
    si = rb.situation(situation)
    wrote = situation == "buyer_changed_mind"  # the buyer started the conversation
    if isinstance(spec, LeaveUnshipped):
        return _outcome(rb, "auto_cancel", "Left unshipped; Amazon cancelled it automatically", "auto_cancel")
    if isinstance(spec, FulfilAnyway):
        fb = "fulfilled_request_unmet" if situation == "special_request" else "fulfilled"
        label = "Shipped without the special request" if situation == "special_request" else "Shipped anyway"
        return _outcome(rb, "fulfilled", label, fb, ships=True, conversation=asked or wrote)
    reason = spec.reason or si.seller_reason
    if not engine.action_allowed(rb, UNSHIPPED, "cancel"):
        return _outcome(rb, "auto_cancel", "Could not be cancelled; Amazon cancelled it", "auto_cancel")
    contact = asked or spec.contact_first or wrote
    label_reason = rb.reason(reason).label if rb.reason(reason) else reason
    label = f"Seller cancelled with {label_reason}" + (
        " after contacting the buyer" if contact else " without contacting the buyer"
    )
    fb = "seller_cancel_after_contact" if contact else "seller_cancel_no_contact"
    return _outcome(rb, "seller_cancel", label, fb, reason_code=reason, conversation=contact)


def situation_plan(rb: Rulebook, situation: str, spec, deadline_hours: float) -> SituationPlan:
    notes: list[str] = []
    spec = _as_action(rb, situation, spec)
    spec, risk = _checked(rb, situation, spec, notes)
    if not isinstance(spec, AskBuyer):
        only = _terminal(rb, situation, spec, asked=False)
        return SituationPlan(situation, spec.action, False, 0.0, None, only, notes, risk)
    can_request = engine.action_allowed(rb, UNSHIPPED, "request_cancellation", "buyer").ok
    filed = _outcome(
        rb,
        "buyer_request",
        "Buyer filed the official request; seller cancelled with Buyer Cancelled",
        "buyer_requested_cancel",
        reason_code="BuyerCanceled",
        conversation=True,
    )
    if spec.wait_hours >= deadline_hours:
        notes.append(
            f"Waiting {spec.wait_hours:g} h runs past the {deadline_hours:g} h auto-cancel deadline: "
            "orders without a request are cancelled by Amazon."
        )
        other = _terminal(rb, situation, LeaveUnshipped(action="auto_cancel"), asked=True)
    else:
        fallback, fb_risk = _checked(rb, situation, spec.fallback, notes)
        risk = risk or fb_risk
        other = _terminal(rb, situation, fallback, asked=True)
    filed_or_none = filed if can_request else None
    return SituationPlan(
        situation, "ask_buyer", can_request, spec.wait_hours, filed_or_none, other, notes, risk
    )


def build_plan(rb: Rulebook, policy: Policy, scenario: Scenario) -> Plan:
    """Ask the engine once per (situation, branch) and store the answers as arrays."""
    ac = rb.auto_cancel
    deadline = float((scenario.shipping.handling_days + ac.days_after_expected_ship_date) * 24)
    sids = [s.id for s in rb.situations]
    items = [
        situation_plan(rb, sid, policy.handling.get(sid) or ByTheBook(action="recommended"), deadline)
        for sid in sids
    ]
    _, p_late, p_late_q, _ = _fb(rb, "fulfilled_late")
    rows = []
    for it in items:
        for filed in (False, True):
            o = it.filed if filed and it.filed is not None else it.otherwise
            rows.append(o)

    def col(f, dtype=float):
        return np.array([f(o) for o in rows], dtype=dtype)

    return Plan(
        situations=sids,
        items=items,
        deadline_hours=deadline,
        counted=col(lambda o: o.counted, bool),
        cancelled=col(lambda o: o.cancelled, bool),
        buyer_requested=col(lambda o: o.buyer_requested, bool),
        auto=col(lambda o: o.auto, bool),
        fee=col(lambda o: o.fee, bool),
        ships=col(lambda o: o.ships, bool),
        conversation=col(lambda o: o.conversation, bool),
        p_fb=col(lambda o: o.p_feedback),
        p_fb_quick=col(lambda o: o.p_feedback_quick),
        p_late=np.where(col(lambda o: o.ships, bool), np.maximum(col(lambda o: o.p_feedback), p_late), 0.0),
        p_late_quick=np.where(
            col(lambda o: o.ships, bool), np.maximum(col(lambda o: o.p_feedback_quick), p_late_q), 0.0
        ),
        ask=np.array([it.filed is not None for it in items], dtype=bool),
        limit_hours=np.array([min(it.wait_hours, deadline) for it in items], dtype=float),
    )
