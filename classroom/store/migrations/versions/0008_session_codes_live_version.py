"""Sign-in that survives a reload, and attempts in progress that two tabs cannot overwrite.

``session_codes`` holds the one-time codes a page makes at sign-in: the browser trades one,
once and within a minute, at ``POST /auth/session`` for an HttpOnly session cookie (only the
code's SHA-256 is kept, as for session tokens).  The cookie's session and the page's are
``twin``s: signing out of either deletes both rows.  ``live_attempts.version`` counts the writes
of an attempt in progress: a write names the version it read, so a stale tab's write is
refused instead of replacing newer work.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "session_codes",
        sa.Column("code_hash", sa.Text, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("expires_at", sa.Integer, nullable=False),
        sa.Column("session_hash", sa.Text, nullable=False),
    )
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("twin", sa.Text, nullable=True))
    with op.batch_alter_table("live_attempts") as batch:
        batch.add_column(sa.Column("version", sa.Integer, nullable=False, server_default="1"))


def downgrade() -> None:
    with op.batch_alter_table("live_attempts") as batch:
        batch.drop_column("version")
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("twin")
    op.drop_table("session_codes")
