"""The trainer's dashboard, computed by the database: counts, progress per trainee, pass
rate per exercise, the most-missed steps and traps, and numbered pages of attempts.

A :class:`Scope` narrows every query the same way (a cohort, one trainee's account,
one exercise; soft-deleted attempts left out unless asked for), so the numbers on one
page always agree.  Nothing here reads more rows than it returns, except
:meth:`Dashboard.iter_attempts`, which streams in keyset batches for the CSV.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import sqlalchemy as sa

from classroom.store.attempts import Attempt, AttemptStore, _attempt, pass_rate_row
from classroom.store.report import CsvContext
from classroom.store.schema import assignments, attempt_misses, cohort_members, cohorts, users
from classroom.store.schema import attempts as T


@dataclass(frozen=True)
class Scope:
    cohort_id: int | None = None
    user_id: int | None = None
    exercise_id: str | None = None
    include_deleted: bool = False


ALL = Scope()


def _members(cohort_id: int) -> sa.Select:
    return sa.select(cohort_members.c.user_id).where(cohort_members.c.cohort_id == cohort_id)


def where(scope: Scope) -> list[sa.ColumnElement[bool]]:
    """The scope as WHERE terms on ``attempts``."""
    terms: list[sa.ColumnElement[bool]] = []
    if not scope.include_deleted:
        terms.append(T.c.deleted_at.is_(None))
    if scope.cohort_id is not None:
        terms.append(T.c.user_id.in_(_members(scope.cohort_id)))
    if scope.user_id is not None:
        terms.append(T.c.user_id == scope.user_id)
    if scope.exercise_id is not None:
        terms.append(T.c.exercise_id == scope.exercise_id)
    return terms


class Dashboard:
    def __init__(self, url: str | None = None, *, store: AttemptStore | None = None) -> None:
        self.store = store or AttemptStore(url=url)

    def _rows(self, q: sa.Select) -> Sequence[sa.Row]:
        with self.store._read() as conn:
            return conn.execute(q).all()

    def summary(self, scope: Scope = ALL) -> dict:
        q = sa.select(
            sa.func.count().label("n"),
            sa.func.coalesce(sa.func.sum(T.c.passed), 0).label("passed"),
            sa.func.count(sa.distinct(T.c.trainee)).label("trainees"),
        ).where(*where(scope))
        (r,) = self._rows(q)
        return {"attempts": int(r.n), "passed": int(r.passed), "trainees": int(r.trainees)}

    def count(self, scope: Scope = ALL) -> int:
        return self.summary(scope)["attempts"]

    def page(self, scope: Scope = ALL, *, limit: int = 50, offset: int = 0) -> list[Attempt]:
        """Attempts newest first, ``limit`` from ``offset`` (numbered pages)."""
        if limit < 1 or offset < 0:
            raise ValueError(f"page needs limit >= 1 and offset >= 0, got {limit=} {offset=}")
        q = sa.select(T).where(*where(scope)).order_by(T.c.id.desc()).limit(limit).offset(offset)
        return [_attempt(r) for r in self._rows(q)]

    def iter_attempts(self, scope: Scope = ALL, *, batch: int = 500) -> Iterator[Attempt]:
        """Every attempt of the scope newest first, ``batch`` rows per query (for the CSV)."""
        before = None
        while True:
            q = sa.select(T).where(*where(scope)).order_by(T.c.id.desc()).limit(batch)
            if before is not None:
                q = q.where(T.c.id < before)
            rows = self._rows(q)
            yield from (_attempt(r) for r in rows)
            if len(rows) < batch:
                return
            before = rows[-1].id

    def csv_context(self, scope: Scope = ALL, titles: dict[str, str] | None = None) -> CsvContext:
        """The cohorts and assignments the CSV names (``titles``: exercise id -> title); two small
        queries, whatever the number of attempts."""
        titles = titles or {}
        work = sa.select(assignments.c.id, assignments.c.cohort_id, assignments.c.kind, assignments.c.ref,
                         cohorts.c.name).join(cohorts, cohorts.c.id == assignments.c.cohort_id)  # fmt: skip
        member = sa.select(cohort_members.c.user_id, cohort_members.c.cohort_id, cohorts.c.name).join(
            cohorts, cohorts.c.id == cohort_members.c.cohort_id
        )
        if scope.cohort_id is not None:  # a trainee's other cohorts are not this export's business
            member = member.where(cohort_members.c.cohort_id == scope.cohort_id)
        rows = self._rows(work.order_by(assignments.c.id))
        words = {r.id: (r.name, f"{r.kind.capitalize()}: {titles.get(r.ref, r.ref)}") for r in rows}
        ctx = CsvContext(assignments=words)
        for m in self._rows(member.order_by(cohorts.c.id)):
            ctx.cohorts.setdefault(m.user_id, []).append(m.name)
            for r in rows:
                if r.cohort_id == m.cohort_id and r.kind == "exercise":
                    ctx.by_exercise.setdefault((m.user_id, r.ref), words[r.id])
        return ctx

    def pass_rates(self, scope: Scope = ALL) -> list[dict]:
        agg = (
            sa.select(
                T.c.exercise_id,
                sa.func.count().label("attempts"),
                sa.func.sum(T.c.passed).label("passed"),
                sa.func.avg(T.c.score).label("mean_score"),
                sa.func.max(T.c.id).label("newest"),
            )
            .where(*where(scope))
            .group_by(T.c.exercise_id)
            .subquery()
        )
        q = sa.select(agg, T.c.exercise_title).join(T, T.c.id == agg.c.newest)
        out = [pass_rate_row(r, mean_score=float(r.mean_score)) for r in self._rows(q)]
        return sorted(out, key=lambda r: r["exercise_id"])

    def misses(self, scope: Scope = ALL, *, limit: int = 10) -> list[dict]:
        """The steps and traps most often missed: how many times, in how many attempts; one row per
        step or situation missed (a rule shared by several situations is one row for each)."""
        q = (
            sa.select(
                attempt_misses.c.kind,
                attempt_misses.c.code,
                attempt_misses.c.label,
                sa.func.count().label("times"),
                sa.func.count(sa.distinct(attempt_misses.c.attempt_id)).label("attempts"),
            )
            .join(T, T.c.id == attempt_misses.c.attempt_id)
            .where(*where(scope))
            .group_by(attempt_misses.c.kind, attempt_misses.c.code, attempt_misses.c.label)
            .order_by(sa.desc("times"), attempt_misses.c.kind, attempt_misses.c.code, attempt_misses.c.label)
            .limit(limit)
        )
        return [
            {
                "kind": r.kind,
                "code": r.code,
                "label": r.label,
                "times": int(r.times),
                "attempts": int(r.attempts),
            }
            for r in self._rows(q)
        ]

    def progress(self, scope: Scope = ALL) -> list[dict]:
        """Per trainee: attempts, passes, best score, last finished; in a cohort also members
        with no attempt yet and how many of the cohort's assignments (exercises and shifts) each passed."""
        agg = (
            sa.select(
                T.c.user_id,
                T.c.trainee,
                sa.func.count().label("attempts"),
                sa.func.sum(T.c.passed).label("passed"),
                sa.func.max(T.c.score).label("best_score"),
                sa.func.max(T.c.ended_at).label("last_ended_at"),
            )
            .where(*where(scope))
            .group_by(T.c.user_id, T.c.trainee)
        )
        if scope.cohort_id is None:
            rows = [_progress(r, None) for r in self._rows(agg)]
            return sorted(rows, key=lambda r: (r["trainee"], r["user_id"] or 0))
        a = agg.subquery()
        done = self._assignments_passed(scope)
        q = (
            sa.select(
                users.c.id,
                users.c.name,
                a.c.attempts,
                a.c.passed,
                a.c.best_score,
                a.c.last_ended_at,
                sa.func.coalesce(done.c.done, 0).label("done"),
            )
            .join(cohort_members, cohort_members.c.user_id == users.c.id)
            .outerjoin(a, a.c.user_id == users.c.id)
            .outerjoin(done, done.c.user_id == users.c.id)
            .where(cohort_members.c.cohort_id == scope.cohort_id)
        )
        rows = [_progress(r, int(r.done)) for r in self._rows(q)]
        return sorted(rows, key=lambda r: (r["trainee"].casefold(), r["user_id"] or 0))

    def _assignments_passed(self, scope: Scope) -> sa.Subquery:
        """Per trainee, the cohort's assignments passed: an exercise by any attempt at it, a
        shift by an attempt started from that assignment (its settings are the trainer's)."""

        def best(col) -> sa.Subquery:
            return (
                sa.select(T.c.user_id, col.label("key"), sa.func.max(T.c.score).label("best"))
                .where(*where(scope), col.is_not(None))
                .group_by(T.c.user_id, col)
                .subquery()
            )

        def passed(b: sa.Subquery, kind: str, match) -> sa.Select:
            on = sa.and_(assignments.c.kind == kind, match(b), assignments.c.cohort_id == scope.cohort_id,
                         b.c.best >= assignments.c.pass_mark)  # fmt: skip
            return sa.select(b.c.user_id, assignments.c.id.label("aid")).join(assignments, on)

        ex, sh = best(T.c.exercise_id), best(T.c.assignment_id)
        done = sa.union_all(
            passed(ex, "exercise", lambda b: assignments.c.ref == b.c.key),
            passed(sh, "shift", lambda b: assignments.c.id == b.c.key),
        ).subquery()
        return (
            sa.select(done.c.user_id, sa.func.count(sa.distinct(done.c.aid)).label("done"))
            .group_by(done.c.user_id)
            .subquery()
        )


def _progress(r: sa.Row, done: int | None) -> dict:
    m = r._mapping
    out = {
        "user_id": m.get("user_id", m.get("id")),
        "trainee": m.get("trainee", m.get("name")),
        "attempts": int(r.attempts or 0),
        "passed": int(r.passed or 0),
        "best_score": None if r.best_score is None else float(r.best_score),
        "last_ended_at": r.last_ended_at,
    }
    if done is not None:
        out["assignments_passed"] = done
    return out
