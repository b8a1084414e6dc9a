"""Change a scenario's or a rulebook's main figures and re-validate them.

Pure helpers: the page passes widget values, gets back a validated model or a
``RulebookError``.  Values are validated by the models themselves, so a rate
of 2.5 is refused with the loader's "did you mean 0.025?" hint.
"""

from __future__ import annotations

import copy
from typing import Any

from pydantic import BaseModel, ValidationError

from formats.errors import RulebookError
from formats.validate import issue_problems, validation_problems

Path_ = tuple[str, ...]


def situation_rates(scenario: BaseModel) -> dict[str, float]:
    """Situation id -> incidence, read from the scenario (first entry per id)."""
    out: dict[str, float] = {}
    for entry in scenario.model_dump(mode="json").get("situations", []):
        out.setdefault(entry["situation"], entry["rate"])
    return out


def _set(data: dict, path: Path_, value: Any) -> None:
    if path[0] == "situations":
        entries = data.setdefault("situations", [])
        matches = [e for e in entries if e.get("situation") == path[1]]
        if not matches:
            entries.append({"situation": path[1], "rate": value})
        for e in matches:
            e["rate"] = value
        return
    node = data
    for key in path[:-1]:
        node = node.setdefault(key, {})
    node[path[-1]] = value


def get_value(model: BaseModel, path: Path_) -> Any:
    if path[0] == "situations":
        return situation_rates(model).get(path[1], 0.0)
    node: Any = model.model_dump(mode="json")
    for key in path:
        node = node[key]
    return node


def updated(model: BaseModel, changes: dict[Path_, Any], label: str = "edited values") -> BaseModel:
    """A copy of ``model`` with ``changes`` applied, validated; RulebookError if refused."""
    data = copy.deepcopy(model.model_dump(mode="json"))
    for path, value in changes.items():
        _set(data, path, value)
    base_dir = getattr(model, "base_dir", None)
    try:
        obj = type(model).model_validate(data)
    except ValidationError as exc:
        raise RulebookError(validation_problems(exc, label)) from None
    if hasattr(obj, "with_base_dir"):
        obj = obj.with_base_dir(base_dir)
        issues = obj.cross_check(base_dir=base_dir)
    else:
        issues = obj.cross_check() if hasattr(obj, "cross_check") else []
    if issues:
        raise RulebookError(issue_problems(issues, label))
    return obj


def scenario_with(scenario: BaseModel, path: Path_, value: Any) -> BaseModel:
    return updated(scenario, {tuple(path): value}, "scenario")
