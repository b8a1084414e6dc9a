"""Cached calls into the simulator: run, compare, sample and sweep.

Results are pure functions of (scenario, policy, rulebook, seed, runs, days),
so one cache serves every user.  The key is a hash of the models' canonical
JSON; entries are stored as JSON text and parsed afresh on each hit, so no
user can mutate what another user gets back.  (A hand-rolled LRU rather than
``st.cache_data`` because the runs report to a progress bar drawn outside the
cached call, which ``st.cache_data`` cannot replay.)
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from simulator import compare as core_compare
from simulator import order_sample, simulate
from simulator.runs.sweep import sweep as core_sweep

Progress = Callable[[float, str], None] | None


class ResultCache:
    """A small thread-safe LRU of JSON texts."""

    def __init__(self, max_entries: int = 128) -> None:
        self.max_entries = max_entries
        self._items: OrderedDict[str, str] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get_or_compute(self, key: str, compute: Callable[[], Any]) -> Any:
        with self._lock:
            text = self._items.get(key)
            if text is not None:
                self._items.move_to_end(key)
                self.hits += 1
                return json.loads(text)
        value = compute()
        # Keep the core's key order: a comparison's policies are in the order picked
        # (the first is the baseline of the deltas), so sorting keys would mislabel them.
        text = json.dumps(value)
        with self._lock:
            self.misses += 1
            self._items[key] = text
            self._items.move_to_end(key)
            while len(self._items) > self.max_entries:
                self._items.popitem(last=False)
        return json.loads(text)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.hits = self.misses = 0


CACHE = ResultCache()


def fingerprint(*parts: Any) -> str:
    """A stable hash of models (by canonical JSON) and plain values."""
    h = hashlib.sha256()
    for part in parts:
        if isinstance(part, BaseModel):
            text = part.model_dump_json()
        elif isinstance(part, list | tuple) and part and isinstance(part[0], BaseModel):
            text = "[" + ",".join(p.model_dump_json() for p in part) + "]"
        else:
            text = json.dumps(part, sort_keys=True, default=str)
        h.update(text.encode())
        h.update(b"\x1f")
    return h.hexdigest()


def run(
    scenario, policy, rulebook, *, seed: int, runs: int, days: int | None = None, progress: Progress = None
):
    key = fingerprint("run", scenario, policy, rulebook, seed, runs, days)
    return CACHE.get_or_compute(
        key,
        lambda: simulate(scenario, policy, rulebook, seed=seed, runs=runs, days=days, progress=progress),
    )


def compare(scenario, policies: list, rulebook, *, seed: int, runs: int, progress: Progress = None):
    key = fingerprint("compare", scenario, list(policies), rulebook, seed, runs)
    return CACHE.get_or_compute(
        key, lambda: core_compare(scenario, list(policies), rulebook, seed=seed, runs=runs, progress=progress)
    )


def sample(
    scenario, policy, rulebook, *, seed: int, n: int = 50, offset: int = 0, only_incidents: bool = False
) -> list[dict]:
    """A page of run 1's orders; with ``only_incidents``, a page of the orders that met a situation."""
    key = fingerprint("sample", scenario, policy, rulebook, seed, n, offset, only_incidents)
    return CACHE.get_or_compute(
        key,
        lambda: order_sample(
            scenario, policy, rulebook, seed=seed, n=n, offset=offset, only_incidents=only_incidents
        ),
    )


def sweep(
    scenario,
    policy,
    rulebook,
    parameter: tuple,
    values: list[float],
    *,
    seed: int,
    runs: int,
    progress: Progress = None,
) -> list[dict]:
    """Breach probability, peak and mean rate (with 5-95% bands) at each value of one scenario number.

    The core's ``sweep`` (as ``python -m simulator sweep``): every point uses the same
    seed, so the points differ only by the parameter.  ``parameter`` is a path of
    ``simulator.runs.params`` (each situation entry has its own).
    """
    key = fingerprint("sweep", scenario, policy, rulebook, tuple(parameter), list(values), seed, runs)
    result = CACHE.get_or_compute(
        key,
        lambda: core_sweep(
            scenario,
            tuple(parameter),
            list(values),
            policy,
            runs=runs,
            seed=seed,
            rulebook=rulebook,
            progress=progress,
        ),
    )
    return result["points"]
