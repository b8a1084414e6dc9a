"""docs/training.md: its YAML example is a valid exercise list for the default rulebook."""

from __future__ import annotations

import yaml

from formats.exercise import TRAPS
from tests.doc_examples import ROOT, yaml_examples
from training.exercises import exercises_from_data

DOC = "docs/training.md"


def test_yaml_example_validates(desk_scenario):
    _sc, rb, _ex = desk_scenario
    text = yaml_examples(DOC)["exercises.yaml"]
    exercises = exercises_from_data(yaml.safe_load(text)["exercises"], rb, label=DOC)
    assert [e.id for e in exercises] == ["gift_wrap_unavailable", "shipped_changed_mind"]
    assert exercises[1].key.expect == "return_then_refund" and exercises[0].key.regrade


def test_example_keys_cover_the_whole_order_block():
    from formats.exercise import ExerciseOrder

    text = yaml_examples(DOC)["exercises.yaml"]
    first = yaml.safe_load(text)["exercises"][0]
    assert set(first["order"]) == set(ExerciseOrder.model_fields)


def test_every_trap_is_documented():
    doc = (ROOT / DOC).read_text()
    assert all(f"`{t}`" in doc for t in TRAPS)
