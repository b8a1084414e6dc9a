"""Monte Carlo runs and policy comparison on common random numbers.

Each run's orders are drawn from its own generator (``SeedSequence([seed, run])``),
in batches of runs (:mod:`simulator.engine.batch`), every policy is applied to those
same draws, and only per-day counts are kept (arrays of shape (runs, days)), so memory
does not grow with the number of orders.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from pydantic import ValidationError

from formats.errors import ArgumentError, RulebookError
from formats.policy import Policy
from formats.rulebook import Rulebook
from formats.scenario import Scenario, policy_path
from formats.validate import file_error, validation_problems
from simulator.catalog import load_policy, load_scenario, rulebook_for, scenario_policy
from simulator.engine.apply import SERIES, apply_batch
from simulator.engine.batch import batch_size, draw_batch
from simulator.engine.plan import Plan, background, build_plan
from simulator.engine.streams import DEFAULT_SEED, Layout, layout
from simulator.runs.budget import check_budget
from simulator.runs.result_types import Comparison, SimulationResult
from simulator.runs.results import compare_block, result_block

Progress = Callable[[float, str], None]
MAX_RUNS = 100_000
ARGS = "<arguments>"  # the "file" named in errors about function or CLI arguments
# Per-day results are kept for every run (10 small ints per run-day and policy);
# this bounds that memory (~160 MB) whatever the input.
MAX_CELLS = 4_000_000


def _scenario(scenario: Scenario | str | Path) -> Scenario:
    if not isinstance(scenario, Scenario):
        return load_scenario(scenario)
    # model_copy(update=...) skips validation (the lab's sliders use it): check again.
    _revalidate(scenario, "<scenario>")
    return scenario


def _revalidate(model, label: str) -> None:
    try:
        type(model).model_validate(model.model_dump())
    except ValidationError as exc:
        probs = validation_problems(exc, label, at=(1, 1), path=lambda loc: ".".join(map(str, loc)))
        raise file_error(type(model))(probs) from None


def _policy(policy: Policy | str | Path | None, scenario: Scenario, rb: Rulebook) -> Policy:
    if policy is None:
        return scenario_policy(scenario, rb)
    if isinstance(policy, Policy):
        _revalidate(policy, "<policy>")
        return policy
    if Path(policy).is_file() or scenario.base_dir is None:
        return load_policy(policy, rb)
    try:  # next to the scenario first, then the shipped ones
        path = policy_path(str(policy), scenario.base_dir)
    except RulebookError:
        return load_policy(policy, rb)  # for its message: file not found / no such policy
    return load_policy(path, rb)


def _check_size(runs: int, days: int, policies: int) -> None:
    """``days`` counts the simulated history before day 1 too (see ``Layout.warmup``)."""
    if runs * days * policies > MAX_CELLS:
        what = f"{runs:,} runs x {days:,} simulated days x {policies} polic{'y' if policies == 1 else 'ies'}"
        hint = f"keep runs x days x policies under {MAX_CELLS:,}"
        raise ArgumentError.single(ARGS, f"{what} is too much work", hint, path="runs")


def _check_args(runs: int, days: int | None, seed: int) -> None:
    if not 1 <= int(runs) <= MAX_RUNS:
        raise ArgumentError.single(ARGS, f"must be between 1 and {MAX_RUNS:,}, got {runs}", path="runs")
    if days is not None and not 1 <= int(days) <= 3660:
        raise ArgumentError.single(ARGS, f"must be between 1 and 3660, got {days}", path="days")
    if int(seed) < 0:
        raise ArgumentError.single(ARGS, f"must be 0 or more, got {seed}", path="seed")


def run_series(
    scenario: Scenario,
    plans: Sequence[Plan],
    rb: Rulebook,
    *,
    seed: int,
    runs: int,
    days: int | None,
    progress: Progress | None = None,
) -> tuple[Layout, list[dict[str, np.ndarray]]]:
    """Per-day counts, shape (runs, lay.span), of every series for every plan (same draws for all).

    The first ``lay.warmup`` columns are the shop's history before day 1.
    """
    bg = background(rb)
    lay = layout(scenario, rb, bg, days)
    _check_size(runs, lay.span, len(plans))
    check_budget(lay, runs, len(plans))  # before anything is drawn
    acc = [{k: np.zeros((runs, lay.span), dtype=np.int32) for k in SERIES} for _ in plans]
    # Runs go in batches (each run on its own generator, so the batch size changes no number),
    # small enough to keep progress moving: about 20 steps.
    size = max(1, min(batch_size(lay), -(-runs // 20)))
    for first in range(0, runs, size):
        n = min(size, runs - first)
        draws = draw_batch(lay, seed, first, n)
        for a, plan in zip(acc, plans, strict=True):
            for k, v in apply_batch(plan, bg, lay, draws).items():
                a[k][first : first + n] = v
        if progress is not None:
            progress((first + n) / runs, f"run {first + n:,} of {runs:,}")
    if progress is not None:
        progress(1.0, "done")
    return lay, acc


def simulate(
    scenario: Scenario | str | Path,
    policy: Policy | str | Path | None = None,
    rulebook: Rulebook | str | Path | None = None,
    *,
    seed: int = DEFAULT_SEED,
    runs: int = 1,
    days: int | None = None,
    progress: Progress | None = None,
) -> SimulationResult:
    """Simulate ``runs`` independent streams under one policy (``to_json()``: `run --format json`)."""
    _check_args(runs, days, seed)
    sc = _scenario(scenario)
    rb = rulebook_for(sc, rulebook)
    pol = _policy(policy, sc, rb)
    plan = build_plan(rb, pol, sc)
    lay, (acc,) = run_series(sc, [plan], rb, seed=seed, runs=runs, days=days, progress=progress)
    return SimulationResult.from_dict(result_block(sc, pol, rb, plan, lay, acc, seed=seed, runs=runs))


def compare(
    scenario: Scenario | str | Path,
    policies: Sequence[Policy | str | Path],
    rulebook: Rulebook | str | Path | None = None,
    *,
    seed: int = DEFAULT_SEED,
    runs: int = 1,
    days: int | None = None,
    progress: Progress | None = None,
) -> Comparison:
    """Several policies on common random numbers: same orders, same buyers, same draws."""
    _check_args(runs, days, seed)
    if not policies:
        raise ArgumentError.single(
            "policies", "compare needs at least one policy", "pass --policy A --policy B"
        )
    sc = _scenario(scenario)
    rb = rulebook_for(sc, rulebook)
    pols = [_policy(p, sc, rb) for p in policies]
    plans = [build_plan(rb, p, sc) for p in pols]
    lay, accs = run_series(sc, plans, rb, seed=seed, runs=runs, days=days, progress=progress)
    blocks = [
        SimulationResult.from_dict(result_block(sc, p, rb, plan, lay, acc, seed=seed, runs=runs))
        for p, plan, acc in zip(pols, plans, accs, strict=True)
    ]
    return compare_block(sc, rb, blocks, seed=seed, runs=runs, days=lay.days)
