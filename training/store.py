"""The attempts a trainer reviews: one SQLite table, one transaction per write.

The path comes from ``CANCEL_DESK_DB``, else ``$CANCEL_DESK_DATA/attempts.sqlite3``
(default ``data/``); the folder and table are created on first use.  Only
finished attempts are written, so a crash never leaves a half attempt behind.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from formats.rulebook import Rulebook
from training.wording import steps_in_words

_SCHEMA = """
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
CSV_COLUMNS = (
    "id",
    "trainee",
    "exercise_id",
    "exercise_title",
    "score",
    "passed",
    "started_at",
    "ended_at",
    "steps",
    "steps_in_words",
)


def db_path() -> Path:
    env = os.environ.get("CANCEL_DESK_DB")
    if env:
        return Path(env)
    return Path(os.environ.get("CANCEL_DESK_DATA") or "data") / "attempts.sqlite3"


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


class AttemptStore:
    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path else db_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(self._connect()) as con, con:
            con.execute(_SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=10)

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
        name = (trainee or "").strip()[:80] or "anonymous"
        with closing(self._connect()) as con, con:
            cur = con.execute(
                "INSERT INTO attempts (trainee, exercise_id, exercise_title, score, passed, steps,"
                " deductions, started_at, ended_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    name,
                    exercise_id,
                    exercise_title,
                    float(score),
                    int(bool(passed)),
                    json.dumps(steps),
                    json.dumps(deductions),
                    started_at.isoformat(timespec="seconds"),
                    ended_at.isoformat(timespec="seconds"),
                ),
            )
            return int(cur.lastrowid)

    def attempts(self, trainee: str | None = None) -> list[Attempt]:
        sql = "SELECT * FROM attempts"
        args: tuple = ()
        if trainee:
            sql, args = sql + " WHERE trainee = ?", (trainee,)
        with closing(self._connect()) as con:
            rows = con.execute(sql + " ORDER BY id DESC", args).fetchall()
        return [
            Attempt(r[0], r[1], r[2], r[3], r[4], bool(r[5]), json.loads(r[6]), json.loads(r[7]), r[8], r[9])
            for r in rows
        ]

    def trainees(self) -> list[str]:
        with closing(self._connect()) as con:
            return [r[0] for r in con.execute("SELECT DISTINCT trainee FROM attempts ORDER BY trainee")]


def pass_rates(attempts: list[Attempt]) -> list[dict]:
    """Attempts, passes and pass rate per exercise."""
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


def to_csv(attempts: list[Attempt], rb: Rulebook | None = None) -> str:
    """One row per attempt: ids for tools, ``steps_in_words`` (Seller Central labels) for people."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for a in attempts:
        steps = "; ".join(f"{s['action']}{'' if s['ok'] else ' (refused)'}" for s in a.steps)
        row = [
            a.id,
            a.trainee,
            a.exercise_id,
            a.exercise_title,
            f"{a.score:.4f}",
            int(a.passed),
            a.started_at,
            a.ended_at,
            steps,
            steps_in_words(rb, a.steps),
        ]
        w.writerow([_cell(v) for v in row])
    return buf.getvalue()
