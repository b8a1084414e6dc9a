"""The attempts table, exactly as the first (raw sqlite3) store created it.

A database made by that store has this table but no ``alembic_version``; the
store stamps it at this revision instead of running it, so nothing is rewritten.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "attempts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("trainee", sa.Text, nullable=False),
        sa.Column("exercise_id", sa.Text, nullable=False),
        sa.Column("exercise_title", sa.Text, nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("passed", sa.Integer, nullable=False),
        sa.Column("steps", sa.Text, nullable=False),
        sa.Column("deductions", sa.Text, nullable=False),
        sa.Column("started_at", sa.Text, nullable=False),
        sa.Column("ended_at", sa.Text, nullable=False),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    op.drop_table("attempts")
