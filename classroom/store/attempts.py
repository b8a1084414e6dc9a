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

from classroom.store.db import db_url, engine_for, new_id, sqlite_file, sqlite_url, translated
from classroom.store.errors import StaleAttempt
from classroom.store.schema import attempt_misses, attempt_notes, live_attempts, users
from classroom.store.schema import attempts as T

NOTE_KINDS = ("note", "deleted", "restored")
MAX_NOTE = 2000  # characters of one note; longer text is cut, not refused


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
    user_id: int | None = None  # the signed-in trainee; None for attempts saved by name only
    deleted_at: str | None = None  # soft-deleted: kept, but counted nowhere
    deleted_by: int | None = None
    instance: dict | None = None  # the recipe it ran on (kind, ref, seed, params); None for old rows
    assignment_id: int | None = None  # the assignment it was started from (a trainer's shift or exercise)

    @property
    def traps(self) -> list[str]:
        return [d["trap"] for d in self.deductions if d.get("trap")]


@dataclass(frozen=True)
class Note:
    """One line of an attempt's history: a trainer's note, or who deleted / restored it and when."""

    id: int
    attempt_id: int
    kind: str
    text: str
    author_id: int
    author: str
    created_at: str


def now_iso() -> str:
    return datetime.now().isoformat(timespec="seconds")


def miss_rows(attempt_id: int, deductions: list[dict]) -> list[dict]:
    """One ``attempt_misses`` row per deduction: a trap by its id, a missed step by its rule, labelled
    by ``miss`` (the step or situation, naming no order: it is counted across attempts) if given."""
    out = []
    for seq, d in enumerate(deductions):
        trap = d.get("trap")
        code = trap or d.get("rule") or d.get("code") or "unknown"
        label = str(d.get("miss") or d.get("what") or d.get("why") or code)
        out.append({"attempt_id": attempt_id, "seq": seq, "kind": "trap" if trap else "step", "code": code,
                    "label": label})  # fmt: skip
    return out


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
        r.user_id,
        r.deleted_at,
        r.deleted_by,
        json.loads(r.instance) if r.instance else None,
        r.assignment_id,
    )


def pass_rate_row(r, **extra) -> dict:
    """One exercise's row of a ``GROUP BY exercise_id`` pass-rate query (store and dashboard)."""
    return {
        "exercise_id": r.exercise_id,
        "title": r.exercise_title,
        "attempts": int(r.attempts),
        "passed": int(r.passed),
        "pass_rate": int(r.passed) / int(r.attempts),
        **extra,
    }


class AttemptStore:
    """``AttemptStore()`` uses ``CANCEL_DESK_DB_URL`` / the data folder; ``AttemptStore(path)``
    a SQLite file; ``AttemptStore(url=...)`` (or a URL string as ``path``) any database.

    Raises :class:`~classroom.store.errors.StoreError` subclasses, never driver errors,
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

    @contextmanager
    def _write(self) -> Iterator[sa.Connection]:
        """One transaction, committed on exit; driver errors become ``StoreError``.

        On SQLite it takes the write lock at its start (``BEGIN IMMEDIATE``): a transaction that
        reads, then writes, would otherwise fail at once with "database is locked" when another
        wrote in between (a stale snapshot, which the busy timeout cannot wait out).
        """
        with (
            translated(self.url),
            self._engine.connect().execution_options(sqlite_immediate=True) as conn,
            conn.begin(),
        ):
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
        user_id: int | None = None,
        instance: dict | None = None,
        assignment_id: int | None = None,
        claim: tuple[str, int] | None = None,
    ) -> int:
        """Write one finished attempt and its misses in one transaction; returns its id.

        ``claim`` (owner, version): the attempt in progress it finishes leaves the live table in
        the same transaction, or nothing is written (:class:`StaleAttempt`: another tab wrote
        or finished it), so one attempt is never recorded twice."""
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
            "user_id": user_id,
            "instance": json.dumps(instance, sort_keys=True) if instance else None,
            "assignment_id": assignment_id,
        }
        with translated(self.url), self._engine.begin() as conn:
            if claim is not None:
                live = live_attempts.c
                gone = sa.delete(live_attempts).where(live.owner == claim[0], live.version == claim[1])
                if conn.execute(gone).rowcount != 1:
                    raise StaleAttempt(claim[0])
            attempt_id = new_id(conn.execute(sa.insert(T).values(**row)))
            misses = miss_rows(attempt_id, deductions)
            if misses:
                conn.execute(sa.insert(attempt_misses), misses)
            return attempt_id

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
        q = (
            sa.select(T)
            .where(T.c.deleted_at.is_(None))
            .order_by(T.c.id.desc())
            .limit(limit + 1)
            .offset(offset)
        )
        if trainee:
            q = q.where(T.c.trainee == trainee)
        if before is not None:
            q = q.where(T.c.id < before)
        with self._read() as conn:
            rows = conn.execute(q).all()
        items = [_attempt(r) for r in rows[:limit]]
        return AttemptPage(items, items[-1].id if len(rows) > limit else None)

    def get(self, attempt_id: int) -> Attempt | None:
        """The attempt, soft-deleted or not (``deleted_at`` says)."""
        with self._read() as conn:
            row = conn.execute(sa.select(T).where(T.c.id == attempt_id)).first()
        return _attempt(row) if row else None

    def count(self, trainee: str | None = None) -> int:
        q = sa.select(sa.func.count()).select_from(T).where(T.c.deleted_at.is_(None))
        if trainee:
            q = q.where(T.c.trainee == trainee)
        with self._read() as conn:
            return int(conn.execute(q).scalar_one())

    def trainees(self) -> list[str]:
        # sorted here, not by the server's collation, so both databases agree
        with self._read() as conn:
            return sorted(
                conn.execute(sa.select(T.c.trainee).where(T.c.deleted_at.is_(None)).distinct()).scalars()
            )

    def pass_rates(self, trainee: str | None = None) -> list[dict]:
        """:func:`~classroom.store.report.pass_rates` by ``GROUP BY``: the same rows, from
        the same attempts, without reading them; titles from each exercise's newest attempt."""
        agg = (
            sa.select(
                T.c.exercise_id,
                sa.func.count().label("attempts"),
                sa.func.sum(T.c.passed).label("passed"),
                sa.func.max(T.c.id).label("newest"),
            )
            .where(T.c.deleted_at.is_(None))
            .group_by(T.c.exercise_id)
        )
        if trainee:
            agg = agg.where(T.c.trainee == trainee)
        sub = agg.subquery()
        q = sa.select(sub, T.c.exercise_title).join(T, T.c.id == sub.c.newest)
        with self._read() as conn:
            rows = conn.execute(q).all()
        return sorted((pass_rate_row(r) for r in rows), key=lambda r: r["exercise_id"])

    def progress(self) -> list[dict]:
        """Per trainee, by ``GROUP BY``: attempts, passes, best score, last finished."""
        q = (
            sa.select(
                T.c.trainee,
                sa.func.count().label("attempts"),
                sa.func.sum(T.c.passed).label("passed"),
                sa.func.max(T.c.score).label("best_score"),
                sa.func.max(T.c.ended_at).label("last_ended_at"),
            )
            .where(T.c.deleted_at.is_(None))
            .group_by(T.c.trainee)
        )
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

    # --- notes and soft delete: who did what to an attempt, and when --------------------------

    def annotate(self, attempt_id: int, text: str, *, by: int) -> int:
        """Add a trainer's note to an attempt; returns the note's id."""
        text = (text or "").strip()[:MAX_NOTE]
        if not text:
            raise ValueError("a note needs some text")
        return self._note(attempt_id, "note", text, by)

    def delete(self, attempt_id: int, *, by: int, why: str = "") -> bool:
        """Soft-delete: the row stays, pages and rates stop counting it.  False if already deleted."""
        return self._mark(attempt_id, by, deleted=True, why=why)

    def restore(self, attempt_id: int, *, by: int, why: str = "") -> bool:
        return self._mark(attempt_id, by, deleted=False, why=why)

    def notes(self, attempt_id: int) -> list[Note]:
        """The attempt's history, oldest first, with each author's name."""
        q = (
            sa.select(attempt_notes, users.c.name.label("author"))
            .join(users, users.c.id == attempt_notes.c.author_id)
            .where(attempt_notes.c.attempt_id == attempt_id)
            .order_by(attempt_notes.c.id)
        )
        with self._read() as conn:
            rows = conn.execute(q).all()
        return [Note(r.id, r.attempt_id, r.kind, r.text, r.author_id, r.author, r.created_at) for r in rows]

    def _note(self, attempt_id: int, kind: str, text: str, by: int, conn: sa.Connection | None = None) -> int:
        row = {"attempt_id": attempt_id, "kind": kind, "text": text, "author_id": by, "created_at": now_iso()}
        if conn is not None:
            return new_id(conn.execute(sa.insert(attempt_notes).values(**row)))
        with translated(self.url), self._engine.begin() as c:
            return new_id(c.execute(sa.insert(attempt_notes).values(**row)))

    def _mark(self, attempt_id: int, by: int, *, deleted: bool, why: str) -> bool:
        when = now_iso()
        cond = T.c.deleted_at.is_(None) if deleted else T.c.deleted_at.is_not(None)
        values = (
            {"deleted_at": when, "deleted_by": by} if deleted else {"deleted_at": None, "deleted_by": None}
        )
        with translated(self.url), self._engine.begin() as conn:
            done = conn.execute(sa.update(T).where(T.c.id == attempt_id, cond).values(**values)).rowcount
            if done:  # the history keeps who and when, even after a restore clears the columns
                self._note(attempt_id, "deleted" if deleted else "restored", why.strip()[:MAX_NOTE], by, conn)
        return bool(done)
