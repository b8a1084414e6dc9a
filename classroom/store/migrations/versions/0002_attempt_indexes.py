"""Indexes for the trainer's pages, so none of them reads the wide rows (steps, deductions):
a trainee's attempts newest first (keyset pages), pass rates per exercise and progress
per trainee (each ``GROUP BY`` answered from its index alone).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_attempts_trainee_id", "attempts", ["trainee", "id"])
    op.create_index("ix_attempts_exercise_passed", "attempts", ["exercise_id", "passed"])
    op.create_index("ix_attempts_progress", "attempts", ["trainee", "passed", "score", "ended_at"])


def downgrade() -> None:
    op.drop_index("ix_attempts_progress", "attempts")
    op.drop_index("ix_attempts_exercise_passed", "attempts")
    op.drop_index("ix_attempts_trainee_id", "attempts")
