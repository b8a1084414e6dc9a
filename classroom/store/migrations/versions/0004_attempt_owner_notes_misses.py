"""Attempts get their trainee's account, a soft delete, notes and one row per deduction.

Old attempts keep ``user_id`` NULL (they were typed-in names); their deductions are
copied into ``attempt_misses`` here, so "most missed" counts them too.  The copy is
this revision's own code, frozen: it must not change when the grader does.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

BATCH = 2000


def _misses(attempt_id: int, deductions: list[dict]) -> list[dict]:
    out = []
    for seq, d in enumerate(deductions):
        trap = d.get("trap")
        code = trap or d.get("rule") or d.get("code") or "unknown"
        label = str(d.get("what") or d.get("why") or code)
        out.append({"attempt_id": attempt_id, "seq": seq, "kind": "trap" if trap else "step", "code": code,
                    "label": label})  # fmt: skip
    return out


def upgrade() -> None:
    with op.batch_alter_table("attempts") as batch:
        batch.add_column(sa.Column("user_id", sa.Integer, nullable=True))
        batch.add_column(sa.Column("deleted_at", sa.Text, nullable=True))
        batch.add_column(sa.Column("deleted_by", sa.Integer, nullable=True))
    op.create_index("ix_attempts_user", "attempts", ["user_id", "exercise_id", "score"])
    op.create_index("ix_attempts_live", "attempts", ["deleted_at", "id"])
    op.create_table(
        "attempt_notes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("attempt_id", sa.Integer, sa.ForeignKey("attempts.id"), nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("author_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_attempt_notes_attempt", "attempt_notes", ["attempt_id", "id"])
    misses = op.create_table(
        "attempt_misses",
        sa.Column("attempt_id", sa.Integer, sa.ForeignKey("attempts.id"), primary_key=True),
        sa.Column("seq", sa.Integer, primary_key=True),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("code", sa.Text, nullable=False),
        sa.Column("label", sa.Text, nullable=False),
    )
    op.create_index("ix_attempt_misses_code", "attempt_misses", ["kind", "code"])
    conn = op.get_bind()
    t = sa.table("attempts", sa.column("id", sa.Integer), sa.column("deductions", sa.Text))
    after = 0
    while True:  # keyset batches: the old table may be big
        rows = conn.execute(sa.select(t.c.id, t.c.deductions).where(t.c.id > after).order_by(t.c.id)
                            .limit(BATCH)).all()  # fmt: skip
        if not rows:
            return
        found = [m for r in rows for m in _misses(r.id, json.loads(r.deductions or "[]"))]
        if found:
            conn.execute(sa.insert(misses), found)
        after = rows[-1].id


def downgrade() -> None:
    op.drop_table("attempt_misses")
    op.drop_table("attempt_notes")
    op.drop_index("ix_attempts_live", "attempts")
    op.drop_index("ix_attempts_user", "attempts")
    with op.batch_alter_table("attempts") as batch:
        for col in ("deleted_by", "deleted_at", "user_id"):
            batch.drop_column(col)
