"""Exercise format: the scenario file's exercises and bad input with file/line answers."""

from __future__ import annotations

import pytest

from formats.errors import RulebookError
from formats.exercise import Exercise
from training.exercises import exercises_from_data, load_desk_scenario

GOOD = {
    "id": "x",
    "title": "A title",
    "card": "Something long enough to read.",
    "order": {"situation": "out_of_stock"},
    "key": {"expect": "cancel_then_tell"},
}


def test_scenario_file_loads_with_exercises():
    sc, rb, exercises = load_desk_scenario()
    assert sc.name == "Training desk" and rb.id == "amazon_us"
    assert all(isinstance(e, Exercise) for e in exercises) and len(exercises) >= 9


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        ({"order": {"situation": "out_of_stok"}}, "did you mean 'out_of_stock'?"),
        ({"key": {"expect": "cancel_then_tel"}}, "did you mean 'cancel_then_tell'?"),
        ({"key": {"regrade": {"cancel_silentl": "violation"}}}, "did you mean 'cancel_silently'?"),
        ({"traps": ["cancel_everything"]}, "traps[0]"),
        ({"pass_score": 70}, "pass_score"),
        # issue 10: an exercise may narrow the rulebook's key, never contradict it
        ({"key": {"expect": "ask_buyer_request"}}, "an exercise cannot teach it"),
        ({"key": {"regrade": {"ask_buyer_request": "best"}}}, "may only lower a grade"),
        ({"order": {"status": "Unshipped"}}, "an exercise states its situation"),
    ],
)
def test_bad_exercise_gets_a_clear_message(desk_scenario, change, needle):
    _sc, rb, _ex = desk_scenario
    with pytest.raises(RulebookError) as err:
        exercises_from_data([{**GOOD, **change}], rb, label="mine.yaml")
    assert needle in str(err.value) and "mine.yaml" in str(err.value)


def test_duplicate_ids_rejected(desk_scenario):
    _sc, rb, _ex = desk_scenario
    with pytest.raises(RulebookError, match="duplicate exercise id"):
        exercises_from_data([GOOD, GOOD], rb)


def test_bad_exercise_in_scenario_file_points_at_the_line(tmp_path):
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "scenarios" / "training_desk.yaml").read_text()
    bad = text.replace("situation: defect_damage", "situation: defect_damaged", 1)
    path = tmp_path / "bad_desk.yaml"
    path.write_text(bad)
    with pytest.raises(RulebookError) as err:
        load_desk_scenario(path)
    line = next(i for i, s in enumerate(bad.splitlines(), 1) if "defect_damaged" in s)
    assert f"bad_desk.yaml:{line}:" in str(err.value)
