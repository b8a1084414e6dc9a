"""Per-user state and the shareable link (helpers, no drawing).

Each page keeps its session state in one typed object under one key
(:func:`page_state`); widgets only show it (:func:`bound`), because Streamlit forgets
a widget's key in a run that does not draw the widget (another page, a closed tab).
The keys by which one page hands data to another are declared here.  The link
carries what a demo needs to reopen identically: scenario, policy, seed and runs.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import streamlit as st

T = TypeVar("T")

# -- session keys that one page writes and another reads ----------------------------
# Pages hand data to each other only through these keys.  Each page keeps its own
# widgets and results under its own prefix, and reads no other page's keys.
GALLERY, LAB, REPLAY, DESK, TRAINER = "gallery", "lab", "replay", "desk", "trainer"
LAB_IMPORT = f"{LAB}.import"  # gallery -> lab: {"scenario": stem, "policy": stem, "seed": int}
LAB_IMPORT_SCENARIO = f"{LAB}.import_scenario"  # replay -> lab: (label, Scenario calibrated from a report)
LAB_PAGE = "ui/simulate/lab_page.py"  # where st.switch_page goes after setting a LAB_IMPORT* key

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


def data_dir() -> Path:
    """The data folder (CANCEL_DESK_DATA, default ./data); created on first use."""
    path = Path(os.environ.get("CANCEL_DESK_DATA") or "data").resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


@dataclass(frozen=True)
class Link:
    """What the URL says: ``?scenario=starter_shop&policy=by_the_book&seed=3&runs=200``."""

    scenario: str | None = None
    policy: str | None = None
    seed: int = DEFAULT_SEED
    runs: int = DEFAULT_RUNS

    def to_params(self) -> dict[str, str]:
        out = {"seed": str(self.seed), "runs": str(self.runs)}
        if self.scenario:
            out["scenario"] = self.scenario
        if self.policy:
            out["policy"] = self.policy
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
