"""One compliance judgement (simulator/runs/compliance.py): the lab's verdict is the desk's grade.

Every combination the lab offers (situation, action, reason, contact) is played as a trainee
would play it on the desk, through the desk's own grader (training.answer_key), and the
grade the desk gives must be the lab's verdict for that situation.
"""

from __future__ import annotations

import itertools

import pytest

from formats.loader import available_rulebooks, load_rulebook
from formats.policy import Policy
from rules import answer_key, request_reason
from rules.handlings import UNLISTED, grade_rank
from simulator.policy_actions import ACTIONS, EditorValues, field_choices, spec_of
from simulator.runs.compliance import COMPLIANT, compliance_block, path_matches
from training.answer_key import attempt_of, match

# The desk step that finishes each action's order (the action's own evidence is how the grader
# recognises it; asking the buyer finishes with the cancel once the request is there).
LEVEL = {"best": COMPLIANT, "acceptable": COMPLIANT}


def _steps(finish: str, reason: str | None, *, before: list[str], after: list[str], requested: bool):
    steps = [{"action": "open_order", "ok": True}]
    steps += [{"action": "message_buyer", "ok": True, "purpose": p} for p in before]
    steps.append({"action": finish, "ok": True, "reason": reason, "buyer_requested": requested})
    steps += [{"action": "message_buyer", "ok": True, "purpose": p} for p in after]
    return steps


def _desk_grade(rb, situation: str, steps: list[dict]) -> str:
    m = match(answer_key(rb, situation), attempt_of(steps))
    return m.grade


def _finish_and_reason(rb, situation: str, spec: dict) -> tuple[str, str | None]:
    act = ACTIONS[spec["action"]]
    return act.evidence.step, spec.get("reason") or rb.situation(situation).seller_reason


def desk_verdict(rb, situation: str, spec: dict) -> str:
    """The worst grade over what can happen, each played on the desk the best way the spec allows."""
    grades = []
    if spec["action"] == "ask_buyer":
        filed = _steps(
            "cancel", request_reason(rb), before=["request_cancellation"], after=[], requested=True
        )
        grades.append(_desk_grade(rb, situation, filed))
        fb = spec["fallback"]
        finish, reason = _finish_and_reason(rb, situation, fb)
        alone = _steps(finish, reason, before=["request_cancellation"], after=[], requested=False)
        grades.append(_desk_grade(rb, situation, alone))
    else:
        finish, reason = _finish_and_reason(rb, situation, spec)
        if spec.get("contact_first", False):
            plays = [
                _steps(finish, reason, before=["inform"], after=[], requested=False),
                _steps(finish, reason, before=[], after=["inform"], requested=False),
            ]
        else:
            plays = [_steps(finish, reason, before=[], after=[], requested=False)]
        if "contact_first" not in ACTIONS[spec["action"]].fields:  # no contact field: any contact
            plays = [
                _steps(finish, reason, before=b, after=a, requested=False)
                for b, a in (([], []), (["inform"], []), ([], ["inform"]))
            ]
        grades.append(min((_desk_grade(rb, situation, s) for s in plays), key=grade_rank))
    worst = max(grades, key=grade_rank)
    return LEVEL.get(worst, worst)


def lab_combinations(rb):
    """Every (situation, policy spec) the lab's editor can produce, fallbacks included."""
    reasons = list(field_choices("reason", rb, rb.situations[0]))
    fallbacks = list(field_choices("fallback", rb, rb.situations[0]))
    for si in rb.situations:
        if not si.simulated:
            continue
        for action in field_choices("action", rb, si):
            act = ACTIONS[action]
            if act.evidence is None and action != "ask_buyer":  # the desk cannot show it
                continue
            for reason, contact, fallback in itertools.product(reasons, (True, False), fallbacks):
                values = EditorValues(action, reason, contact, 24.0, fallback)
                spec = spec_of(values)
                if action == "ask_buyer" and ACTIONS[spec["fallback"]["action"]].evidence is None:
                    continue
                yield si.id, spec


def _unique(rb):
    seen = {}
    for sid, spec in lab_combinations(rb):
        seen.setdefault(repr((sid, spec)), (sid, spec))
    return list(seen.values())


@pytest.mark.parametrize("name", available_rulebooks())
def test_the_labs_verdict_is_the_grade_the_desk_gives(name):
    rb = load_rulebook(name)
    combos = _unique(rb)
    assert len(combos) > 50
    for sid, spec in combos:
        policy = Policy.model_validate({"name": "probe", "handling": {sid: spec}})
        block = compliance_block(rb, policy)
        lab = max([COMPLIANT, *(f.level for f in block.flags if f.situation == sid)], key=_severity)
        assert lab == desk_verdict(rb, sid, spec), (name, sid, spec)


def _severity(level: str) -> int:
    return [COMPLIANT, "compliance_risk", UNLISTED, "violation"].index(level)


def test_buyer_cancelled_on_a_stock_out_without_a_request_is_a_violation():
    rb = load_rulebook("amazon_us")
    spec = {"action": "seller_cancel", "reason": "BuyerCanceled", "contact_first": False}
    policy = Policy.model_validate({"name": "probe", "handling": {"out_of_stock": spec}})
    block = compliance_block(rb, policy)
    assert block.status == "violation"
    (flag,) = block.flags
    assert flag.rule == "situations.out_of_stock.handlings.buyer_cancelled_no_request"
    ((_, m),) = path_matches(rb, "out_of_stock", policy.handling["out_of_stock"])
    assert m.handling.id == "buyer_cancelled_no_request"


def test_a_reason_no_handling_lists_is_not_in_the_rulebook():
    rb = load_rulebook("amazon_us")
    spec = {"action": "seller_cancel", "reason": "CarrierCoverageFailure", "contact_first": True}
    policy = Policy.model_validate({"name": "probe", "handling": {"out_of_stock": spec}})
    block = compliance_block(rb, policy)
    assert block.status == UNLISTED
    assert block.label == "Not in the rulebook"
    assert "nearest" in block.flags[0].why
