"""Cached calls into the simulator: run, compare, sample and sweep.

Results are pure functions of (scenario, policy, rulebook, seed, runs, days), so one
``st.cache_data`` serves every user: it hashes the models by their JSON, hands each
caller its own copy (so no user can change what another gets), and computes
concurrent identical misses once: it holds a lock per key, so when twenty sessions
press Run on one link the first computes and the others wait for it (their bars stay
at "starting") instead of twenty copies sharing the GIL.

The computing session's progress bar is drawn outside the cache's record of elements
(:class:`_Relay`): it belongs to this run of this session, not to every later hit.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable
from typing import Any

import streamlit as st
from pydantic import BaseModel
from streamlit.runtime.scriptrunner_utils.script_run_context import in_cached_function

from simulator.runs.montecarlo import compare as core_compare
from simulator.runs.montecarlo import simulate
from simulator.runs.order_view import order_sample
from simulator.runs.result_types import Comparison, SimulationResult, SweepPoint, SweepResult
from simulator.runs.sweep import sweep as core_sweep

__all__ = ["Progress", "clear", "compare", "fingerprint", "kept", "run", "sample", "sweep"]

Progress = Callable[[float, str], None] | None
MAX_ENTRIES = 128
MISSES: Counter[str] = Counter()  # computations by kind (a cached function's body runs only on a miss)


class _Relay:
    """The core's progress reports, drawn by the computing session as its own elements.

    A rerun or stop of that session (raised by a redraw) waits until the computation is
    done and cached, for the sessions waiting on it; it is raised again afterwards.
    """

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.interrupted: BaseException | None = None

    def __call__(self, fraction: float, message: str = "") -> None:
        if self.progress is None or self.interrupted is not None:
            return
        token = in_cached_function.set(False)  # not recorded for replay on later hits
        try:
            self.progress(fraction, message)
        except BaseException as exc:
            self.interrupted = exc
        finally:
            in_cached_function.reset(token)

    def done(self, value: Any) -> Any:
        if self.interrupted is not None:
            raise self.interrupted
        return value


def fingerprint(*parts: Any) -> str:
    """A stable hash of models (by canonical JSON) and plain values (keys of saved results)."""
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


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False)
def kept(key: str, _compute: Callable[[], Any]) -> Any:
    """``_compute()``, once per ``key`` for every session (``key`` says all it depends on)."""
    MISSES["kept"] += 1
    return _compute()


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False)
def _run(
    scenario, policy, rulebook, seed: int, runs: int, days: int | None, _report: _Relay
) -> SimulationResult:
    MISSES["run"] += 1
    return simulate(scenario, policy, rulebook, seed=seed, runs=runs, days=days, progress=_report)


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False)
def _compare(scenario, policies: list, rulebook, seed: int, runs: int, _report: _Relay) -> Comparison:
    MISSES["compare"] += 1
    return core_compare(scenario, policies, rulebook, seed=seed, runs=runs, progress=_report)


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False)
def _sample(scenario, policy, rulebook, seed: int, n: int, offset: int, only_incidents: bool):
    MISSES["sample"] += 1
    return order_sample(
        scenario, policy, rulebook, seed=seed, n=n, offset=offset, only_incidents=only_incidents
    )


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False)
def _sweep(
    scenario, policy, rulebook, parameter: tuple, values: list, seed: int, runs: int, _report: _Relay
) -> SweepResult:
    MISSES["sweep"] += 1
    return core_sweep(
        scenario, parameter, values, policy, runs=runs, seed=seed, rulebook=rulebook, progress=_report
    )


def clear() -> None:
    """Empty every cache of this module (tests and benchmarks that measure a cold start)."""
    for cached in (kept, _run, _compare, _sample, _sweep):
        cached.clear()
    MISSES.clear()


def run(
    scenario, policy, rulebook, *, seed: int, runs: int, days: int | None = None, progress: Progress = None
):
    relay = _Relay(progress)
    return relay.done(_run(scenario, policy, rulebook, seed, runs, days, relay))


def compare(scenario, policies: list, rulebook, *, seed: int, runs: int, progress: Progress = None):
    relay = _Relay(progress)
    return relay.done(_compare(scenario, list(policies), rulebook, seed, runs, relay))


def sample(
    scenario, policy, rulebook, *, seed: int, n: int = 50, offset: int = 0, only_incidents: bool = False
) -> list[dict]:
    """A page of run 1's orders; with ``only_incidents``, a page of the orders that met a situation."""
    return _sample(scenario, policy, rulebook, seed, n, offset, only_incidents)


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
) -> list[SweepPoint]:
    """Breach probability, peak and mean rate (with 5-95% bands) at each value of one scenario number.

    The core's ``sweep`` (as ``python -m simulator sweep``): every point uses the same
    seed, so the points differ only by the parameter.  ``parameter`` is a path of
    ``simulator.runs.params`` (each situation entry has its own).
    """
    relay = _Relay(progress)
    result = relay.done(_sweep(scenario, policy, rulebook, tuple(parameter), list(values), seed, runs, relay))
    return result.points
