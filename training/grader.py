"""Grade a trainee's steps against the rulebook's procedure for the exercise.

The expected steps are the rulebook's (``rb.procedure(id).steps``), or the
exercise's own steps where the rulebook has no procedure (refunding a shipped
order).  Full marks minus deductions; every deduction names the rule it breaks
and says why, in words taken from the rules engine.  The grader works on plain
step dicts, so a stored attempt can be graded again.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace

from formats.exercise import Exercise
from formats.rulebook import Rulebook
from rules import counts_toward_rate, feedback_outcome, feedback_risk, procedure_check, request_reason
from simulator.policy_actions import ACTIONS, Evidence, action_for_procedure, followed_action
from training.wording import rule_name

TERMINAL = ("cancel", "refund", "confirm_shipment")
# Handlings a trainee can finish with that are no policy action (refunding a shipped order).
OTHER_HANDLINGS = {"refund": Evidence("refund", rank=30)}
TRAP_WORDS = {
    "cancel_pending": "Tried to cancel a Pending order",
    "cancel_shipped": "Tried to cancel a Shipped order instead of refunding it",
    "buyer_cancelled_without_request": "Chose Buyer Cancelled without an official request",
    "cancel_without_contact": "Cancelled without contacting the buyer",
    "compliance_risk": "Used a procedure that is a compliance risk here",
}


@dataclass(frozen=True)
class Expected:
    id: str
    action: str
    label: str
    required: bool
    reason: str | None
    why: str
    rule: str
    purpose: str | None = None  # a message step that must ask for the official request


@dataclass(frozen=True)
class Deduction:
    points: float
    rule: str
    what: str
    why: str
    trap: str | None = None
    rule_label: str = ""  # the rule in words; ``rule`` keeps the id


@dataclass
class Grade:
    exercise_id: str
    title: str
    procedure: str
    followed: str
    max_points: float
    score: float
    passed: bool
    pass_score: float
    went_right: list[str] = field(default_factory=list)
    deductions: list[Deduction] = field(default_factory=list)
    traps_hit: list[str] = field(default_factory=list)
    procedure_label: str = ""
    followed_label: str = ""

    @property
    def do_differently(self) -> list[str]:
        return [f"{d.what}: {d.why} ({d.rule_label or d.rule})" for d in self.deductions]

    def to_dict(self) -> dict:
        d = asdict(self)
        d["do_differently"] = self.do_differently
        return d


def expected_steps(rb: Rulebook, ex: Exercise) -> tuple[str, list[Expected]]:
    c = ex.correct
    situation = rb.situation(ex.order.situation) if ex.order.situation else None
    if c.procedure:
        proc = rb.procedure(c.procedure)
        if proc is None:
            raise KeyError(f"exercise {ex.id}: unknown procedure {c.procedure!r}")
        out = []
        for s in proc.steps:
            reason = s.reason
            if reason == "situation":
                reason = c.reason or (situation.seller_reason if situation else None)
            required = s.required or (s.action == "message_buyer" and c.contact_first)
            rule = f"procedures.{proc.id}.steps.{s.id}"
            act = action_for_procedure(proc.id)
            ev = act.evidence if act is not None else None
            purpose = ev.purpose if ev is not None and ev.step == s.action else None
            out.append(Expected(s.id, s.action, s.label, required, reason, s.why, rule, purpose))
        return proc.id, out
    steps = [
        Expected(
            s.id, s.action, s.label, s.required, s.reason, s.why, f"exercises.{ex.id}.correct.steps.{s.id}"
        )
        for s in c.steps
    ]
    return "exercise_steps", steps


def followed_procedure(steps: list[dict]) -> str:
    """Which procedure the trainee's steps amount to (each policy action says what shows it)."""
    ok = [s for s in steps if s["ok"]]
    return followed_action(ok, OTHER_HANDLINGS) or "none"


def grade(rb: Rulebook, ex: Exercise, steps: list[dict], order_id: str) -> Grade:
    """Grade the steps taken on ``order_id`` (the exercise's order)."""
    mine = [s for s in steps if s["order_id"] == order_id]
    proc_id, expected = expected_steps(rb, ex)
    situation = ex.order.situation
    followed = followed_procedure(mine)
    honest = _honest_reason(rb, ex)
    deductions: list[Deduction] = []
    went_right: list[str] = []
    max_points = 0.0

    end = next((i for i, s in enumerate(mine) if s["ok"] and s["action"] in TERMINAL), len(mine))
    pointer = 0
    for e in expected:
        value = 1.0 if e.required else 0.0
        value += 1.0 if (e.reason and e.action == "cancel") else 0.0
        max_points += value
        limit = len(mine) if e.action in TERMINAL else end
        hit = _find(mine, e, pointer, limit)
        if hit is None:
            if value:
                deductions.append(_missed(rb, e, mine, value))
            continue
        pointer = hit + 1
        step = mine[hit]
        wrong = _wrong_reason(rb, e, step, honest) if e.action == "cancel" and e.reason else None
        if wrong is not None:
            deductions.append(wrong)
            went_right.append("Cancelled the order from Manage Orders.")
        else:
            went_right.append(_praise(rb, e, step))

    for s in mine:
        if not s["ok"]:
            trap = _refused_trap(s)
            what = TRAP_WORDS.get(trap) or _tried(rb, s)
            deductions.append(Deduction(1.0, s["rule"], what, s["detail"], trap))

    act = ACTIONS.get(followed)
    if act is not None and act.procedure and situation:
        pc = procedure_check(rb, situation, act.procedure)
        if not pc.ok:
            what = "Used a procedure this situation does not allow"
            deductions.append(Deduction(1.0, pc.rule, what, pc.reason))
        elif pc.details.get("compliance_risk") and act.evidence and act.evidence.risk_fails:
            trap = "compliance_risk"
            deductions.append(Deduction(1.0, pc.rule, TRAP_WORDS[trap], pc.reason, trap))

    deductions = [replace(d, rule_label=rule_name(rb, d.rule, [ex])) for d in deductions]
    lost = sum(d.points for d in deductions)
    score = 0.0 if max_points == 0 else max(0.0, (max_points - lost) / max_points)
    score = round(score, 4)
    cancel = next((s for s in mine if s["ok"] and s["action"] == "cancel"), None)
    if cancel is not None and cancel.get("counted") is False:
        went_right.append("The cancellation did not count toward the Cancellation Rate.")
    traps_hit = sorted({d.trap for d in deductions if d.trap})
    return Grade(
        ex.id,
        ex.title,
        proc_id,
        followed,
        max_points,
        score,
        score >= ex.pass_score and not traps_hit,  # a trap fails the exercise whatever the points
        ex.pass_score,
        went_right,
        deductions,
        traps_hit,
        _procedure_label(rb, proc_id, ex),
        _procedure_label(rb, followed, ex),
    )


_OTHER_HANDLING = {
    "refund": "Refund the shipped order",
    "none": "Nothing finished yet",
}


def _procedure_label(rb: Rulebook, proc_id: str, ex: Exercise) -> str:
    """Words a newcomer reads instead of an id."""
    if proc_id == "exercise_steps":
        return "; ".join(s.label for s in ex.correct.steps)
    proc = rb.procedure(proc_id)
    return proc.label if proc else _OTHER_HANDLING.get(proc_id, proc_id)


def _find(mine: list[dict], e: Expected, start: int, limit: int) -> int | None:
    for i in range(start, min(limit, len(mine))):
        s = mine[i]
        if not s["ok"] or s["action"] != e.action:
            continue
        if e.purpose and s.get("purpose") != e.purpose:
            continue  # ask_buyer: the message must ask for the official request
        if e.action == "wait_for_request" and not _request_before_cancel(mine, i):
            continue
        return i
    return None


def _request_before_cancel(mine: list[dict], wait_index: int) -> bool:
    """The wait counts only if the official request had arrived when the order was cancelled."""
    for s in mine[wait_index:]:
        if s["ok"] and s["action"] == "cancel":
            return bool(s.get("buyer_requested"))
    return bool(mine[wait_index].get("buyer_requested"))


def _missed(rb: Rulebook, e: Expected, mine: list[dict], value: float) -> Deduction:
    at = next((i for i, s in enumerate(mine) if s["ok"] and s["action"] == "cancel"), None)
    cancel = None if at is None else mine[at]
    contacted = at is not None and any(s["ok"] and s["action"] == "message_buyer" for s in mine[:at])
    if e.action == "message_buyer" and cancel is not None and not contacted:
        fb = feedback_risk(rb, feedback_outcome(rb, "seller_cancel", contacted=False))
        why = f"Contact the buyer before you cancel: a silent cancel invites negative feedback. {fb.reason}"
        return Deduction(value, e.rule, TRAP_WORDS["cancel_without_contact"], why, "cancel_without_contact")
    if e.action == "wait_for_request" and cancel is not None and not cancel.get("buyer_requested"):
        # The reason chosen is judged on its own (Buyer Cancelled here is the trap); this is the skipped wait.
        what = "Cancelled before the buyer's official request arrived"
        said = cancel["detail"]
        if cancel.get("reason") == request_reason(rb):  # the reason's own deduction explains the rest
            said = "So the cancellation counted toward the rate."
        return Deduction(value, e.rule, what, f"{e.why} {said}".strip())
    return Deduction(value, e.rule, f"Missing step: {e.label}", e.why or "The procedure needs this step.")


def _honest_reason(rb: Rulebook, ex: Exercise) -> str | None:
    """The reason that says what happened, for a cancel with no official request."""
    if ex.correct.reason and ex.correct.reason != request_reason(rb):
        return ex.correct.reason
    si = rb.situation(ex.order.situation) if ex.order.situation else None
    return si.seller_reason if si else None


def _wrong_reason(rb: Rulebook, e: Expected, step: dict, honest: str | None) -> Deduction | None:
    """Judge the Reason for cancellation by what was true when the trainee submitted it.

    With the buyer's official request the reason is Buyer Cancelled (the banner's advice); without
    it, Buyer Cancelled is the trap (it still counts) and the honest reason is the situation's.
    """
    got = step.get("reason")
    requested = bool(step.get("buyer_requested"))
    c = counts_toward_rate(rb, got, buyer_requested=requested)
    after_request = request_reason(rb)
    if got == after_request and not requested:
        trap = "buyer_cancelled_without_request"
        why = f"{c.reason} {_honest_hint(rb, honest)}".strip()
        return Deduction(1.0, c.rule, TRAP_WORDS[trap], why, trap)
    want = after_request if requested else (honest if e.reason == after_request else e.reason)
    if want is None or got == want:
        return None
    want_r, got_r = rb.reason(want), rb.reason(got or "")
    got_label = got_r.label if got_r else str(got)
    if requested:
        why = (
            f"The buyer had filed an official cancellation request (the banner was showing): Seller "
            f"Central asks for {want_r.label} as the Reason for cancellation. {c.reason}"
        )
    else:
        why = f"{e.why} The reason that matches what happened is {want_r.label}. {c.reason}".strip()
    return Deduction(
        1.0, f"{e.rule}.reason", f"Reason for cancellation {got_label} instead of {want_r.label}", why
    )


def _honest_hint(rb: Rulebook, honest: str | None) -> str:
    r = rb.reason(honest) if honest and honest != request_reason(rb) else None
    if r is None:
        return "Ask the buyer to file the official request first (Your Orders > Request cancellation)."
    return f"Without an official request, cancel with the reason that matches what happened: {r.label}."


def _tried(rb: Rulebook, step: dict) -> str:
    act = rb.action(step["action"])
    st = rb.status(step.get("status") or "")
    status = st.label if st else str(step.get("status"))
    article = "an" if status[:1] in "AEIOU" else "a"
    return f"Tried {act.label if act else step['action']} on {article} {status} order"


def _refused_trap(step: dict) -> str | None:
    if step["action"] == "cancel" and step.get("status") in ("Pending", "PendingAvailability"):
        return "cancel_pending"
    if step["action"] == "cancel" and step.get("status") == "Shipped":
        return "cancel_shipped"
    return None


def _praise(rb: Rulebook, e: Expected, step: dict) -> str:
    if e.action == "cancel" and e.reason:
        r = rb.reason(step.get("reason") or "") or rb.reason(e.reason)
        if step.get("buyer_requested"):
            return f"Cancelled with {r.label} after the buyer's official request, as the banner asks."
        return f"Cancelled with the reason that matches what happened ({r.label})."
    return f"{e.label}: done."
