"""A ``data/attempts.sqlite3`` written by the first store (raw sqlite3, no alembic)
opens with the new store with every row and field intact."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime

from classroom.store import AttemptStore, dispose_engines
from classroom.store.db import HEAD

# Verbatim from classroom/store.py before SQLAlchemy (commit 8fbc642).
OLD_SCHEMA = """
CREATE TABLE IF NOT EXISTS attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    trainee TEXT NOT NULL,
    exercise_id TEXT NOT NULL,
    exercise_title TEXT NOT NULL,
    score REAL NOT NULL,
    passed INTEGER NOT NULL,
    steps TEXT NOT NULL,
    deductions TEXT NOT NULL,
    started_at TEXT NOT NULL,
    ended_at TEXT NOT NULL
)
"""
OLD_INSERT = (
    "INSERT INTO attempts (trainee, exercise_id, exercise_title, score, passed, steps,"
    " deductions, started_at, ended_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
OLD_COLUMNS = ("id", "trainee", "exercise_id", "exercise_title", "score", "passed", "steps", "deductions",
               "started_at", "ended_at")  # fmt: skip
ROWS = [
    ("Ann", "ex_a", "Exercise A", 1.0, 1, [{"hour": 0, "action": "open_order", "ok": True}], []),
    ("Zoë “Z”", "ex_é", "Ünicode ✓", 0.3125, 0, [{"action": "cancel", "ok": False, "rule": "r.x"}],
     [{"code": "trap", "points": 0.25, "why": "line1\nline2"}]),
    ("=HYPERLINK(1)", "ex_b", "B", 0.0, 0, [], [{"code": "late"}]),
    ("anonymous", "ex_b", "B", 0.6666666666666666, 1, [{"action": "refund", "ok": True}] * 30, []),
]  # fmt: skip


def _old_store(path) -> list[tuple]:
    """Build the file the old store would have written, and return its rows as stored."""
    con = sqlite3.connect(path)
    with con:
        con.execute(OLD_SCHEMA)
        for i, (who, ex, title, score, passed, steps, ded) in enumerate(ROWS):
            start = datetime(2025, 10, 1 + i, 9, 0)
            con.execute(
                OLD_INSERT,
                (who, ex, title, score, passed, json.dumps(steps), json.dumps(ded),
                 start.isoformat(timespec="seconds"), start.replace(minute=30).isoformat(timespec="seconds")),
            )  # fmt: skip
        con.execute(
            OLD_INSERT, ("Del", "ex_a", "A", 0.5, 0, "[]", "[]", "2025-10-09T09:00:00", "2025-10-09T09:01:00")
        )
        con.execute("DELETE FROM attempts WHERE id = 5")  # a deleted newest row: its id is never reused
    rows = con.execute("SELECT * FROM attempts ORDER BY id").fetchall()
    con.close()
    return rows


def test_old_sqlite_file_is_migrated_with_nothing_lost(tmp_path):
    path = tmp_path / "attempts.sqlite3"
    con = sqlite3.connect(path)
    with con:
        con.execute(OLD_SCHEMA)
    con.close()
    before = _old_store(path)
    assert len(before) == 4  # ids 1..4 (5 was deleted)

    store = AttemptStore(path)
    got = sorted(store.attempts(), key=lambda a: a.id)
    assert [a.id for a in got] == [r[0] for r in before]
    for a, r, src in zip(got, before, ROWS, strict=True):
        assert (a.trainee, a.exercise_id, a.exercise_title) == (r[1], r[2], r[3]) == src[:3]
        assert a.score == r[4] == src[3] and a.passed is bool(src[4])
        assert a.steps == src[5] and a.deductions == src[6]
        assert (a.started_at, a.ended_at) == (r[8], r[9])

    dispose_engines()
    with sqlite3.connect(path) as raw:  # the very same bytes in every column, plus the new bookkeeping
        old_columns = ", ".join(OLD_COLUMNS)
        assert raw.execute(f"SELECT {old_columns} FROM attempts ORDER BY id").fetchall() == before
        # 0004's columns: no account, not deleted, for every old row
        assert raw.execute("SELECT DISTINCT user_id, deleted_at, deleted_by FROM attempts").fetchall() == [
            (None, None, None)
        ]
        misses = raw.execute(
            "SELECT attempt_id, seq, kind, code FROM attempt_misses ORDER BY 1, 2"
        ).fetchall()
        want = [
            (
                r[0],
                i,
                "trap" if d.get("trap") else "step",
                d.get("trap") or d.get("rule") or d.get("code") or "unknown",
            )
            for r, src in zip(before, ROWS, strict=True)
            for i, d in enumerate(src[6])
        ]
        assert misses == want  # every old deduction counted by "most missed"
        assert raw.execute("SELECT version_num FROM alembic_version").fetchall() == [(HEAD,)]
        indexes = {r[1] for r in raw.execute("PRAGMA index_list(attempts)")}
        assert {"ix_attempts_trainee_id", "ix_attempts_exercise_passed"} <= indexes

    new_id = AttemptStore(path).save(
        trainee="Cy", exercise_id="ex_a", exercise_title="Exercise A", score=1.0, passed=True,
        steps=[], deductions=[], started_at=datetime(2025, 11, 1), ended_at=datetime(2025, 11, 1, 0, 5),
    )  # fmt: skip
    assert new_id == 6  # AUTOINCREMENT's counter survived: a deleted attempt's id stays unused
    assert AttemptStore(path).count() == 5


def test_old_file_made_by_the_old_store_with_no_rows(tmp_path):
    path = tmp_path / "attempts.sqlite3"
    with sqlite3.connect(path) as con:
        con.execute(OLD_SCHEMA)
    assert AttemptStore(path).attempts() == []
    dispose_engines()
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchall() == [(HEAD,)]
