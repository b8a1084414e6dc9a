"""Address one number of a scenario by a path, read it, and set it in a validated copy.

A path is dotted text on the command line (``volume.mean_per_day``) and a tuple
of its parts in code (``("volume", "mean_per_day")``).  Situation rates are a
list in the scenario file, and one situation can have several entries: a base
rate and date windows on top of it (``holiday_stockout``: 0.5% every day, 3.5%
more on days 20-40).  Each entry is addressed on its own, so changing one never
overwrites another:

- ``situations.out_of_stock`` is the base entry (the one without days); setting
  it on a scenario that has none adds one;
- ``situations.out_of_stock.days_20-40`` is the entry with ``from_day: 20,
  to_day: 40`` (``from_20`` or ``to_40`` when only one end is set).
"""

from __future__ import annotations

import copy
from typing import Any

from pydantic import BaseModel, ValidationError

from formats.errors import RulebookError
from formats.rulebook import Rulebook
from formats.scenario import Scenario, SituationRate
from formats.suggestions import did_you_mean
from formats.validate import issue_problems, validation_problems
from rules import vocabulary

ParamPath = tuple[str, ...]
SITUATIONS = "situations"
# Fields whose numbers are not one figure to sweep (a list, or the identity of the file).
ARGS = "<arguments>"  # the "file" named in errors about function or CLI arguments
_SKIP = {"situations", "weekday_profile", "spikes"}


def window_key(entry: SituationRate | dict) -> str | None:
    """``"days_20-40"`` for an entry with a date window; None for a base entry."""
    get = entry.get if isinstance(entry, dict) else lambda k: getattr(entry, k)
    lo, hi = get("from_day"), get("to_day")
    if lo and hi:
        return f"days_{lo}-{hi}"
    if lo:
        return f"from_{lo}"
    if hi:
        return f"to_{hi}"
    return None


def param_text(path: ParamPath) -> str:
    return ".".join(path)


def param_paths(scenario: Scenario, rulebook: Rulebook | None = None) -> list[str]:
    """Every path ``sweep`` and the lab's editors accept for this scenario, in file order."""
    out: list[str] = []

    def walk(node: Any, prefix: ParamPath) -> None:
        for key, value in node.items():
            if key in _SKIP:
                continue
            if isinstance(value, dict):
                walk(value, (*prefix, key))
            elif isinstance(value, int | float) and not isinstance(value, bool):
                out.append(param_text((*prefix, key)))

    walk(scenario.model_dump(mode="json"), ())
    known = [s.id for s in rulebook.situations if s.simulated] if rulebook is not None else []
    sids = list(dict.fromkeys([*known, *(s.situation for s in scenario.situations)]))
    figured = vocabulary.rated_by_scenario(rulebook) if rulebook is not None else {}
    for sid in sids:
        if sid in figured:  # a scenario figure sets its rate (buyer.changed_mind_rate), not an entry
            continue
        out.append(param_text((SITUATIONS, sid)))
        for entry in scenario.situations:
            key = window_key(entry)
            if entry.situation == sid and key and param_text((SITUATIONS, sid, key)) not in out:
                out.append(param_text((SITUATIONS, sid, key)))
    return out


def parse_param(text: str, scenario: Scenario, rulebook: Rulebook | None = None) -> ParamPath:
    """The path ``text`` names; RulebookError with a did-you-mean if the scenario has no such number."""
    known = param_paths(scenario, rulebook)
    if text in known:
        return tuple(text.split("."))
    hint = did_you_mean(text, known, "one of: " + ", ".join(known))
    raise RulebookError.single(ARGS, f"no number at {text!r} in this scenario", hint, path="--param")


def _entry(entries: list[dict], path: ParamPath) -> dict | None:
    """The situation entry a path names: the base one, or the one with that window."""
    want = path[2] if len(path) > 2 else None
    return next(
        (e for e in entries if e.get("situation") == path[1] and window_key(e) == want),
        None,
    )


def get_param(scenario: BaseModel, path: ParamPath) -> Any:
    """The value at ``path`` (0.0 for a situation's base rate the scenario does not set)."""
    data = scenario.model_dump(mode="json")
    if path[0] == SITUATIONS:
        entry = _entry(data.get(SITUATIONS, []), path)
        return 0.0 if entry is None else entry["rate"]
    node: Any = data
    for key in path:
        node = node[key]
    return node


def set_param(data: dict, path: ParamPath, value: Any) -> None:
    """Write ``value`` at ``path`` in a scenario's (or any model's) dumped dict, in place."""
    if path[0] == SITUATIONS:
        entries = data.setdefault(SITUATIONS, [])
        entry = _entry(entries, path)
        if entry is not None:
            entry["rate"] = value
        elif len(path) == 2:
            entries.append({"situation": path[1], "rate": value})
        else:
            raise RulebookError.single(
                "<scenario>", f"no {path[1]} entry for {path[2]}", path=param_text(path)
            )
        return
    node = data
    for key in path[:-1]:
        node = node.setdefault(key, {})
    node[path[-1]] = value


def validated(model: BaseModel, data: dict, label: str) -> Any:
    """``data`` validated as a model of ``model``'s type, cross-checked; RulebookError if refused."""
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


def with_values(model: BaseModel, changes: dict[ParamPath, Any], label: str = "edited values") -> Any:
    """A validated copy of ``model`` with ``changes`` (path -> value) applied."""
    data = copy.deepcopy(model.model_dump(mode="json"))
    for path, value in changes.items():
        set_param(data, path, value)
    return validated(model, data, label)
