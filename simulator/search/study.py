"""The search loop: Optuna proposes policies, the executor simulates them, the study remembers.

Trials are asked in batches of a fixed size (the NSGA-II population, or :data:`BATCH` for
TPE), whatever the number of workers: every trial of a batch is asked before any is
simulated, the batch runs on the executor, and the answers are told in trial order.  The
sampler of each batch is seeded from the search seed and the number of trials already done,
so the same inputs and seed give the same trials serially, on a local cluster or on a real
one.  A study resumed after an interruption first finishes the trials it had asked (with their
stored parameters), so it becomes the study an uninterrupted search makes.

A study lives in Optuna's RDB storage (``sqlite:///…`` or ``postgresql://…``) under a name;
the same name continues it.  Its inputs are kept with it, so a name cannot be reused for
another question by mistake.
"""

from __future__ import annotations

import hashlib
import json
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
import optuna
from optuna.distributions import BaseDistribution, CategoricalDistribution, FloatDistribution
from optuna.study import StudyDirection
from optuna.trial import FrozenTrial, TrialState

from formats.errors import ArgumentError
from formats.rulebook import Rulebook
from formats.scenario import Scenario
from simulator.runs.executor import Executor
from simulator.search.evaluate import Task, chunks, joined, run_task
from simulator.search.objectives import OBJECTIVES, interval, weighted
from simulator.search.space import Space

ARGS = "<arguments>"
BATCH = 8  # trials asked together (TPE); NSGA-II asks one population at a time
FIGURES = "figures"  # user attribute: objective -> [mean, low, high]
CONSTRAINTS = "constraints"  # user attribute: one value per limit, <= 0 when met
INPUTS = "inputs"  # study attribute: the fingerprint of what the study answers


@dataclass(frozen=True)
class Question:
    """Everything a search is asked: its answer depends on these and nothing else."""

    scenario: Scenario
    rulebook: Rulebook
    space: Space
    objectives: tuple[str, ...]
    weights: dict[str, float] = field(default_factory=dict)
    limits: dict[str, float] = field(default_factory=dict)
    runs: int = 40
    seed: int = 0
    days: int | None = None
    population: int = 10

    @property
    def single(self) -> bool:
        """One weighted objective (TPE) rather than a Pareto front (NSGA-II)."""
        return bool(self.weights)

    @property
    def batch(self) -> int:
        return BATCH if self.single else self.population

    def distributions(self) -> dict[str, BaseDistribution]:
        out: dict[str, BaseDistribution] = {}
        for sid, choices in self.space.situations.items():
            out[f"handling.{sid}"] = CategoricalDistribution([c.key for c in choices])
            if any(c.waits for c in choices):
                lo, hi = self.space.wait_bounds
                out[f"wait_hours.{sid}"] = FloatDistribution(lo, hi, step=12.0 if hi > lo else None)
        for k in self.space.knobs:
            out[f"scenario.{k.name}"] = FloatDistribution(k.low, k.high, step=1.0 if k.whole else None)
        return out

    def fingerprint(self) -> str:
        data = {
            "scenario": self.scenario.model_dump(mode="json", exclude={"base_dir"}),
            "rulebook": self.rulebook.model_dump(mode="json"),
            "space": {sid: [c.key for c in cs] for sid, cs in self.space.situations.items()},
            "knobs": [[k.name, k.low, k.high] for k in self.space.knobs],
            "wait": list(self.space.wait_bounds),
            "objectives": list(self.objectives),
            "weights": self.weights,
            "limits": self.limits,
            "runs": self.runs,
            "seed": self.seed,
            "days": self.days,
            "population": self.population,
        }
        return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    message: str


ProgressFn = Callable[[Progress], None]


@contextmanager
def held_interrupts() -> Iterator[None]:
    """Ctrl-C waits until the block is done (then raises), in the main thread; elsewhere nothing
    can interrupt (a page's search runs in a script thread, where signals cannot be caught)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda sig, _frame: caught.append(sig))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        raise KeyboardInterrupt


def _sampler(q: Question, done: int) -> optuna.samplers.BaseSampler:
    seed = int(np.random.SeedSequence([q.seed, done]).generate_state(1, dtype=np.uint32)[0])
    # the limits reach the samplers through Trial.set_constraint (see _tell)
    if q.single:
        return optuna.samplers.TPESampler(seed=seed, n_startup_trials=BATCH)
    return optuna.samplers.NSGAIISampler(population_size=q.population, seed=seed)


def storage_of(url: str | optuna.storages.BaseStorage | None) -> optuna.storages.BaseStorage | None:
    """Optuna's RDB storage at ``url`` (None: in memory; a storage object is used as it is).

    A SQLite file is put in write-ahead mode with ``synchronous=NORMAL``: Optuna commits every
    parameter it stores, and a full sync per commit (20 ms on a shared disk) costs more than the
    trial's simulation.  A crash can lose the last trials, never corrupt the study.
    """
    if url is None or isinstance(url, optuna.storages.BaseStorage):
        return url
    try:
        storage = optuna.storages.RDBStorage(url)
    except Exception as exc:  # sqlalchemy's errors for a bad URL or an unreachable server
        raise ArgumentError.single(
            ARGS, f"cannot open the study storage {url}: {exc}", path="--storage"
        ) from None
    if storage.engine.dialect.name == "sqlite":
        # deferred: sqlalchemy is Optuna's dependency; only SQLite files need the event
        from sqlalchemy import event

        def pragmas(connection, _record) -> None:
            cur = connection.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        event.listen(storage.engine, "connect", pragmas)
        storage.engine.dispose()  # the connection opened before the event gets replaced
    return storage


def open_study(
    q: Question, storage: str | optuna.storages.BaseStorage | None, name: str | None
) -> optuna.Study:
    """The study answering ``q``: created, or loaded to continue (refused if it answers another)."""
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    name = name or f"search-{q.fingerprint()[:16]}"
    directions = [StudyDirection.MINIMIZE] * (1 if q.single else len(q.objectives))
    try:
        study = optuna.create_study(
            study_name=name,
            storage=storage_of(storage),
            directions=directions,
            sampler=_sampler(q, 0),
            load_if_exists=True,
        )
    except (ValueError, optuna.exceptions.OptunaError) as exc:
        raise ArgumentError.single(ARGS, f"cannot open study {name!r}: {exc}", path="--storage") from None
    stored = study.user_attrs.get(INPUTS)
    if stored is None:
        study.set_user_attr(INPUTS, q.fingerprint())
    elif stored != q.fingerprint():
        raise ArgumentError.single(
            ARGS,
            f"study {name!r} in this storage answers another question (other inputs)",
            "give another --study name, or the same inputs to continue it",
            path="--study",
        )
    return study


def complete(study: optuna.Study) -> list[FrozenTrial]:
    return sorted(study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,)), key=lambda t: t.number)


def run_batches(
    q: Question,
    study: optuna.Study,
    trials: int,
    executor: Executor,
    progress: ProgressFn | None = None,
    stop_after: int | None = None,
) -> None:
    """Ask, simulate and tell until the study holds ``trials`` complete trials.

    ``stop_after`` batches: stop early, as an interruption would (the tests resume from it).
    """
    dists = q.distributions()
    batches = 0
    # Trials asked but never told were cut off by an interruption: finish them first, with the
    # parameters they were asked with, so the study is the one an uninterrupted search makes.
    left = sorted(study.get_trials(deepcopy=False, states=(TrialState.RUNNING,)), key=lambda t: t.number)
    if left:
        _simulate(q, study, [optuna.trial.Trial(study, t._trial_id) for t in left], executor, None)
    while (done := len(complete(study))) < trials:
        if stop_after is not None and batches >= stop_after:
            return
        study.sampler = _sampler(q, done)
        with held_interrupts():  # a batch is asked whole, or a resume could not ask the same rest
            asked = [study.ask(dists) for _ in range(min(q.batch, trials - done))]

        def step(finished: int, total: int, done: int = done, n: int = len(asked)) -> None:
            if progress is not None:
                now = done + int(finished / total * n)
                progress(Progress(now, trials, f"trial {now} of {trials}"))

        _simulate(q, study, asked, executor, step)
        batches += 1
        if progress is not None:
            progress(Progress(len(complete(study)), trials, f"{len(complete(study))} of {trials} trials"))


def _simulate(q: Question, study: optuna.Study, asked: list[optuna.Trial], executor: Executor, step) -> None:
    """Simulate a batch of asked trials on the executor, then tell them in trial order."""
    parts_of_trial = chunks(q.seed, q.runs)
    tasks = []
    for t in asked:
        sc = q.space.scenario(q.scenario, t.params)
        pol = q.space.policy(t.params, name=f"trial_{t.number}")
        tasks += [Task(sc, pol, q.rulebook, c, q.days, q.objectives) for c in parts_of_trial]
    results = executor.map(run_task, tasks, step)
    k = len(parts_of_trial)
    with held_interrupts():
        for i, t in enumerate(asked):
            _tell(q, study, t, joined(results[i * k : (i + 1) * k], q.objectives))


def _tell(q: Question, study: optuna.Study, trial: optuna.Trial, per_run: dict[str, np.ndarray]) -> None:
    figures = {o: list(interval(per_run[o], OBJECTIVES[o].proportion)) for o in q.objectives}
    means = {o: f[0] for o, f in figures.items()}
    trial.set_user_attr(FIGURES, figures)
    trial.set_user_attr(CONSTRAINTS, [means[o] - lim for o, lim in q.limits.items()] or [0.0])
    for o, lim in q.limits.items():
        trial.set_constraint(o, means[o] - lim)
    values = [weighted(means, q.weights)] if q.single else [means[o] for o in q.objectives]
    study.tell(trial, values)
