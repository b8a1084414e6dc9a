"""The *Find a policy* tab's state, part of the lab's :class:`~ui.simulate.lab_state.LabState`.

Its widgets only show it (``ui.shared.state.bound``), so the objectives, the budget and the
last front found are still there after a visit to another tab or page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from simulator.search.objectives import DEFAULT_OBJECTIVES

TRIALS = 20
RUNS = 20


@dataclass
class SearchView:
    objectives: list[str] = field(default_factory=lambda: list(DEFAULT_OBJECTIVES))
    trials: int = TRIALS
    runs: int = RUNS
    include_risky: bool = False
    pick: int | None = None  # the front point (trial number) chosen to load
    saved: dict[str, Any] | None = None  # {"key": the inputs' fingerprint, "result", "current"}
