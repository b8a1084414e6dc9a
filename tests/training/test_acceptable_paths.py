"""Every path an exercise's answer key lists, through `python -m training grade` (issue 10).

The (exercise, handling) pairs come from the rulebook's answer key (``training.answer_key``):
every handling graded best, acceptable or a compliance risk, but the one the exercise's
best-path file follows (``scenarios/steps/<exercise>.yaml``) and those the exercise's buyer
makes impossible (``out_of_reach``).  A listed handling without its file
``scenarios/steps/acceptable/<exercise>__<handling>.yaml`` fails the suite.
"""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from formats.errors import RulebookError
from formats.steps import StepsFile
from rules import GRADE_WORDS
from tests.doc_examples import ROOT
from training.answer_key import exercise_key, expected, out_of_reach
from training.cli.main import main
from training.cli.steps import load_steps
from training.exercises import load_desk_scenario
from training.grader import GRADE_PENALTY, MAX_POINTS

STEPS = ROOT / "scenarios" / "steps"
ACCEPTABLE = STEPS / "acceptable"
LISTED = ("best", "acceptable", "compliance_risk")
_SC, RB, EXERCISES = load_desk_scenario()
BY_ID = {e.id: e for e in EXERCISES}


def _key():
    """(exercise, handling, why it is out of reach or None) for every listed handling but the card's."""
    for ex in EXERCISES:
        taught = expected(RB, ex).id
        for h in exercise_key(RB, ex):
            if h.grade in LISTED and h.id != taught:
                yield ex, h, out_of_reach(ex, h)


PAIRS = [(ex.id, h.id) for ex, h, why in _key() if why is None]
OUT_OF_REACH = {(ex.id, h.id): why for ex, h, why in _key() if why is not None}


def _path(exercise: str, handling: str):
    return ACCEPTABLE / f"{exercise}__{handling}.yaml"


def _run(pair: tuple[str, str]) -> subprocess.CompletedProcess:
    argv = [sys.executable, "-m", "training", "grade", pair[0], "--steps", str(_path(*pair))]
    return subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def runs() -> dict[tuple[str, str], subprocess.CompletedProcess]:
    present = [p for p in PAIRS if _path(*p).exists()]
    with ThreadPoolExecutor(max_workers=3) as pool:
        return dict(zip(present, pool.map(_run, present), strict=True))


def test_every_listed_handling_has_its_steps_file_and_nothing_else_is_there():
    missing = [f"{e}__{h}.yaml" for e, h in PAIRS if not _path(e, h).exists()]
    assert not missing, f"handlings the answer key lists without a steps file in {ACCEPTABLE}: {missing}"
    assert sorted(p.stem for p in ACCEPTABLE.glob("*.yaml")) == sorted(f"{e}__{h}" for e, h in PAIRS)
    assert len(PAIRS) >= 25 and {e for e, _ in PAIRS} >= set(BY_ID) - {
        "pending_buyer_writes",  # one handling only, the best path
        "buyer_writes_never_files",  # its buyer never files: only the card's path is open
    }


def test_out_of_reach_handlings_are_the_ones_the_exercise_buyer_rules_out():
    assert set(OUT_OF_REACH) == {
        ("engraving_no_request", "buyer_files_request"),
        ("engraving_no_request", "ask_buyer_request"),
        ("buyer_writes_never_files", "reply_with_instructions"),
        ("buyer_writes_never_files", "official_request"),
        ("official_request_arrived", "cancel_on_message"),
    }
    assert all(
        "buyer_files_request: false" in w or "official_request: true" in w for w in OUT_OF_REACH.values()
    )


@pytest.mark.parametrize("pair", PAIRS, ids=[f"{e}__{h}" for e, h in PAIRS])
def test_each_listed_path_grades_as_the_rulebook_says(runs, pair):
    ex = BY_ID[pair[0]]
    h = next(k for k in exercise_key(RB, ex) if k.id == pair[1])
    proc = runs[pair]
    assert proc.stderr == "", proc.stderr
    score = (MAX_POINTS - GRADE_PENALTY[h.grade]) / MAX_POINTS
    trap = h.grade == "compliance_risk" and "compliance_risk" in ex.traps  # the exercise narrows the key
    passed = score >= ex.pass_score and not trap
    verdict = next(x for x in proc.stdout.splitlines() if x.startswith(("PASSED", "FAILED")))
    assert verdict.startswith(f"{'PASSED' if passed else 'FAILED'}: score {score:.0%}"), proc.stdout
    assert proc.returncode == (0 if passed else 1)
    assert f"- What you did: {h.label} (graded {GRADE_WORDS[h.grade]}) (`{h.id}`)" in proc.stdout
    if h.grade != "best":  # the grade is named with its rule, as a deduction
        assert f"Your handling is {GRADE_WORDS[h.grade]}: {h.label}" in proc.stdout
        assert f"situations.{ex.order.situation}.handlings.{h.id}`; source: {h.source}" in proc.stdout
    if trap:
        assert "trap hit: Used a handling that is a compliance risk here" in verdict


@pytest.mark.parametrize("exercise", sorted(BY_ID))
def test_the_best_path_file_follows_the_handling_the_card_teaches(capsys, exercise):
    """So the pairs above leave out exactly the one handling the best-path file covers."""
    import json  # deferred: only this test reads the JSON output

    code = main(["grade", exercise, "--steps", str(STEPS / f"{exercise}.yaml"), "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["followed"] == expected(RB, BY_ID[exercise]).id


def test_a_buyer_who_never_files_refuses_the_what_if_step(tmp_path, capsys):
    path = tmp_path / "steps.yaml"
    path.write_text(
        "steps:\n  - action: open_order\n  - action: buyer_files_request\n"
        "  - action: cancel\n    reason: BuyerCanceled\n"
    )
    assert main(["grade", "engraving_no_request", "--steps", str(path)]) == 1
    out = capsys.readouterr().out
    assert "2. Buyer files request: REFUSED. This exercise's buyer never files an official request" in out
    assert "Buyer Cancelled without an official request" in out


def test_an_adjustment_takes_the_adjustment_reasons_a_cancel_does_not(tmp_path):
    dialog = [r.id for r in RB.reasons if r.in_dialog]
    every = [r.id for r in RB.reasons]
    adjust = tmp_path / "adjust.yaml"
    adjust.write_text("steps:\n  - action: adjust\n    reason: CustomerCancel\n")
    assert isinstance(load_steps(adjust, dialog, None, every), StepsFile)
    cancel = tmp_path / "cancel.yaml"
    cancel.write_text("steps:\n  - action: cancel\n    reason: CustomerCancel\n")
    with pytest.raises(RulebookError, match=r"3:13: steps\[0\]\.reason: unknown reason 'CustomerCancel'"):
        load_steps(cancel, dialog, None, every)
