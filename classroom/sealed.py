"""An assigned shift's seed stays inside its assignment.

A shift is its settings and seed: whoever knows the seed can rehearse the very orders, buyers
and incidents of an assigned shift before working it for the record.  So the trainee's pages
never show an assigned shift's seed, a shift of one's own settings cannot take it, and a reopen
link naming it opens only for a trainer or for a trainee who already has a recorded attempt on
that assignment (their debrief's own "Reopen this instance")."""

from __future__ import annotations

import json

import sqlalchemy as sa

from classroom.accounts import User
from classroom.store.attempts import AttemptStore
from classroom.store.schema import assignments, attempts

SHIFT = "shift"  # the assignment kind whose seed fixes the whole desk (an exercise's is drawn per attempt)


class Sealed:
    """The seeds of assigned shifts, in the attempts database (``url`` as for AttemptStore)."""

    def __init__(self, url: str | None = None) -> None:
        self._store = AttemptStore(url=url)

    def assignments_with_seed(self, seed: int) -> list[int]:
        """The ids of the shift assignments whose seed is ``seed``."""
        q = sa.select(assignments.c.id, assignments.c.params).where(assignments.c.kind == SHIFT)
        with self._store._read() as conn:
            rows = conn.execute(q).all()
        return [r.id for r in rows if _seed(r.params) == int(seed)]

    def is_assigned(self, seed: int) -> bool:
        return bool(self.assignments_with_seed(seed))

    def may_open(self, seed: int, user: User | None) -> bool:
        """May ``user`` (None: a guest) open a shift with ``seed`` outside an assignment?"""
        ids = self.assignments_with_seed(seed)
        if not ids or (user is not None and user.is_trainer):
            return True
        if user is None:
            return False
        q = sa.select(attempts.c.id).where(
            attempts.c.user_id == user.id, attempts.c.assignment_id.in_(ids), attempts.c.deleted_at.is_(None)
        )
        with self._store._read() as conn:
            return conn.execute(q.limit(1)).first() is not None


def _seed(params: str) -> int | None:
    try:
        seed = json.loads(params or "{}").get("seed")
    except (ValueError, AttributeError):
        return None
    return seed if isinstance(seed, int) else None
