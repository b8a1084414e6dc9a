"""Per-user state and the shareable link (helpers, no drawing).

Each page keeps its session state in one typed object under one key
(:func:`page_state`); widgets only show it (:func:`bound`), because Streamlit forgets
a widget's key in a run that does not draw the widget (another page, a closed tab).
What one page hands another is typed too (:class:`LabImport`, :class:`ScenarioImport`,
through :func:`hand_to_lab` and :func:`take_for_lab`; :class:`DeskStart` through
:func:`hand_to_desk` and :func:`take_for_desk`).  The link carries what a demo
needs to reopen identically: scenario, policy, seed and runs.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import streamlit as st

from formats.scenario import Scenario

T = TypeVar("T")

# -- session keys that one page writes and another reads ----------------------------
# Pages hand data to each other only through these keys.  Each page keeps its own
# state under its own key (GALLERY, LAB, REPLAY...), and reads no other page's.
GALLERY, LAB, REPLAY, DESK, TRAINER = "gallery", "lab", "replay", "desk", "trainer"
HOME = "home"  # My training
LAB_IMPORT = f"{LAB}.import"  # gallery -> lab: a LabImport
LAB_IMPORT_SCENARIO = f"{LAB}.import_scenario"  # replay -> lab: a ScenarioImport
LAB_PAGE = "ui/simulate/lab_page.py"  # where st.switch_page goes after hand_to_lab
DESK_IMPORT = f"{DESK}.import"  # My training -> desk: a DeskStart
DESK_PAGE = "ui/train/desk_page.py"  # where st.switch_page goes after hand_to_desk

DEFAULT_SEED = 0
DEFAULT_RUNS = 200
MAX_RUNS = 2000
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


def page_state(key: str, make: Callable[[], T]) -> T:
    """The one typed object that holds a page's session state, made on the session's first visit."""
    ss = st.session_state
    if key not in ss:
        ss[key] = make()
    return ss[key]


def bound(key: str, value: Any, store: Callable[[Any], None], then: Callable | None = None, args=()) -> dict:
    """A widget's ``key`` and ``on_change`` that show ``value`` and hand each change to ``store``.

    The widget's key is only a copy of the page's state, set before the widget is drawn
    (so it is back after a run that did not draw it); a change goes to ``store`` in the
    callback, which runs before the script, and then to ``then(*args)``.
    """
    st.session_state[key] = value

    def changed() -> None:
        store(st.session_state[key])
        if then is not None:
            then(*args)

    return {"key": key, "on_change": changed}


def bound_to(key: str, obj: object, attr: str, then: Callable | None = None, args=()) -> dict:
    """:func:`bound` for a widget that shows ``obj.attr`` and keeps each change there."""
    return bound(key, getattr(obj, attr), lambda new: setattr(obj, attr, new), then, args)


@dataclass(frozen=True)
class LabImport:
    """The gallery's "Edit in the policy lab": this scenario file and policy file, seed and runs."""

    scenario: str
    policy: str
    seed: int
    runs: int


@dataclass(frozen=True)
class ScenarioImport:
    """Replay's "Use as a scenario": a scenario calibrated from a report, under the lab's label for it."""

    label: str
    scenario: Scenario


@dataclass(frozen=True)
class DeskStart:
    """My training's "Start on the desk": this recipe (an assignment's), for this signed-in account."""

    recipe: dict
    trainee: str
    user_id: int


_IMPORT_KEYS: dict[type, str] = {
    LabImport: LAB_IMPORT,
    ScenarioImport: LAB_IMPORT_SCENARIO,
    DeskStart: DESK_IMPORT,
}


def _hand(item: LabImport | ScenarioImport | DeskStart) -> None:
    st.session_state[_IMPORT_KEYS[type(item)]] = item


def _take(kind: type[T]) -> T | None:
    item = st.session_state.pop(_IMPORT_KEYS[kind], None)
    return item if isinstance(item, kind) else None  # something else under the key is not one


def hand_to_lab(item: LabImport | ScenarioImport) -> None:
    """Leave ``item`` for the lab's next run (then ``st.switch_page(LAB_PAGE)``)."""
    _hand(item)


def take_for_lab(kind: type[T]) -> T | None:
    """The ``kind`` of hand-off waiting for the lab, once: it is gone after this call."""
    return _take(kind)


def hand_to_desk(item: DeskStart) -> None:
    """Leave ``item`` for the desk's next run (then ``st.switch_page(DESK_PAGE)``)."""
    _hand(item)


def take_for_desk() -> DeskStart | None:
    """The attempt waiting to be started on the desk, once: it is gone after this call."""
    return _take(DeskStart)


def data_dir() -> Path:
    """The data folder (CANCEL_DESK_DATA, default ./data); created on first use, readable by the
    server's user only (it holds password hashes and uploaded reports)."""
    path = Path(os.environ.get("CANCEL_DESK_DATA") or "data").resolve()
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


MAX_COMPARED = 4  # the comparison's own limit


@dataclass(frozen=True)
class Link:
    """What the URL says: ``?scenario=starter_shop&policy=by_the_book&seed=3&runs=200``, and
    ``&compare=by_the_book,cancel_first`` while a comparison of those policies is open."""

    scenario: str | None = None
    policy: str | None = None
    seed: int = DEFAULT_SEED
    runs: int = DEFAULT_RUNS
    compare: tuple[str, ...] = ()

    def to_params(self) -> dict[str, str]:
        out = {"seed": str(self.seed), "runs": str(self.runs)}
        if self.scenario:
            out["scenario"] = self.scenario
        if self.policy:
            out["policy"] = self.policy
        if self.compare:
            out["compare"] = ",".join(self.compare)
        return out


def read_link(params: Mapping[str, object]) -> Link:
    """Parse query parameters; anything odd falls back to the default (a link is user input)."""

    def name(key: str) -> str | None:
        value = _first(params.get(key))
        return value if value and _NAME.match(value) else None

    return Link(
        scenario=name("scenario"),
        policy=name("policy"),
        seed=_int(_first(params.get("seed")), DEFAULT_SEED, 0, 2**31 - 1),
        runs=_int(_first(params.get("runs")), DEFAULT_RUNS, 1, MAX_RUNS),
        compare=tuple(
            n for n in (_first(params.get("compare")) or "").split(",")[:MAX_COMPARED] if _NAME.match(n)
        ),
    )


def _first(value: object) -> str | None:
    if isinstance(value, list | tuple):
        value = value[-1] if value else None
    return None if value is None else str(value)


def _int(text: str | None, default: int, low: int, high: int) -> int:
    try:
        value = int(text) if text is not None else default
    except ValueError:
        return default
    return min(max(value, low), high)
