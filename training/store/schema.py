"""The tables the queries use.  The migrations in ``migrations/versions`` create them;
``tests/training/test_store.py`` checks that the two agree."""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

attempts = sa.Table(
    "attempts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("trainee", sa.Text, nullable=False),
    sa.Column("exercise_id", sa.Text, nullable=False),
    sa.Column("exercise_title", sa.Text, nullable=False),
    sa.Column("score", sa.Float, nullable=False),
    sa.Column("passed", sa.Integer, nullable=False),  # 0/1, as the first SQLite schema had it
    sa.Column("steps", sa.Text, nullable=False),  # JSON text
    sa.Column("deductions", sa.Text, nullable=False),  # JSON text
    sa.Column("started_at", sa.Text, nullable=False),  # ISO 8601, seconds
    sa.Column("ended_at", sa.Text, nullable=False),
    sa.Index("ix_attempts_trainee_id", "trainee", "id"),
    sa.Index("ix_attempts_exercise_passed", "exercise_id", "passed"),
    sa.Index("ix_attempts_progress", "trainee", "passed", "score", "ended_at"),
    sqlite_autoincrement=True,
)
