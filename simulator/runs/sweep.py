"""The parameter sweep: one scenario number set to each of several values, the rest unchanged.

Every point uses the same seed and the same number of runs, so the points
differ only by the parameter (common random numbers, as in ``compare``).  Each
point reports what the lab's sweep chart and ``python -m simulator sweep``
show: the breach probability, and the peak and mean rolling Cancellation Rate
(means over runs, as in ``simulate``) with the 5th-95th percentile band of the
per-run figures.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from formats.errors import RulebookError
from formats.policy import Policy
from formats.rulebook import Rulebook
from formats.scenario import Scenario
from simulator.catalog import rulebook_for
from simulator.engine.metrics import _num, cancellation_rate_block, rolling_rate
from simulator.engine.plan import build_plan
from simulator.runs.executor import Executor
from simulator.runs.montecarlo import ARGS, _check_args, _policy, _scenario, run_series
from simulator.runs.params import ParamPath, get_param, param_text, parse_param, with_values
from simulator.runs.result_types import SweepPoint, SweepResult

Progress = Callable[[float, str], None]
DEFAULT_RUNS = 100
MAX_POINTS = 50


def sweep(
    scenario: Scenario | str | Path,
    param_path: str | ParamPath,
    values: Sequence[float],
    policy: Policy | str | Path | None = None,
    *,
    runs: int = DEFAULT_RUNS,
    seed: int = 0,
    rulebook: Rulebook | str | Path | None = None,
    days: int | None = None,
    progress: Progress | None = None,
    executor: Executor | None = None,
) -> SweepResult:
    """Simulate the scenario with ``param_path`` set to each of ``values``.

    ``param_path`` is dotted text (``situations.out_of_stock.days_20-40``) or its
    tuple; see ``simulator.runs.params``.  Returns ``{scenario, policy, rulebook,
    seed, runs, days, parameter, current, points: [{value, breach_probability,
    peak, peak_p05, peak_p95, mean_rate, mean_rate_p05,
    mean_rate_p95}]}``.  A bad path or value raises RulebookError.  With an ``executor``
    each point is a task (on a Dask worker); the points are the same either way.
    """
    _check_args(runs, days, seed)
    if not 1 <= len(values) <= MAX_POINTS:
        raise RulebookError.single(
            ARGS, f"a sweep takes 1 to {MAX_POINTS} values, got {len(values)}", path="--values"
        )
    sc = _scenario(scenario)
    rb = rulebook_for(sc, rulebook)
    path = parse_param(param_path, sc, rb) if isinstance(param_path, str) else tuple(param_path)
    pol = _policy(policy, sc, rb)
    whole = isinstance(get_param(sc, path), int)
    variants = [_variant(sc, path, value, whole) for value in values]  # every value checked first
    if executor is not None:
        done = None if progress is None else _counted(progress, len(values))
        tasks = [(variant, pol, rb, seed, runs, days) for variant in variants]
        figures = executor.map(_point_task, tasks, done)
        points = [SweepPoint(value=v, **f) for v, f in zip(values, figures, strict=True)]
    else:
        points = []
        for i, (value, variant) in enumerate(zip(values, variants, strict=True)):

            def step(fraction: float, message: str, i: int = i) -> None:
                if progress is not None:
                    progress((i + fraction) / len(values), f"point {i + 1} of {len(values)}: {message}")

            task = (variant, pol, rb, seed, runs, days)
            points.append(SweepPoint(value=value, **_point_task(task, step)))
    if progress is not None:
        progress(1.0, "sweep done")
    return SweepResult(
        scenario=sc.name,
        policy=pol.name,
        rulebook=rb.id,
        seed=seed,
        runs=runs,
        days=days or sc.days,
        parameter=param_text(path),
        current=get_param(sc, path),
        points=points,
    )


def _point_task(task: tuple, progress: Progress | None = None) -> dict:
    """One point's figures (runs on an executor's worker, or here)."""
    variant, pol, rb, seed, runs, days = task
    plan = build_plan(rb, pol, variant)
    lay, (acc,) = run_series(variant, [plan], rb, seed=seed, runs=runs, days=days, progress=progress)
    return _figures(rb, acc["counted_cancellations"], acc["seller_fulfilled_orders"], lay.warmup)


def _counted(progress: Progress, n: int):
    def done(i: int, total: int) -> None:
        progress(i / total, f"point {i} of {n}")

    return done


def _variant(sc: Scenario, path: ParamPath, value: float, whole: bool) -> Scenario:
    """The scenario with one value set; its problems are named after the argument that caused them."""
    try:
        return with_values(sc, {path: _typed(value, whole, path)}, ARGS)
    except RulebookError as exc:
        name = f"{param_text(path)} = {value:g}"
        problems = [
            replace(p, line=1, col=1, path="--values", message=f"{name}: {p.message}") for p in exc.problems
        ]
        raise RulebookError(problems) from None


def _typed(value: float, whole: bool, path: ParamPath) -> float | int:
    if not whole:
        return float(value)
    if float(value) != int(value):
        raise RulebookError.single(
            ARGS, "takes whole numbers", f"e.g. {int(value)} or {int(value) + 1}", path="--values"
        )
    return int(value)


def _figures(rb: Rulebook, counted: np.ndarray, mfn: np.ndarray, warmup: int) -> dict:
    """Breach probability (any window, as ``simulate``), peak and mean rate with their 5-95% bands."""
    block = cancellation_rate_block(rb, counted, mfn, warmup=warmup)
    rate = rolling_rate(counted, mfn, rb.metrics.cancellation_rate.windows_days[0])[:, warmup:]
    out = {"breach_probability": block["breach_probability"]}
    with warnings.catch_warnings():  # a run with no seller-fulfilled orders has no rate at all
        warnings.simplefilter("ignore", RuntimeWarning)
        # The peak is the median run's peak, as everywhere else (runs.results.peak_block);
        # the mean rate is the mean over runs, as in ``simulate``.
        for name, fn, centre in (("peak", np.nanmax, None), ("mean_rate", np.nanmean, block["mean"])):
            per_run = fn(rate, axis=1)
            finite = per_run[np.isfinite(per_run)]
            lo, mid, hi = np.percentile(finite, [5, 50, 95]) if finite.size else (np.nan,) * 3
            centre = _num(float(mid)) if centre is None else centre
            out.update({name: centre, f"{name}_p05": _num(float(lo)), f"{name}_p95": _num(float(hi))})
    return out
