"""``search()``: the one function the CLI, the lab and the tests call.

The work is said up front (:func:`plan_search`: trials x runs x simulated days, in run-days)
and refused in words when it is over one machine's budget (``simulator.runs.budget``); a
Dask cluster (``--scheduler tcp://…``) lifts the total, not the size of one run.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import optuna

from formats.errors import ArgumentError
from formats.policy import Policy
from formats.rulebook import Rulebook
from formats.scenario import Scenario
from simulator.catalog import rulebook_for
from simulator.engine.plan import background
from simulator.engine.streams import layout
from simulator.runs.budget import check_budget
from simulator.runs.executor import Executor
from simulator.runs.montecarlo import MAX_RUNS, _check_args, _scenario
from simulator.search.evaluate import Task, chunks, joined, run_task
from simulator.search.objectives import DEFAULT_OBJECTIVES, OBJECTIVES, interval, parse_objectives
from simulator.search.result import Figure, SearchResult, build_result
from simulator.search.space import WAIT_BOUNDS, Knob, Space, build_space, parse_knob
from simulator.search.study import Progress, ProgressFn, Question, complete, open_study, run_batches

ARGS = "<arguments>"
MAX_TRIALS = 5_000
DEFAULT_TRIALS = 40
DEFAULT_RUNS = 40


def default_storage() -> str:
    """The project's own SQLite file for studies: ``$CANCEL_DESK_DATA/search.sqlite3`` (``data/``)."""
    folder = Path(os.environ.get("CANCEL_DESK_DATA") or "data")
    return f"sqlite:///{folder / 'search.sqlite3'}"


@dataclass(frozen=True)
class Work:
    trials: int
    runs: int
    span: int  # simulated days a run (history before day 1 included)
    incidents: float  # orders that meet a situation, over the whole search

    @property
    def run_days(self) -> int:
        return self.trials * self.runs * self.span

    def words(self) -> str:
        return (
            f"{self.trials:,} trials x {self.runs:,} runs x {self.span:,} simulated days = "
            f"{self.run_days:,} run-days (about {self.incidents:,.0f} orders that meet a situation)"
        )


def plan_search(q: Question, trials: int, *, cluster: bool) -> Work:
    """The work of ``trials`` trials; refused over one machine's budget unless ``cluster``."""
    lay = layout(q.scenario, q.rulebook, background(q.rulebook), q.days)
    one = check_budget(lay)  # a single run must fit a worker's memory anywhere
    work = Work(trials, q.runs, lay.span, one.incidents * trials * q.runs)
    if not cluster:
        try:
            check_budget(lay, q.runs, trials)
        except ArgumentError as exc:
            p = exc.problems[0]
            cluster_hint = (
                "or spread it over a Dask cluster with --scheduler tcp://host:8786 (docs/scaling.md)"
            )
            hint = f"{p.hint}; {cluster_hint}"
            raise ArgumentError([replace(p, message=f"{work.words()}: {p.message}", hint=hint)]) from None
    return work


def question(
    scenario: Scenario | str | Path,
    *,
    objectives: Sequence[str] | str = DEFAULT_OBJECTIVES,
    weights: dict[str, float] | None = None,
    limits: dict[str, float] | None = None,
    runs: int = DEFAULT_RUNS,
    seed: int = 0,
    include_risky: bool = False,
    params: Sequence[str | Knob] = (),
    situations: list[str] | None = None,
    rulebook: Rulebook | str | Path | None = None,
    days: int | None = None,
    wait_bounds: tuple[float, float] = WAIT_BOUNDS,
    population: int = 10,
) -> Question:
    """The question a search answers, checked (a located message for any bad input)."""
    _check_args(runs, days, seed)
    if runs > MAX_RUNS:
        raise ArgumentError.single(ARGS, f"at most {MAX_RUNS:,} runs", path="runs")
    objs = parse_objectives(list(objectives) if not isinstance(objectives, str) else objectives)
    for what, pairs in (("--weights", weights or {}), ("--limit", limits or {})):
        for name in pairs:
            if name not in objs:
                raise ArgumentError.single(
                    ARGS, f"{name!r} is not one of the objectives searched", ", ".join(objs), path=what
                )
    if not 2 <= population <= 500:
        raise ArgumentError.single(ARGS, "the population takes 2 to 500", path="population")
    sc = _scenario(scenario)
    rb = rulebook_for(sc, rulebook)
    knobs = [k if isinstance(k, Knob) else parse_knob(k, sc, rb) for k in params]
    space: Space = build_space(
        sc, rb, include_risky=include_risky, knobs=knobs, situations=situations, wait_bounds=wait_bounds
    )
    return Question(
        sc, rb, space, objs, dict(weights or {}), dict(limits or {}), runs, seed, days, population
    )


def searching(
    q: Question,
    *,
    trials: int = DEFAULT_TRIALS,
    executor: Executor | None = None,
    storage: str | optuna.storages.BaseStorage | None = None,
    study_name: str | None = None,
    progress: ProgressFn | None = None,
) -> Iterator[SearchResult]:
    """The result so far after each batch of trials (the lab draws the front as it grows).

    The last one is :func:`search`'s answer: a batch is the unit a study resumes from.
    """
    ex, work, study = _start(q, trials, executor, storage, study_name, progress)
    while True:
        run_batches(q, study, trials, ex, progress, stop_after=1)
        done = complete(study)
        yield build_result(q, done, len(done) * q.runs * work.span, study.study_name)
        if len(done) >= trials:
            return


def evaluate_policy(q: Question, policy: Policy, executor: Executor | None = None) -> dict[str, Figure]:
    """A policy's figures on the search's own seeds (the lab marks the policy in force on the chart)."""
    ex = executor or Executor()
    tasks = [Task(q.scenario, policy, q.rulebook, c, q.days, q.objectives) for c in chunks(q.seed, q.runs)]
    per_run = joined(ex.map(run_task, tasks), q.objectives)
    return {
        o: Figure(*(round(float(x), 6) for x in interval(per_run[o], OBJECTIVES[o].proportion)))
        for o in q.objectives
    }


def _start(q: Question, trials: int, executor, storage, study_name, progress):
    """What a search and its batch-by-batch form both begin with: the trials checked, the work
    planned (and refused over the budget) and said, and the study opened or resumed."""
    _check_trials(trials)
    ex = executor or Executor()
    work = plan_search(q, trials, cluster=ex.remote)
    if progress is not None:
        progress(Progress(0, trials, f"{work.words()} on {ex.name}"))
    return ex, work, open_study(q, storage, study_name)


def _check_trials(trials: int) -> None:
    if not 1 <= int(trials) <= MAX_TRIALS:
        raise ArgumentError.single(ARGS, f"must be between 1 and {MAX_TRIALS:,}, got {trials}", path="trials")


def search(
    q: Question,
    *,
    trials: int = DEFAULT_TRIALS,
    executor: Executor | None = None,
    storage: str | optuna.storages.BaseStorage | None = None,
    study_name: str | None = None,
    progress: ProgressFn | None = None,
    stop_after: int | None = None,
) -> SearchResult:
    """Run (or continue) the study answering ``q`` until it has ``trials`` trials; its result.

    ``storage`` None keeps the study in memory (nothing to resume); ``stop_after`` batches
    stops early, as an interruption would.
    """
    ex, work, study = _start(q, trials, executor, storage, study_name, progress)
    run_batches(q, study, trials, ex, progress, stop_after)
    done = complete(study)
    return build_result(q, done, len(done) * q.runs * work.span, study.study_name)
