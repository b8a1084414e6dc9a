"""Load the training scenario and its exercises, checked against the rulebook.

Problems come back as :class:`formats.errors.ExerciseFileError` with file, line
and hint, like every other YAML file of the project.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from formats.errors import ExerciseFileError
from formats.exercise import Exercise, exercise_issues
from formats.rulebook import Rulebook
from formats.validate import issue_problems, validation_problems
from formats.yaml_source import load_source
from simulator.catalog import load_scenario, rulebook_for, scenario_path

DESK_SCENARIO = "training_desk"


def exercises_from_data(data: list[dict], rb: Rulebook, label: str = "<exercises>") -> list[Exercise]:
    """Exercises from plain dicts (tests, uploads); same checks as the scenario file."""
    try:
        exercises = TypeAdapter(list[Exercise]).validate_python(data)
    except ValidationError as exc:
        raise ExerciseFileError(validation_problems(exc, label, hint="see docs/training.md")) from None
    issues = exercise_issues(exercises, rb)
    if issues:
        raise ExerciseFileError(issue_problems(issues, label))
    return exercises


def load_desk_scenario(name_or_path: str | Path = DESK_SCENARIO):
    """(scenario, rulebook, exercises) for the desk; an ``InputError`` on any problem."""
    path = scenario_path(name_or_path)
    scenario = load_scenario(path)
    rb = rulebook_for(scenario)
    issues = exercise_issues(scenario.exercises, rb)
    if issues:
        src = load_source(path)
        raise ExerciseFileError(issue_problems(issues, src.file, source=src))
    if not scenario.exercises:
        raise ExerciseFileError.single(str(path), "this scenario has no `exercises:`", "see docs/training.md")
    return scenario, rb, list(scenario.exercises)


@lru_cache(maxsize=8)
def cached_desk_scenario(name_or_path: str = DESK_SCENARIO):
    """Pure and user-independent, so one copy serves every session."""
    return load_desk_scenario(name_or_path)
