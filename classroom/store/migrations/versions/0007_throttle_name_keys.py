"""Sign-in throttling by name and address with growing waits, and look-alike-proof name keys.

``throttle`` holds one row per (kind, subject, address): the failures counted, the time
before which no try is taken, the last try (``classroom/throttle.py``).  ``users.name_key``
is recomputed with ``classroom.names.name_key`` (NFKC, casefold, Cyrillic and Greek
look-alikes mapped); two old accounts that would now collide keep their old keys, so the
upgrade never fails on existing data.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from classroom.names import name_key

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "throttle",
        sa.Column("kind", sa.Text, primary_key=True),
        sa.Column("subject", sa.Text, primary_key=True),
        sa.Column("address", sa.Text, primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("next_at", sa.Integer, nullable=False),
        sa.Column("last_at", sa.Integer, nullable=False),
    )
    op.create_index("ix_throttle_last", "throttle", ["last_at"])
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, name, name_key FROM users ORDER BY id")).all()
    taken = {r.name_key for r in rows}
    for r in rows:
        new = name_key(r.name)
        if new != r.name_key and new not in taken:
            conn.execute(sa.text("UPDATE users SET name_key = :k WHERE id = :i"), {"k": new, "i": r.id})
            taken.add(new)


def downgrade() -> None:
    op.drop_index("ix_throttle_last", table_name="throttle")
    op.drop_table("throttle")
