"""Load the training scenario and its exercises, checked against the rulebook.

Problems come back as :class:`rules.RulebookError` with file, line and hint,
like every other YAML file of the project.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from formats.errors import Problem, RulebookError
from formats.exercise import Exercise, exercise_issues
from formats.rulebook import Rulebook
from formats.yaml_source import dotted, load_source

DESK_SCENARIO = "training_desk"


def exercises_from_data(data: list[dict], rb: Rulebook, label: str = "<exercises>") -> list[Exercise]:
    """Exercises from plain dicts (tests, uploads); same checks as the scenario file."""
    try:
        exercises = TypeAdapter(list[Exercise]).validate_python(data)
    except ValidationError as exc:
        probs = [
            Problem(label, 0, 0, dotted(tuple(e["loc"])), e["msg"], "see docs/training.md")
            for e in exc.errors(include_url=False)
        ]
        raise RulebookError(probs) from None
    issues = exercise_issues(exercises, rb)
    if issues:
        raise RulebookError([Problem(label, 0, 0, dotted(loc), msg, hint) for loc, msg, hint in issues])
    return exercises


def load_desk_scenario(name_or_path: str | Path = DESK_SCENARIO):
    """(scenario, rulebook, exercises) for the desk; RulebookError on any problem."""
    from simulator.catalog import load_scenario, rulebook_for, scenario_path

    path = scenario_path(name_or_path)
    scenario = load_scenario(path)
    rb = rulebook_for(scenario)
    issues = exercise_issues(scenario.exercises, rb)
    if issues:
        src = load_source(path)
        probs = []
        for loc, msg, hint in issues:
            line, col = src.where(loc)
            probs.append(Problem(src.file, line, col, dotted(loc), msg, hint))
        raise RulebookError(probs)
    if not scenario.exercises:
        raise RulebookError.single(str(path), "this scenario has no `exercises:`", "see docs/training.md")
    return scenario, rb, list(scenario.exercises)


@lru_cache(maxsize=8)
def cached_desk_scenario(name_or_path: str = DESK_SCENARIO):
    """Pure and user-independent, so one copy serves every session."""
    return load_desk_scenario(name_or_path)
