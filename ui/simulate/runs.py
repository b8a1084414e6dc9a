"""Cached calls into the simulator: run, compare, sample and sweep.

Results are pure functions of (scenario, policy, rulebook, seed, runs, days), so one
``st.cache_data`` serves every user: it hashes the models by their JSON, hands each
caller its own copy (so no user can change what another gets), and computes
concurrent identical misses once: it holds a lock per key, so when twenty sessions
press Run on one link the first computes and the others wait for it (their bars stay
at "starting") instead of twenty copies sharing the GIL.

The computing session's progress bar is drawn outside the cache's record of elements
(:class:`_Relay`): it belongs to this run of this session, not to every later hit.

A heavy computation (``simulator.runs.budget``) first takes its turn on the server's
:data:`~ui.shared.run_gate.GATE`, inside the cached body so that a cache hit never waits; its
bar says its place in line meanwhile, and a browser gets one heavy run at a time.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable
from contextlib import nullcontext
from typing import Any

import streamlit as st
from pydantic import BaseModel
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx, in_cached_function
from streamlit.web.server.starlette.starlette_app_utils import decode_xsrf_token_string

from formats.errors import RulebookError
from simulator.runs.budget import weigh_request
from simulator.runs.montecarlo import compare as core_compare
from simulator.runs.montecarlo import simulate
from simulator.runs.order_view import order_sample
from simulator.runs.result_types import Comparison, SimulationResult, SweepPoint, SweepResult
from simulator.runs.sweep import sweep as core_sweep
from ui.shared.run_gate import GATE, ordinal

__all__ = ["Progress", "clear", "compare", "fingerprint", "kept", "run", "sample", "sweep"]

Progress = Callable[[float, str], None] | None
MAX_ENTRIES = 128
XSRF_COOKIE = "_streamlit_xsrf"  # Streamlit's, one token per browser
MISSES: Counter[str] = Counter()  # computations by kind (a cached function's body runs only on a miss)


class _Relay:
    """The core's progress reports, drawn by the computing session as its own elements.

    A rerun or stop of that session (raised by a redraw) waits until the computation is
    done and cached, for the sessions waiting on it; it is raised again afterwards.
    """

    def __init__(self, progress: Progress, visitor: str | None = None) -> None:
        self.progress = progress
        self.visitor = visitor  # set for a heavy computation: it takes its turn on the gate
        self.interrupted: BaseException | None = None

    def turn(self):
        """The gate's place for a heavy computation (nothing to wait for otherwise)."""
        return nullcontext() if self.visitor is None else GATE.slot(self.visitor, self.waiting)

    def waiting(self, place: int) -> None:
        self(0.0, f"waiting: {ordinal(place)} in line (large simulations run one at a time)")
        if self.interrupted is not None:
            raise self.interrupted  # a rerun or a closed tab leaves the line

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
    with _report.turn():
        return simulate(scenario, policy, rulebook, seed=seed, runs=runs, days=days, progress=_report)


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False)
def _compare(scenario, policies: list, rulebook, seed: int, runs: int, _report: _Relay) -> Comparison:
    MISSES["compare"] += 1
    with _report.turn():
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
    with _report.turn():
        return core_sweep(
            scenario, parameter, values, policy, runs=runs, seed=seed, rulebook=rulebook, progress=_report
        )


def clear() -> None:
    """Empty every cache of this module (tests and benchmarks that measure a cold start)."""
    for cached in (kept, _run, _compare, _sample, _sweep):
        cached.clear()
    MISSES.clear()


def visitor() -> str:
    """Who asks, for "one heavy run at a time": the browser (its XSRF cookie's token is the same
    in all its tabs), else the session; outside a server, this process."""
    ctx = get_script_run_ctx()
    if ctx is None:
        return "local"
    raw = st.context.cookies.get(XSRF_COOKIE)
    if raw:
        try:
            token, _ = decode_xsrf_token_string(raw)
        except (ValueError, TypeError):
            token = None
        if token:
            return "browser:" + hashlib.sha256(token).hexdigest()
    return "session:" + ctx.session_id


def _relay(progress: Progress, scenario, rulebook, runs: int, policies: int = 1, days=None) -> _Relay:
    """A relay that takes the gate's turn when the request is heavy."""
    try:
        heavy = weigh_request(scenario, rulebook, runs, policies, days).heavy
    except (RulebookError, ValueError, TypeError, AttributeError):
        heavy = False  # the core refuses these inputs in its own words
    return _Relay(progress, visitor() if heavy else None)


def run(
    scenario, policy, rulebook, *, seed: int, runs: int, days: int | None = None, progress: Progress = None
):
    relay = _relay(progress, scenario, rulebook, runs, 1, days)
    return relay.done(_run(scenario, policy, rulebook, seed, runs, days, relay))


def compare(scenario, policies: list, rulebook, *, seed: int, runs: int, progress: Progress = None):
    relay = _relay(progress, scenario, rulebook, runs, len(policies))
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
    relay = _relay(progress, scenario, rulebook, runs, len(values))
    result = relay.done(_sweep(scenario, policy, rulebook, tuple(parameter), list(values), seed, runs, relay))
    return result.points
