"""What happens to one class of orders: an :class:`Outcome`, with the engine's reasons.

:func:`outcome` asks the rules engine whether the cancel counts and what feedback risk
follows; :class:`SituationPlan` holds the one or two outcomes of a situation under a
policy (request filed in time, or not).  The policy actions (``simulator.policy_actions``)
build these; ``simulator.engine.plan`` turns them into arrays.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from formats.rulebook import Rulebook
from rules import engine, vocabulary


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
    fee_multiple: float = 0.0  # of the referral fee (India: 1.0 on or before the ship date, 1.5 after)
    adjustment: bool = False  # a partly shipped order's rest refunded with an Order Adjustment

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


def feedback(rb: Rulebook, outcome_id: str) -> tuple[str, float, float, str]:
    """(outcome id, risk, risk after a quick answer, why) from the engine."""
    d = engine.feedback_risk(rb, outcome_id)
    q = engine.feedback_risk(rb, outcome_id, quick_response=True)
    assert d.value is not None and q.value is not None, "feedback_risk always gives a chance"
    return outcome_id, float(d.value), float(q.value), d.reason


def outcome(
    rb: Rulebook,
    kind: str,
    label: str,
    *,
    situation: str | None = None,
    contacted: bool = False,
    reason_code: str | None = None,
    seller_fulfilled: bool = True,
    conversation: bool = False,
    ships: bool = False,
    fb: str | None = None,
    after_ship_date: bool = False,
    adjustment: bool = False,
) -> Outcome:
    """The outcome of ``kind`` (an :data:`rules.engine.HANDLED` handling), decided by the engine.

    ``fb`` names the handling whose feedback outcome applies when it is not ``kind`` itself
    (an order shipped late is ``fulfilled`` but risks the ``fulfilled_late`` feedback).
    ``adjustment``: the unshipped rest of a partly shipped order is refunded with an Order
    Adjustment; whether that counts is :func:`rules.engine.adjustment_counts`'s answer.
    """
    if kind == "fulfilled":
        counted, rule = False, f"statuses.{vocabulary.shipped_status(rb)}"
        why = "Shipped: there is no cancellation, so nothing counts toward the Cancellation Rate."
    elif adjustment:
        d = engine.adjustment_counts(rb, reason_code)
        counted, why, rule = d.ok, d.reason, d.rule
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
    fb_id = engine.feedback_outcome(rb, fb or kind, situation=situation, contacted=contacted)
    fb_id, p, pq, fb_why = feedback(rb, fb_id)
    fee = bool(rb.cancellation_fee) and counted and kind == "seller_cancel"
    multiple = engine.cancellation_fee_multiple(rb, after_ship_date=after_ship_date) if fee else 0.0
    return Outcome(
        kind,
        label,
        counted,
        why,
        rule,
        fb_id,
        p,
        pq,
        fb_why,
        conversation=conversation,
        ships=ships,
        reason_code=reason_code,
        fee=fee,
        fee_multiple=multiple,
        adjustment=adjustment,
    )
