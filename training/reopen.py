"""Reopen a finished attempt's instance: its recipe as a page address, and back.

Every attempt stores the recipe it ran on (``attempts.instance``: an exercise and its seed, or
a shift's parameters).  :func:`query_of` turns it into the desk page's query parameters
(``?exercise=price_typo&seed=4711``, or ``?shift=amazon_uk&orders=20&...&seed=5``), so the
link can be shared; :func:`recipe_of` reads them back, checked, into the recipe
:func:`training.session.build` opens: the same buyer, products and wording, as practice.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from formats.errors import InputError
from formats.loader import available_rulebooks
from training.exercises import DESK_SCENARIO, cached_desk_scenario
from training.shift import ShiftParams

MAX_SEED = 10**9
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
SHIFT_KEYS = ("orders", "incidents", "messages", "overdue")
KEYS = ("exercise", "seed", "scenario", "shift", *SHIFT_KEYS)  # every parameter a reopen link uses


class ReopenError(ValueError):
    """The address does not name an instance this desk can open; ``str`` says why."""


def query_of(instance: Mapping | None) -> dict[str, str] | None:
    """The query parameters that reopen ``instance``; None when it cannot be reopened (free
    practice, or an attempt saved before instances were kept)."""
    if not instance:
        return None
    kind, seed = instance.get("kind"), instance.get("seed")
    if kind == "exercise" and instance.get("ref") and seed is not None:
        q = {"exercise": str(instance["ref"]), "seed": str(int(seed))}
        scenario = instance.get("scenario") or DESK_SCENARIO
        if scenario != DESK_SCENARIO:
            q["scenario"] = str(scenario)
        return q
    if kind == "shift" and isinstance(instance.get("params"), Mapping):
        p = ShiftParams(**instance["params"])
        q = {"shift": p.rulebook, **{k: f"{getattr(p, k):g}" for k in SHIFT_KEYS}}
        return {**q, "seed": str(p.seed)}
    return None


def _int(q: Mapping[str, str], key: str, lo: int, hi: int) -> int:
    raw = str(q.get(key, "")).strip()
    if not re.fullmatch(r"-?\d{1,10}", raw) or not lo <= int(raw) <= hi:
        raise ReopenError(f"`{key}` must be a whole number from {lo} to {hi}, not {raw!r}.")
    return int(raw)


def _float(q: Mapping[str, str], key: str, default: float) -> float:
    raw = str(q.get(key, default)).strip()
    try:
        return float(raw)
    except ValueError:
        raise ReopenError(f"`{key}` must be a number, not {raw!r}.") from None


def requested(q: Mapping[str, str]) -> bool:
    """Does the address ask to reopen an instance at all?"""
    return "exercise" in q or "shift" in q


def recipe_of(q: Mapping[str, str]) -> dict:
    """The recipe the query parameters name, checked; :class:`ReopenError` says what is wrong."""
    seed = _int(q, "seed", 0, MAX_SEED)
    if "shift" in q:
        book = str(q["shift"])
        if not _NAME.match(book):
            raise ReopenError(f"`shift` names a marketplace rulebook, not {book!r}.")
        try:
            params = ShiftParams(
                orders=_int(q, "orders", 1, 1000),
                rulebook=book,
                incidents=_float(q, "incidents", ShiftParams.incidents),
                messages=_float(q, "messages", ShiftParams.messages),
                overdue=_int(q, "overdue", 0, 99) if "overdue" in q else ShiftParams.overdue,
                seed=seed,
            )
        except ValueError as e:
            raise ReopenError(f"These shift settings cannot be opened: {e}.") from None
        _known_rulebook(book)
        return {"kind": "shift", "ref": "shift", "seed": seed, "params": params.to_dict()}
    exercise = str(q.get("exercise", ""))
    scenario = str(q.get("scenario") or DESK_SCENARIO)
    if not _NAME.match(scenario):
        raise ReopenError(f"`scenario` names a training scenario, not {scenario!r}.")
    try:
        _sc, _rb, exercises = cached_desk_scenario(scenario)
    except InputError as e:  # no such scenario, or one without exercises
        raise ReopenError(f"The scenario {scenario!r} cannot be opened ({e}).") from None
    if exercise not in {e.id for e in exercises}:
        raise ReopenError(f"No exercise {exercise!r} in the scenario {scenario!r}.")
    return {"kind": "exercise", "ref": exercise, "seed": seed, "scenario": scenario}


def _known_rulebook(book: str) -> None:
    if book not in available_rulebooks():
        raise ReopenError(f"No marketplace rulebook {book!r}.")


def same_instance(a: Mapping | None, b: Mapping | None) -> bool:
    """Do two recipes open the same instance (whatever else, like an assignment, they carry)?"""
    if not a or not b:
        return False
    return query_of(a) == query_of(b)
