"""What a search answers: every trial's figures, the Pareto front, and the best for the weights.

Each front point is a full policy (its YAML) with the compliance verdict of the one
judgement (:func:`simulator.runs.compliance.compliance_block`).  Every figure is a mean over
the runs with its 95% interval; two points whose intervals overlap on every objective cannot
be told apart with this many runs, and each lists the other under ``tied_with``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

import yaml
from optuna.trial import FrozenTrial

from simulator.runs.compliance import compliance_block
from simulator.search.objectives import OBJECTIVES, weighted
from simulator.search.study import CONSTRAINTS, FIGURES, Question


@dataclass(frozen=True)
class Figure:
    mean: float
    low: float
    high: float

    def overlaps(self, other: Figure) -> bool:
        return self.low <= other.high and other.low <= self.high


@dataclass
class Point:
    trial: int
    figures: dict[str, Figure]
    feasible: bool
    status: str  # the compliance verdict's status
    label: str = ""
    summary: str = ""
    policy_yaml: str = ""
    tied_with: list[int] = field(default_factory=list)
    score: float | None = None  # the weighted objective, when weights are given
    scenario_values: dict[str, float] = field(default_factory=dict)  # the --param numbers chosen
    params: dict[str, str | float] = field(default_factory=dict)  # the trial's choices, as Optuna holds them

    def means(self) -> dict[str, float]:
        return {o: f.mean for o, f in self.figures.items()}


@dataclass
class SearchResult:
    scenario: str
    rulebook: str
    seed: int
    runs: int
    trials: int
    run_days: int
    objectives: list[dict]
    weights: dict[str, float]
    limits: dict[str, float]
    space: dict[str, list[dict]]
    front: list[Point]
    best: Point | None
    all_trials: list[Point]
    study: str = ""

    def to_dict(self) -> dict:
        return asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, sort_keys=False)


def dominates(a: dict[str, float], b: dict[str, float]) -> bool:
    """``a`` is no worse than ``b`` everywhere and better somewhere (every objective is minimised)."""
    return all(a[o] <= b[o] for o in a) and any(a[o] < b[o] for o in a)


def pareto(points: list[Point]) -> list[Point]:
    """The points no other point dominates; of equal figures, the earliest trial only."""
    out: list[Point] = []
    seen: set[tuple[float, ...]] = set()
    for p in points:
        m = p.means()
        if any(dominates(q.means(), m) for q in points):
            continue
        key = tuple(m.values())
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def _point(q: Question, t: FrozenTrial, detail: bool) -> Point:
    figures = {o: Figure(*(round(float(x), 6) for x in v)) for o, v in t.user_attrs[FIGURES].items()}
    feasible = all(c <= 0 for c in t.user_attrs.get(CONSTRAINTS, [0.0]))
    point = Point(t.number, figures, feasible, q.space.status(t.params))
    point.scenario_values = {k.name: t.params[f"scenario.{k.name}"] for k in q.space.knobs}
    point.params = dict(t.params)
    if q.weights:
        point.score = round(weighted(point.means(), q.weights), 6)
    if detail:
        policy = q.space.policy(t.params, name=f"trial_{t.number}")
        verdict = compliance_block(q.rulebook, policy)  # the one judgement, on the whole policy
        point.status, point.label, point.summary = verdict.status, verdict.label, verdict.summary
        data = policy.model_dump(mode="json", exclude_none=True)
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
        # the scenario numbers the search moved, as comments the policy file keeps
        text += "".join(f"# scenario {k}: {v:g}\n" for k, v in point.scenario_values.items())
        point.policy_yaml = text
    return point


def _ties(front: list[Point]) -> None:
    for p in front:
        p.tied_with = [
            q.trial
            for q in front
            if q is not p and all(p.figures[o].overlaps(q.figures[o]) for o in p.figures)
        ]


def build_result(q: Question, trials: list[FrozenTrial], run_days: int, study: str = "") -> SearchResult:
    everyone = [_point(q, t, detail=False) for t in trials]
    feasible = [p for p in everyone if p.feasible] or everyone
    front_trials = {p.trial for p in pareto(feasible)}
    front = [_point(q, t, detail=True) for t in trials if t.number in front_trials]
    first = q.objectives[0]
    front.sort(key=lambda p: (p.figures[first].mean, p.trial))
    _ties(front)
    weights = q.weights or {o: 1.0 for o in q.objectives}
    best = min(front, key=lambda p: (weighted(p.means(), weights), p.trial), default=None)
    return SearchResult(
        scenario=q.scenario.name,
        rulebook=q.rulebook.id,
        seed=q.seed,
        runs=q.runs,
        trials=len(trials),
        run_days=run_days,
        objectives=[
            {"id": o, "label": OBJECTIVES[o].label, "unit": OBJECTIVES[o].unit, "words": OBJECTIVES[o].words}
            for o in q.objectives
        ],
        weights=dict(q.weights),
        limits=dict(q.limits),
        space={
            sid: [{"key": c.key, "label": c.label, "status": c.status} for c in cs]
            for sid, cs in q.space.situations.items()
        },
        front=front,
        best=best,
        all_trials=everyone,
        study=study,
    )
