"""One trial's Monte Carlo runs, cut into chunks any worker can run: common random numbers.

The runs of a trial are cut into chunks of at most :data:`CHUNK` runs; chunk ``i`` simulates
from the ``i``-th child of ``numpy.random.SeedSequence(seed).spawn(n)``.  Every trial uses
the same children, so two candidates meet the same orders and buyers, and a chunk's figures
do not depend on which worker ran it or on how many ran at once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from formats.policy import Policy
from formats.rulebook import Rulebook
from formats.scenario import Scenario
from simulator.engine.plan import build_plan
from simulator.runs.montecarlo import run_series
from simulator.search.objectives import per_run

CHUNK = 25  # runs a task simulates; small enough to spread a trial over several workers


@dataclass(frozen=True)
class Chunk:
    seed: int
    runs: int


@dataclass(frozen=True)
class Task:
    """What a worker needs to simulate one chunk of one trial (pickled to the worker)."""

    scenario: Scenario
    policy: Policy
    rulebook: Rulebook
    chunk: Chunk
    days: int | None
    objectives: tuple[str, ...]


def chunks(seed: int, runs: int, size: int = CHUNK) -> list[Chunk]:
    """The chunks of ``runs`` runs: the same for every trial of a search with this seed."""
    n = max(1, math.ceil(runs / size))
    children = np.random.SeedSequence(int(seed)).spawn(n)
    sizes = [size] * (n - 1) + [runs - size * (n - 1)]
    return [
        Chunk(int(c.generate_state(1, dtype=np.uint32)[0]), k) for c, k in zip(children, sizes, strict=True)
    ]


def run_task(task: Task) -> dict[str, np.ndarray]:
    """The per-run figure of every objective for one chunk (runs on a worker)."""
    sc, rb = task.scenario, task.rulebook
    plan = build_plan(rb, task.policy, sc)
    lay, (acc,) = run_series(sc, [plan], rb, seed=task.chunk.seed, runs=task.chunk.runs, days=task.days)
    return per_run(acc, rb, sc.average_order_value, lay.warmup, task.objectives)


def joined(parts: list[dict[str, np.ndarray]], objectives: tuple[str, ...]) -> dict[str, np.ndarray]:
    """A trial's chunks back together, in chunk order."""
    return {o: np.concatenate([p[o] for p in parts]) for o in objectives}
