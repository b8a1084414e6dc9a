"""Turn a policy into lookup tables by asking the rules engine once per class.

Every order that runs into a situation ends in one of two branches: the buyer
filed an official request in time (only when the policy asks the buyer), or
not.  For each (situation, branch) the engine decides whether the cancel is
allowed, whether it counts, and the feedback risk; the simulator then applies
these tables to whole arrays of orders with numpy and never re-decides a rule.
What each policy action does is defined once, in :mod:`simulator.policy_actions`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from formats.policy import Policy
from formats.rulebook import Rulebook
from formats.scenario import Scenario
from rules import engine, vocabulary
from simulator.engine.outcome import Outcome, SituationPlan, feedback, outcome
from simulator.policy_actions import situation_plan

__all__ = [
    "BackgroundOutcomes",
    "Outcome",
    "Plan",
    "SituationPlan",
    "background",
    "build_plan",
    "listed_situations",
]


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
    fee: np.ndarray  # the referral-fee multiple a counted seller cancel costs (0: none)
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
class BackgroundOutcomes:
    """Engine decisions for orders outside any situation (policy-independent)."""

    direct: Outcome
    unconfirmed: Outcome
    fulfilled: Outcome
    fulfilled_late: Outcome
    afn: Outcome
    direct_afn: Outcome
    direct_allowed: bool


def background(rb: Rulebook) -> BackgroundOutcomes:
    direct_ok = engine.buyer_can_direct_cancel(rb, 0).ok and engine.action_allowed(
        rb, vocabulary.unpaid_status(rb), "direct_cancel", "buyer"
    )
    if direct_ok:
        kind, label, code = "direct_cancel", "Buyer cancelled it directly while Pending", None
    else:
        kind, code = "buyer_request", engine.request_reason(rb)
        r = rb.reason(code)
        label = f"Buyer filed a cancellation request; seller cancelled with {r.label if r else code}"
    direct = outcome(rb, kind, label, reason_code=code)
    direct_afn = outcome(rb, kind, label, reason_code=code, seller_fulfilled=False)
    unconfirmed = outcome(rb, "auto_cancel", "Never ship-confirmed; Amazon cancelled it")
    fulfilled = outcome(rb, "fulfilled", "Shipped on time", ships=True)
    late = outcome(rb, "fulfilled", "Shipped late", fb="fulfilled_late", ships=True)
    afn = outcome(rb, "fulfilled", "Fulfilled by Amazon", ships=True)
    return BackgroundOutcomes(direct, unconfirmed, fulfilled, late, afn, direct_afn, bool(direct_ok))


def listed_situations(rb: Rulebook, scenario: Scenario) -> list[str]:
    """The situations a result's ``handling`` block lists, in rulebook order.

    Every simulated situation the seller meets on an Unshipped order is listed (policies
    handle them whether or not the scenario rates them); one met in another status (a partly
    shipped order) is listed only when the scenario gives it a rate, so a result says nothing
    about orders the scenario never has.
    """
    rated = {s.situation for s in scenario.situations}
    acting = vocabulary.awaiting_status(rb)
    return [s.id for s in rb.situations if s.simulated and (s.status == acting or s.id in rated)]


def build_plan(rb: Rulebook, policy: Policy, scenario: Scenario) -> Plan:
    """Ask the engine once per (situation, branch) and store the answers as arrays."""
    deadline = float(scenario.shipping.handling_days * 24 + engine.auto_cancel_hours(rb))
    sids = [s.id for s in rb.situations if s.simulated]
    items = [situation_plan(rb, sid, policy.handling.get(sid), deadline) for sid in sids]
    _, p_late, p_late_q, _ = feedback(rb, engine.feedback_outcome(rb, "fulfilled_late"))
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
        fee=col(lambda o: round(o.fee_multiple * 100)),  # percent of the referral fee
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
