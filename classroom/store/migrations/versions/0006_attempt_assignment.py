"""A finished attempt names the assignment it was started from.

A shift assignment fixes the shift's length, marketplace, mix and seed; the attempt that
works it carries ``assignment_id``, so the trainee's home and the trainer's progress count
it against that assignment (``GROUP BY assignment_id``).  Older attempts keep NULL.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("attempts") as batch:
        batch.add_column(sa.Column("assignment_id", sa.Integer, nullable=True))
    op.create_index("ix_attempts_assignment", "attempts", ["assignment_id", "user_id", "score"])


def downgrade() -> None:
    op.drop_index("ix_attempts_assignment", table_name="attempts")
    with op.batch_alter_table("attempts") as batch:
        batch.drop_column("assignment_id")
