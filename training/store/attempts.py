"""Read and write attempts.  Lists, pages and aggregates are computed by the database
(``LIMIT``, keyset pages, ``GROUP BY``), so a page's memory does not grow with the table."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from training.store.db import db_url, engine_for, sqlite_file, sqlite_url, translated
from training.store.schema import attempts as T


@dataclass(frozen=True)
class Attempt:
    id: int
    trainee: str
    exercise_id: str
    exercise_title: str
    score: float
    passed: bool
    steps: list[dict]
    deductions: list[dict]
    started_at: str
    ended_at: str


@dataclass(frozen=True)
class AttemptPage:
    """Attempts newest first; pass ``next_before`` as ``before=`` for the next, older page."""

    items: list[Attempt]
    next_before: int | None  # None on the last page


def _attempt(r: sa.Row) -> Attempt:
    return Attempt(
        r.id,
        r.trainee,
        r.exercise_id,
        r.exercise_title,
        float(r.score),
        bool(r.passed),
        json.loads(r.steps),
        json.loads(r.deductions),
        r.started_at,
        r.ended_at,
    )


class AttemptStore:
    """``AttemptStore()`` uses ``CANCEL_DESK_DB_URL`` / the data folder; ``AttemptStore(path)``
    a SQLite file; ``AttemptStore(url=...)`` (or a URL string as ``path``) any database.

    Raises :class:`~training.store.errors.StoreError` subclasses, never driver errors,
    when the database is out of reach or the data folder cannot be written.
    """

    def __init__(self, path: str | Path | None = None, *, url: str | None = None) -> None:
        if url is None and isinstance(path, str) and "://" in path:
            url = path
        elif url is None:
            url = sqlite_url(path) if path else db_url()
        self.url = make_url(url)
        self.path = sqlite_file(self.url)  # the SQLite file, None on PostgreSQL
        self._engine = engine_for(url)

    @contextmanager
    def _read(self) -> Iterator[sa.Connection]:
        with translated(self.url), self._engine.connect() as conn:
            yield conn

    def save(
        self,
        *,
        trainee: str,
        exercise_id: str,
        exercise_title: str,
        score: float,
        passed: bool,
        steps: list[dict],
        deductions: list[dict],
        started_at: datetime,
        ended_at: datetime,
    ) -> int:
        """Write one finished attempt in one transaction; returns its id."""
        row = {
            "trainee": (trainee or "").strip()[:80] or "anonymous",
            "exercise_id": exercise_id,
            "exercise_title": exercise_title,
            "score": float(score),
            "passed": int(bool(passed)),
            "steps": json.dumps(steps),  # before the transaction: bad steps write nothing
            "deductions": json.dumps(deductions),
            "started_at": started_at.isoformat(timespec="seconds"),
            "ended_at": ended_at.isoformat(timespec="seconds"),
        }
        with translated(self.url), self._engine.begin() as conn:
            return int(conn.execute(sa.insert(T).values(**row)).inserted_primary_key[0])

    def attempts(self, trainee: str | None = None) -> list[Attempt]:
        """Every attempt (of one trainee), newest first.  Prefer :meth:`page` on big tables."""
        return list(self.iter_attempts(trainee))

    def iter_attempts(self, trainee: str | None = None, *, batch: int = 500) -> Iterator[Attempt]:
        """Every attempt newest first, read ``batch`` at a time (keyset pages)."""
        before: int | None = None
        while True:
            page = self.page(trainee, limit=batch, before=before)
            yield from page.items
            if page.next_before is None:
                return
            before = page.next_before

    def page(
        self, trainee: str | None = None, *, limit: int = 50, before: int | None = None, offset: int = 0
    ) -> AttemptPage:
        """Up to ``limit`` attempts newest first, older than id ``before`` (keyset, fast at
        any depth) and after skipping ``offset`` (numbered pages; slower when deep)."""
        if limit < 1 or offset < 0:
            raise ValueError(f"page needs limit >= 1 and offset >= 0, got {limit=} {offset=}")
        q = sa.select(T).order_by(T.c.id.desc()).limit(limit + 1).offset(offset)
        if trainee:
            q = q.where(T.c.trainee == trainee)
        if before is not None:
            q = q.where(T.c.id < before)
        with self._read() as conn:
            rows = conn.execute(q).all()
        items = [_attempt(r) for r in rows[:limit]]
        return AttemptPage(items, items[-1].id if len(rows) > limit else None)

    def get(self, attempt_id: int) -> Attempt | None:
        with self._read() as conn:
            row = conn.execute(sa.select(T).where(T.c.id == attempt_id)).first()
        return _attempt(row) if row else None

    def count(self, trainee: str | None = None) -> int:
        q = sa.select(sa.func.count()).select_from(T)
        if trainee:
            q = q.where(T.c.trainee == trainee)
        with self._read() as conn:
            return int(conn.execute(q).scalar_one())

    def trainees(self) -> list[str]:
        # sorted here, not by the server's collation, so both databases agree
        with self._read() as conn:
            return sorted(conn.execute(sa.select(T.c.trainee).distinct()).scalars())

    def pass_rates(self, trainee: str | None = None) -> list[dict]:
        """:func:`~training.store.report.pass_rates` by ``GROUP BY``: the same rows, from
        the same attempts, without reading them; titles from each exercise's newest attempt."""
        agg = sa.select(
            T.c.exercise_id,
            sa.func.count().label("attempts"),
            sa.func.sum(T.c.passed).label("passed"),
            sa.func.max(T.c.id).label("newest"),
        ).group_by(T.c.exercise_id)
        if trainee:
            agg = agg.where(T.c.trainee == trainee)
        sub = agg.subquery()
        q = sa.select(sub, T.c.exercise_title).join(T, T.c.id == sub.c.newest)
        with self._read() as conn:
            rows = conn.execute(q).all()
        out = [
            {
                "exercise_id": r.exercise_id,
                "title": r.exercise_title,
                "attempts": int(r.attempts),
                "passed": int(r.passed),
                "pass_rate": int(r.passed) / int(r.attempts),
            }
            for r in rows
        ]
        return sorted(out, key=lambda r: r["exercise_id"])

    def progress(self) -> list[dict]:
        """Per trainee, by ``GROUP BY``: attempts, passes, best score, last finished."""
        q = sa.select(
            T.c.trainee,
            sa.func.count().label("attempts"),
            sa.func.sum(T.c.passed).label("passed"),
            sa.func.max(T.c.score).label("best_score"),
            sa.func.max(T.c.ended_at).label("last_ended_at"),
        ).group_by(T.c.trainee)
        with self._read() as conn:
            rows = conn.execute(q).all()
        out = [
            {
                "trainee": r.trainee,
                "attempts": int(r.attempts),
                "passed": int(r.passed),
                "best_score": float(r.best_score),
                "last_ended_at": r.last_ended_at,
            }
            for r in rows
        ]
        return sorted(out, key=lambda r: r["trainee"])
