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
from typing import Any

from pydantic import BaseModel

from simulator import compare as core_compare
from simulator import order_sample, simulate
from simulator.runs.result_types import Comparison, SimulationResult, SweepPoint, SweepResult
from simulator.runs.sweep import sweep as core_sweep
from ui.shared.result_cache import Progress, ResultCache

__all__ = ["CACHE", "ResultCache", "compare", "fingerprint", "run", "sample", "sweep"]


CACHE = ResultCache()
# id -> (the frozen model, held so that its id stays its own, and its JSON)
_TEXTS: dict[int, tuple[BaseModel, str]] = {}
MAX_TEXTS = 512


def model_text(model: BaseModel) -> str:
    """A model's canonical JSON, once per loaded copy when it is frozen.

    The catalog's models are frozen and drawn on every rerun of every session (a
    rulebook's JSON is long): dumping them again for each cache key was a tenth of
    a gallery rerun's server time (py-spy, benchmarks/loadtest).
    """
    if not model.model_config.get("frozen"):
        return model.model_dump_json()
    kept = _TEXTS.get(id(model))
    if kept is not None and kept[0] is model:
        return kept[1]
    if len(_TEXTS) >= MAX_TEXTS:
        _TEXTS.clear()
    text = model.model_dump_json()
    _TEXTS[id(model)] = (model, text)
    return text


def fingerprint(*parts: Any) -> str:
    """A stable hash of models (by canonical JSON) and plain values."""
    h = hashlib.sha256()
    for part in parts:
        if isinstance(part, BaseModel):
            text = model_text(part)
        elif isinstance(part, list | tuple) and part and isinstance(part[0], BaseModel):
            text = "[" + ",".join(model_text(p) for p in part) + "]"
        else:
            text = json.dumps(part, sort_keys=True, default=str)
        h.update(text.encode())
        h.update(b"\x1f")
    return h.hexdigest()


def run(
    scenario, policy, rulebook, *, seed: int, runs: int, days: int | None = None, progress: Progress = None
):
    key = fingerprint("run", scenario, policy, rulebook, seed, runs, days)
    return SimulationResult.from_dict(
        CACHE.get_or_run(
            key,
            lambda report: simulate(
                scenario, policy, rulebook, seed=seed, runs=runs, days=days, progress=report
            ).to_dict(),
            progress,
        )
    )


def compare(scenario, policies: list, rulebook, *, seed: int, runs: int, progress: Progress = None):
    key = fingerprint("compare", scenario, list(policies), rulebook, seed, runs)
    return Comparison.from_dict(
        CACHE.get_or_run(
            key,
            lambda report: core_compare(
                scenario, list(policies), rulebook, seed=seed, runs=runs, progress=report
            ).to_dict(),
            progress,
        )
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
) -> list[SweepPoint]:
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
        ).to_dict(),
        progress,
    )
    return SweepResult.from_dict(result).points
