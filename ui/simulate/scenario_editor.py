"""Change a scenario's or a rulebook's main figures and re-validate them.

Pure helpers: the page passes widget values, gets back a validated model or a
``RulebookError``.  Values are validated by the models themselves, so a rate
of 2.5 is refused with the loader's "did you mean 0.025?" hint.

Paths are the core's (``simulator.runs.params``), so the lab's editors and
``python -m simulator sweep`` name the same numbers.  A situation can have
several entries (a base rate and date windows): each is its own path and its
own row, and editing one never overwrites another.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from formats.rulebook import Rulebook
from rules import vocabulary
from simulator.runs.params import SITUATIONS, ParamPath, get_param, window_key, with_values

Path_ = ParamPath


def situation_rates(scenario: BaseModel) -> dict[str, float]:
    """Situation id -> base incidence (the entry without days); windowed entries are left out."""
    out: dict[str, float] = {}
    for entry in scenario.model_dump(mode="json").get(SITUATIONS, []):
        if window_key(entry) is None:
            out.setdefault(entry["situation"], entry["rate"])
    return out


def entry_label(path: ParamPath, labels: dict[str, str]) -> str:
    """``Out of stock`` for a base rate, ``Out of stock, days 20-40`` for a windowed entry."""
    label = labels.get(path[1], path[1])
    if len(path) < 3:
        return label
    window = path[2].replace("days_", "days ").replace("from_", "from day ").replace("to_", "to day ")
    return f"{label}, {window}"


def situation_paths(scenario: BaseModel, rulebook: Rulebook) -> list[ParamPath]:
    """One path per editable rate: every simulated situation's base rate, then each windowed entry.

    A situation the rulebook rates by a scenario figure (changed-mind buyers:
    ``buyer.changed_mind_rate``) has no situation entry.
    """
    out: list[ParamPath] = []
    figured = vocabulary.rated_by_scenario(rulebook)
    for si in rulebook.situations:
        if si.id in figured or not si.simulated:  # desk-only situations have no rate
            continue
        out.append((SITUATIONS, si.id))
        for entry in scenario.model_dump(mode="json").get(SITUATIONS, []):
            key = window_key(entry)
            path = (SITUATIONS, si.id, key)
            if entry["situation"] == si.id and key and path not in out:
                out.append(path)
    return out


def get_value(model: BaseModel, path: Path_) -> Any:
    return get_param(model, path)


def updated(model: BaseModel, changes: dict[Path_, Any], label: str = "edited values") -> BaseModel:
    """A copy of ``model`` with ``changes`` applied, validated; RulebookError if refused."""
    return with_values(model, changes, label)


def scenario_with(scenario: BaseModel, path: Path_, value: Any) -> BaseModel:
    return updated(scenario, {tuple(path): value}, "scenario")
