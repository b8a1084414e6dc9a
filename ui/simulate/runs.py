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


class _Flight:
    """One computation in progress: the others asking for the same key wait for it."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.text: str | None = None  # the result's JSON, once computed
        self.progress: tuple[float, str] | None = None  # the latest report, relayed to the waiters
        self.waiters = 0


class ResultCache:
    """A small thread-safe LRU of JSON texts; identical concurrent misses compute once.

    Every browser session runs its script in its own thread of one process, so when
    twenty sessions press Run on the same link, the first computes and the other
    nineteen wait for it (their progress bars follow the computing one), instead of
    twenty copies sharing the GIL and each taking twenty times as long.
    """

    WAIT_POLL_S = 0.1  # how often a waiter redraws its progress bar (and may notice its own rerun)

    def __init__(self, max_entries: int = 128) -> None:
        self.max_entries = max_entries
        self._items: OrderedDict[str, str] = OrderedDict()
        self._flights: dict[str, _Flight] = {}
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0
        self.joined = 0  # requests that waited for another's computation instead of computing

    def get_or_compute(self, key: str, compute: Callable[[], Any]) -> Any:
        return self.get_or_run(key, lambda _report: compute())

    def get_or_run(self, key: str, run: Callable[[Progress], Any], progress: Progress = None) -> Any:
        """The value for ``key``: cached, or being computed by another request, or ``run(report)``."""
        while True:
            with self._lock:
                text = self._items.get(key)
                if text is not None:
                    self._items.move_to_end(key)
                    self.hits += 1
                    return json.loads(text)
                flight = self._flights.get(key)
                leader = flight is None
                if leader:
                    flight = self._flights[key] = _Flight()
                else:
                    flight.waiters += 1
            if leader:
                return self._lead(key, flight, run, progress)
            shown = None
            while not flight.done.wait(self.WAIT_POLL_S):
                if progress is not None and flight.progress not in (None, shown):
                    shown = flight.progress
                    progress(*shown)
            if flight.text is not None:
                with self._lock:
                    self.joined += 1
                return json.loads(flight.text)
            # the computing request failed: try again (a bad input fails again, with its own message)

    def _lead(self, key: str, flight: _Flight, run: Callable[[Progress], Any], progress: Progress) -> Any:
        interrupted: BaseException | None = None

        def relay(fraction: float, message: str = "") -> None:
            nonlocal interrupted
            flight.progress = (fraction, message)
            if progress is not None and interrupted is None:
                try:
                    progress(fraction, message)
                except BaseException as exc:  # this session reruns or stops: finish for the waiters first
                    interrupted = exc

        try:
            value = run(relay)
            # Keep the core's key order: a comparison's policies are in the order picked
            # (the first is the baseline of the deltas), so sorting keys would mislabel them.
            flight.text = json.dumps(value)
            with self._lock:
                self.misses += 1
                self._items[key] = flight.text
                self._items.move_to_end(key)
                while len(self._items) > self.max_entries:
                    self._items.popitem(last=False)
        finally:
            with self._lock:
                self._flights.pop(key, None)
            flight.done.set()
        if interrupted is not None:
            raise interrupted
        return json.loads(flight.text)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.hits = self.misses = self.joined = 0


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
    return CACHE.get_or_run(
        key,
        lambda report: simulate(scenario, policy, rulebook, seed=seed, runs=runs, days=days, progress=report),
        progress,
    )


def compare(scenario, policies: list, rulebook, *, seed: int, runs: int, progress: Progress = None):
    key = fingerprint("compare", scenario, list(policies), rulebook, seed, runs)
    return CACHE.get_or_run(
        key,
        lambda report: core_compare(
            scenario, list(policies), rulebook, seed=seed, runs=runs, progress=report
        ),
        progress,
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
    result = CACHE.get_or_run(
        key,
        lambda report: core_sweep(
            scenario,
            tuple(parameter),
            list(values),
            policy,
            runs=runs,
            seed=seed,
            rulebook=rulebook,
            progress=report,
        ),
        progress,
    )
    return result["points"]
