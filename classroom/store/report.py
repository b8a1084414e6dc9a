"""Attempts as a trainer reads them: pass rates and the CSV export."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field

from classroom.store.attempts import Attempt
from formats.rulebook import Rulebook
from training.wording import on_orders, steps_in_words

CSV_COLUMNS = (
    "id",
    "trainee",
    "cohort",
    "assignment",
    "exercise_id",
    "exercise_title",
    "score",
    "passed",
    "started_at",
    "ended_at",
    "steps",
    "steps_in_words",
    "deductions",
    "traps",
    "points_lost",
)


@dataclass(frozen=True)
class CsvContext:
    """What the CSV needs besides the attempts: each assignment (id -> cohort, its name) and each
    trainee's cohorts (user id -> names), read once (``Dashboard.csv_context``)."""

    assignments: dict[int, tuple[str, str]] = field(default_factory=dict)
    by_exercise: dict[tuple[int, str], tuple[str, str]] = field(default_factory=dict)  # (user, exercise)
    cohorts: dict[int, list[str]] = field(default_factory=dict)

    def of(self, a: Attempt) -> tuple[str, str]:
        """(cohort, assignment) of an attempt: the assignment it was started from, else the cohort's
        assignment of that exercise (it counts there too), else the trainee's cohorts."""
        if a.assignment_id in self.assignments:
            return self.assignments[a.assignment_id]
        if a.user_id is not None and (a.user_id, a.exercise_id) in self.by_exercise:
            return self.by_exercise[(a.user_id, a.exercise_id)]
        return "; ".join(self.cohorts.get(a.user_id or -1, [])), ""


def pass_rates(attempts: list[Attempt]) -> list[dict]:
    """Attempts, passes and pass rate per exercise (in memory; ``AttemptStore.pass_rates`` in SQL)."""
    by: dict[str, dict] = {}
    for a in attempts:
        row = by.setdefault(
            a.exercise_id,
            {"exercise_id": a.exercise_id, "title": a.exercise_title, "attempts": 0, "passed": 0},
        )
        row["attempts"] += 1
        row["passed"] += int(a.passed)
    out = sorted(by.values(), key=lambda r: r["exercise_id"])
    for r in out:
        r["pass_rate"] = r["passed"] / r["attempts"]
    return out


def _cell(value: object) -> object:
    """Keep spreadsheets from running a trainee's name as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def _deduction(d: dict) -> str:
    """``What (-1): why [rule]``: what a trainer reads in the debrief, one cell per attempt."""
    what = d.get("what") or d.get("code") or "deduction"
    why = f": {d['why']}" if d.get("why") else ""
    rule = d.get("rule_label") or d.get("rule")
    return f"{what} (-{float(d.get('points') or 0):g}){why}{f' [{rule}]' if rule else ''}"


def to_csv(attempts: Iterable[Attempt], rb: Rulebook | None = None, context: CsvContext | None = None) -> str:
    """One row per attempt: ids for tools, ``steps_in_words`` (Seller Central labels) for people;
    ``context`` fills the cohort and assignment columns (empty without it).

    Takes any iterable, so ``to_csv(store.iter_attempts())`` never holds every attempt.
    """
    context = context or CsvContext()
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for a in attempts:
        many = on_orders(a.steps)  # a shift: each step names its order
        steps = "; ".join(f"{s['order_id'] + ':' if many and s.get('order_id') else ''}{s['action']}"
                          f"{'' if s['ok'] else ' (refused)'}" for s in a.steps)  # fmt: skip
        row = [
            a.id,
            a.trainee,
            *context.of(a),
            a.exercise_id,
            a.exercise_title,
            f"{a.score:.4f}",
            int(a.passed),
            a.started_at,
            a.ended_at,
            steps,
            steps_in_words(rb, a.steps),
            "; ".join(_deduction(d) for d in a.deductions),
            "; ".join(a.traps),
            f"{sum(float(d.get('points') or 0) for d in a.deductions):g}",
        ]
        w.writerow([_cell(v) for v in row])
    return buf.getvalue()
