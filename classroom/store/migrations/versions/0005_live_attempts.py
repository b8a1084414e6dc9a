"""Attempts in progress live in the database, and a finished attempt keeps its instance.

``live_attempts`` holds one row per trainee key (``user:<id>`` for an account, ``guest:<token>``
for a guest whose token is in the page's URL): the recipe of the desk (exercise or shift, seed,
parameters) and the journal of what the trainee did.  Replaying the journal on a desk built from
the recipe gives the same desk back after a reload or a server restart.  ``attempts.instance``
keeps the recipe of a finished attempt, so the trainer reopens exactly that instance.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "live_attempts",
        sa.Column("owner", sa.Text, primary_key=True),
        sa.Column("trainee", sa.Text, nullable=False),
        sa.Column("user_id", sa.Integer, nullable=True),
        sa.Column("recipe", sa.Text, nullable=False),
        sa.Column("journal", sa.Text, nullable=False),
        sa.Column("view", sa.Text, nullable=False),
        sa.Column("started_at", sa.Text, nullable=False),
        sa.Column("updated_at", sa.Text, nullable=False),
    )
    with op.batch_alter_table("attempts") as batch:
        batch.add_column(sa.Column("instance", sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("attempts") as batch:
        batch.drop_column("instance")
    op.drop_table("live_attempts")
