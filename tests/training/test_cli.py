"""`python -m training`: list, show, grade; every example steps file run through the real command."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml

from tests.doc_examples import ROOT, assert_output_matches, blocks, console_examples, yaml_examples
from training.cli.main import main

DOC = "docs/training-cli.md"
STEPS = ROOT / "scenarios" / "steps"
SEED = STEPS / "seed_ask_buyer"
# The seed's ask-the-buyer path, graded by the rulebook's answer key (exit code 0 passed, 1 failed):
SEED_TODAY = {
    # Special request: no page rules on asking (DOMAIN.md s.1), so asking is a compliance risk:
    # it passes at the pass mark, with the risk named as a deduction.
    "gift_wrap_unavailable": 0,
    # The buyer refuses to file; the honest General Adjustment cancel is best, but asking first
    # was a compliance risk: passes at the pass mark with that deduction.
    "engraving_no_request": 0,
    # A damaged last unit is lack of inventory: asking the buyer is a violation (US 201722390).
    "damaged_last_unit": 1,
    # A stock-out: asking the buyer is a violation (US 201722390, G1701 copy).
    "out_of_stock_cancel": 1,
    # A price error: Pricing Error is the best path; asking is the seed's path, a compliance risk.
    "price_typo": 0,
    # A stock-out still, once the Pending order is paid: a violation.
    "pending_stock_out": 1,
    # One item of a multi-item order sold out: lack of inventory again, so asking is a violation.
    "one_item_missing": 1,
}


def _cmd(exercise: str, steps: Path | str, *extra: str) -> tuple[str, ...]:
    return ("grade", exercise, "--steps", str(steps), *extra)


def _exercise_ids() -> list[str]:
    from training.exercises import load_desk_scenario  # deferred: parametrize needs it at collection

    return [e.id for e in load_desk_scenario()[2]]


def _run(args: tuple[str, ...]) -> subprocess.CompletedProcess:
    argv = [sys.executable, "-m", "training", *args]
    return subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def runs() -> dict[tuple[str, ...], subprocess.CompletedProcess]:
    """Every steps file of the repo through `python -m training grade`, a few processes at a time."""
    cmds = [_cmd(ex, STEPS / f"{ex}.yaml") for ex in _exercise_ids()]
    cmds += [_cmd(ex, SEED / f"{ex}.yaml") for ex in SEED_TODAY]
    with ThreadPoolExecutor(max_workers=3) as pool:
        return dict(zip(cmds, pool.map(_run, cmds), strict=True))


def _grade_json(capsys, *args: str) -> tuple[int, dict]:
    code = main(["grade", *args, "--json"])
    return code, json.loads(capsys.readouterr().out)


# -- the example steps files ------------------------------------------------------------


def test_every_exercise_has_a_best_path_file_and_nothing_else_is_there():
    assert sorted(p.stem for p in STEPS.glob("*.yaml")) == sorted(_exercise_ids())


@pytest.mark.parametrize("exercise", _exercise_ids())
def test_best_path_passes(runs, exercise):
    proc = runs[_cmd(exercise, STEPS / f"{exercise}.yaml")]
    assert "Traceback" not in proc.stderr and proc.stderr == ""
    verdict = next(line for line in proc.stdout.splitlines() if line.startswith(("PASSED", "FAILED")))
    assert proc.returncode == 0 and verdict.startswith("PASSED"), proc.stdout.split("\n# Debrief")[0]


def test_seed_paths_cover_each_exercise_where_the_rulebook_grades_ask_buyer(desk_scenario):
    _sc, rb, exercises = desk_scenario
    listed = {
        e.id
        for e in exercises
        if e.order.status != "Shipped"  # buyers can no longer request cancellation
        # every situation whose answer key grades asking the buyer (a violation included)
        and any(h.procedure == "ask_buyer" for h in rb.situation(e.order.situation).handlings)
        and e.order.situation != "buyer_changed_mind"  # there asking the buyer is the best path itself
    }
    assert listed == set(SEED_TODAY) == {p.stem for p in SEED.glob("*.yaml")}


@pytest.mark.parametrize("exercise", sorted(SEED_TODAY))
def test_seed_ask_buyer_path_is_graded_as_today(runs, exercise):
    proc = runs[_cmd(exercise, SEED / f"{exercise}.yaml")]
    assert "Traceback" not in proc.stderr
    assert proc.returncode == SEED_TODAY[exercise], proc.stdout.split("\n# Debrief")[0]
    assert "Contact buyer: done" in proc.stdout  # every seed path messages the buyer first
    if proc.returncode == 1:  # a violation: the trap, its rule in words and its source
        assert "trap hit: Used a handling the rulebook grades a violation" in proc.stdout
        assert "handlings.ask_buyer_request`; source: Seller Central help G201722390" in proc.stdout
        assert "Cancelled" not in proc.stdout.split("## What went right")[1].split("##")[0]
    else:  # a compliance risk: passed, and the risk is shown with its source
        assert "a compliance risk" in proc.stdout and "handlings.ask_buyer_request`; source:" in proc.stdout


# -- the documentation ------------------------------------------------------------------

CONSOLE = console_examples(DOC)


def test_doc_yaml_example_is_the_shipped_file():
    (name, text), *_ = yaml_examples(DOC).items()
    assert name == "scenarios/steps/buyer_changed_mind.yaml"
    assert (ROOT / name).read_text() == text.partition("\n")[2]


@pytest.mark.parametrize(("cmd", "expected"), CONSOLE, ids=[c for c, _ in CONSOLE])
def test_doc_console_example(cmd, expected):
    proc = _run(tuple(cmd.removeprefix("python -m training ").split()))
    assert "Traceback" not in proc.stderr
    want = 2 if "/bad/" in cmd else 1 if any(e.startswith("FAILED") for e in expected) else 0
    assert proc.returncode == want, proc.stderr
    assert_output_matches(expected, proc.stdout + proc.stderr)


def test_doc_json_example_grades_like_the_yaml(tmp_path, capsys):
    (text,) = blocks(DOC, "json")
    (tmp_path / "steps.json").write_text(text)
    code_json, from_json = _grade_json(capsys, "buyer_changed_mind", "--steps", str(tmp_path / "steps.json"))
    code_yaml, from_yaml = _grade_json(
        capsys, "buyer_changed_mind", "--steps", str(STEPS / "buyer_changed_mind.yaml")
    )
    assert code_json == code_yaml == 0
    # the same steps, but for the Seller memo the YAML example writes and the JSON one leaves out
    same = [{k: v for k, v in s.items() if k != "memo"} for s in from_yaml["steps"]]
    assert [{k: v for k, v in s.items() if k != "memo"} for s in from_json["steps"]] == same
    assert from_json["score"] == 1.0


def test_every_action_is_documented():
    from formats.steps import FIELDS_FOR  # deferred: only this test needs the table

    doc = (ROOT / DOC).read_text()
    assert all(f"| `{a}` |" in doc for a in FIELDS_FOR)


# -- list and show ----------------------------------------------------------------------


def test_list_prints_one_line_per_exercise(capsys, desk_scenario):
    _sc, _rb, exercises = desk_scenario
    assert main(["list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == [e.id for e in exercises]
    assert all(
        e.title in line and line.endswith(e.order.situation) for e, line in zip(exercises, lines, strict=True)
    )
    assert main(["list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[3] == {
        "id": "out_of_stock_cancel",
        "title": "Sold out, no restock in time",
        "situation": "out_of_stock",
        "situation_label": "Out of stock",
    }


def test_show_has_card_order_and_expected_handling(capsys, desk_scenario):
    _sc, _rb, exercises = desk_scenario
    ex = next(e for e in exercises if e.id == "pending_stock_out")
    assert main(["show", ex.id]) == 0
    out = capsys.readouterr().out
    assert ex.card in out and "Status: Pending (seller-fulfilled)" in out
    # the template says [1, 3] hours; the seed draws this instance's delay
    assert re.search(r"Payment is authorised [123] h after the desk opens\.", out)
    assert (
        "Expected handling (rulebook amazon_us): Cancel with No Inventory, then send a "
        '"Problem with order" message (`cancel_then_tell`, best)' in out
    )
    # the whole answer key, each handling with its grade and source; asking the buyer is a violation
    assert "- A VIOLATION: Ask the buyer to file a cancellation request" in out
    assert "(source: Seller Central help G201722390 and Communication Guidelines G1701 (US copy))" in out
    assert (
        "Traps: Tried to cancel a Pending order; Tried to message the buyer of a Pending order; "
        "Used a handling the rulebook grades a violation" in out
    )
    assert main(["show", ex.id, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [s["action"] for s in data["expected"]["steps"]] == ["open_order", "message_buyer", "cancel"]
    assert [k["grade"] for k in data["expected"]["key"]] == [
        "best",
        "acceptable",
        "acceptable",
        "violation",
        "violation",
    ]
    assert data["expected"]["steps"][2]["reason_label"] == "No Inventory"
    assert data["order"]["order_id"].count("-") == 2 and data["expected"]["situation"]["id"] == "out_of_stock"


def test_unknown_exercise_suggests_the_close_one(capsys):
    assert main(["show", "damaged_last"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: unknown exercise 'damaged_last': did you mean 'damaged_last_unit'?")
    assert main(["grade", "nope", "--steps", str(STEPS / "price_typo.yaml")]) == 2
    assert "python -m training list" in capsys.readouterr().err


# -- grade ------------------------------------------------------------------------------


def test_grade_json_is_deterministic_and_names_rules(capsys):
    args = ("pending_stock_out", "--steps", str(ROOT / "tests/training/steps/cancel_pending.yaml"))
    code, first = _grade_json(capsys, *args)
    assert code == 1 and not first["passed"] and first["traps_hit"] == ["cancel_pending"]
    refused = next(s for s in first["steps"] if not s["ok"])
    assert refused["action"] == "cancel" and refused["rule_label"] == "Rulebook: order statuses › Pending"
    d = next(d for d in first["deductions"] if d["trap"] == "cancel_pending")
    assert d["rule"] == "statuses.Pending" and d["rule_label"] == "Rulebook: order statuses › Pending"
    assert first["played"][1] == first["played"][1] | {"action": "cancel", "ok": False}
    assert "# Debrief: A Pending order" in first["debrief"]
    assert _grade_json(capsys, *args) == (code, first)


def test_steps_file_for_another_exercise_is_refused(capsys):
    assert main(_cmd("price_typo", STEPS / "out_of_stock_cancel.yaml")) == 2
    err = capsys.readouterr().err
    assert (
        "out_of_stock_cancel.yaml:3:11: exercise: this steps file is for exercise 'out_of_stock_cancel'"
        in err
    )


HOSTILE = {
    "python_tag.yaml": ("steps: !!python/object/apply:os.system [echo hi]\n", "1:8: steps: tag"),
    "python_doc.yaml": ("!!python/object/apply:os.system [echo hi]\n", "is not allowed"),
    "binary.yaml": (b"steps:\x00\xff\xfe", "binary file"),
    "huge.yaml": ("steps:\n" + "  - action: open_order\n" * 60_000, "over the 1 MiB limit"),
    "many.yaml": ("steps:\n" + "  - {action: open_order}\n" * 201, "steps: List should have at most 200"),
    "top_list.yaml": ("- action: open_order\n", "a steps file is a mapping that starts with `steps:`"),
    "not_a_list.yaml": ("steps: 5\n", "1:8: steps: Input should be a valid list"),
    "empty.yaml": ("", "file is empty"),
    "bomb.yaml": (
        "a: &a [x, x, x, x, x, x, x, x, x]\n"
        + "".join(
            f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
            for p, c in zip("abcdefgh", "bcdefghi", strict=True)
        )
        + "steps: *i\n",
        "too many values",
    ),
    "unknown_action.yaml": ("steps:\n  - action: open\n", "2:13: steps[0].action: unknown action 'open'"),
    "unknown_reason.yaml": (
        "steps:\n  - action: open_order\n  - action: cancel\n    reason: OutOfStock\n",
        "4:13: steps[1].reason: unknown reason 'OutOfStock'",
    ),
    "unknown_purpose.yaml": (
        "steps:\n  - {action: message_buyer, purpose: apologise}\n",
        "steps[0].purpose: unknown message purpose 'apologise'",
    ),
    "missing_reason.yaml": ("steps:\n  - action: cancel\n", "2:5: steps[0]: a cancel step needs `reason:`"),
    "wrong_key.yaml": (
        "steps:\n  - {action: refund, hours: 3}\n",
        "steps[0].hours: `hours` does not apply to refund",
    ),
    "typo_key.yaml": (
        "steps:\n  - {action: cancel, raeson: NoInventory}\n",
        "unknown key 'raeson' (did you mean 'reason'?)",
    ),
    "broken.json": (
        '{"steps": [\n  {"action": "cancel" "reason": "x"}\n]}\n',
        "2:23: (document): JSON syntax",
    ),
    "deep.json": ("[" * 50_000 + "]" * 50_000, "nesting is too deep"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_steps_file_is_bad_input_never_a_traceback(tmp_path, capsys, name):
    content, message = HOSTILE[name]
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    assert main(_cmd("out_of_stock_cancel", path)) == 2
    out = capsys.readouterr()
    assert out.out == ""
    assert out.err.startswith(f"{path}:") and message in out.err, out.err


def test_a_hostile_file_through_the_real_command(tmp_path):
    path = tmp_path / "evil.yaml"
    path.write_text("steps:\n  - !!python/object/apply:os.system [touch pwned]\n")
    proc = _run(_cmd("out_of_stock_cancel", path))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and proc.stdout == ""
    assert f"{path}:2:5: steps[0]: tag" in proc.stderr
    assert not (ROOT / "pwned").exists()


def test_json_with_tab_indentation_keeps_lines_and_columns(tmp_path, capsys):
    path = tmp_path / "tabs.json"
    path.write_text(
        '{"steps": [\n\t{"action": "open_order"},\n\t{"action": "cancel", "reason": "Nope"}\n]}\n'
    )
    assert main(_cmd("out_of_stock_cancel", path)) == 2
    assert f"{path}:3:33: steps[1].reason: unknown reason 'Nope'" in capsys.readouterr().err


def test_missing_steps_file(capsys):
    assert main(_cmd("out_of_stock_cancel", "no/such/steps.yaml")) == 2
    assert capsys.readouterr().err.startswith("no/such/steps.yaml:1:1: (document): file not found")


def test_steps_file_parses_with_safe_yaml_too():
    for path in [*STEPS.glob("*.yaml"), *SEED.glob("*.yaml")]:
        data = yaml.safe_load(path.read_text())
        assert data["exercise"] == path.stem and data["steps"][0] == {"action": "open_order"}


def test_a_scenario_without_exercises_is_bad_input(capsys):
    assert main(["list", "--scenario", "starter_shop"]) == 2
    assert "starter_shop.yaml:1:1: (document): this scenario has no `exercises:`" in capsys.readouterr().err
