"""Attempts in progress, kept server-side so a reload or a server restart loses nothing.

A live attempt is a recipe (what desk it is: an exercise or a shift, its seed and
parameters) and a journal (every action the trainee took, in order).  Rebuilding the
desk from the recipe and replaying the journal gives back exactly the desk the trainee
had: the core is deterministic.  One row per trainee key; each click rewrites it in one
transaction.

Optimistic concurrency: each row has a ``version``, one more per write.  A tab writes with the
version it read (``put(..., version=n)``); when another tab wrote in between, the write is
refused with :class:`~classroom.store.errors.StaleAttempt` and the tab reloads the row.  A
recorded attempt leaves the table in the transaction that saves it, on the same condition
(``AttemptStore.save(claim=...)``), so two tabs' Finish cannot record one attempt twice.

An attempt kept for nobody's account (a guest's, a reopened practice desk) is removed after
``ABANDONED_AFTER_DAYS`` without a write: nobody can be asked about it, and a token in an
old link should not open it for ever.  The sweep runs when a server first opens the store and
then at most every ``SWEEP_EVERY_S`` on later use (docs/deploy.md, "Security").
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from classroom.store.attempts import now_iso
from classroom.store.db import db_url, engine_for, sqlite_url, translated
from classroom.store.errors import StaleAttempt
from classroom.store.schema import live_attempts as L

ABANDONED_AFTER_DAYS = 7
SWEEP_EVERY_S = 3600
_SWEPT: dict[str, float] = {}  # database -> monotonic time of this process's last sweep
_SWEEP_LOCK = threading.Lock()


@dataclass(frozen=True)
class LiveAttempt:
    owner: str
    trainee: str
    user_id: int | None
    recipe: dict
    journal: list[dict]
    view: dict
    started_at: str
    updated_at: str
    version: int = 1


class LiveStore:
    """``LiveStore()`` uses the same database as :class:`~classroom.store.AttemptStore`."""

    def __init__(self, path: str | Path | None = None, *, url: str | None = None) -> None:
        if url is None and isinstance(path, str) and "://" in path:
            url = path
        elif url is None:
            url = sqlite_url(path) if path else db_url()
        self.url = make_url(url)
        self._engine = engine_for(url)
        self._sweep_now_and_then()

    def _sweep_now_and_then(self) -> None:
        key = self.url.render_as_string(hide_password=False)
        with _SWEEP_LOCK:
            last = _SWEPT.get(key)
            if last is not None and time.monotonic() - last < SWEEP_EVERY_S:
                return
            _SWEPT[key] = time.monotonic()
        self.expire()

    def expire(self, now: datetime | None = None) -> int:
        """Remove the attempts of no account untouched for ``ABANDONED_AFTER_DAYS``; how many went."""
        cutoff = ((now or datetime.now()) - timedelta(days=ABANDONED_AFTER_DAYS)).isoformat(
            timespec="seconds"
        )
        with translated(self.url), self._engine.begin() as conn:
            gone = sa.delete(L).where(L.c.user_id.is_(None), L.c.updated_at < cutoff)
            return int(conn.execute(gone).rowcount or 0)

    def exists(self, *owners: str) -> bool:
        """Is an attempt in progress kept under one of ``owners``?"""
        with translated(self.url), self._engine.connect() as conn:
            return (
                conn.execute(sa.select(L.c.owner).where(L.c.owner.in_(owners)).limit(1)).first() is not None
            )

    def put(
        self,
        owner: str,
        *,
        trainee: str,
        recipe: dict,
        journal: list[dict],
        view: dict | None = None,
        user_id: int | None = None,
        started_at: str | None = None,
        version: int | None = None,
    ) -> int:
        """Write the owner's attempt in progress, in one transaction; its new version.

        With ``version`` (the one this tab read) the write is refused with
        :class:`StaleAttempt` when the row is another version, or gone; without it the row is
        written whatever it holds (made if missing)."""
        now = now_iso()
        values = {
            "trainee": (trainee or "guest")[:80],
            "user_id": user_id,
            "recipe": json.dumps(recipe, sort_keys=True),
            "journal": json.dumps(journal),
            "view": json.dumps(view or {}, sort_keys=True),
            "updated_at": now,
        }
        where = L.c.owner == owner
        if version is not None:
            where = where & (L.c.version == version)
        with translated(self.url), self._engine.begin() as conn:
            bumped = (
                sa.update(L).where(where).values(**values, version=L.c.version + 1).returning(L.c.version)
            )
            new = conn.execute(bumped).scalar()
            if new is not None:
                return int(new)
            if version is not None:
                raise StaleAttempt(owner)
            conn.execute(sa.insert(L).values(owner=owner, started_at=started_at or now, version=1, **values))
            return 1

    def start(
        self,
        owner: str,
        *,
        trainee: str,
        recipe: dict,
        journal: list[dict],
        started_at: str,
        view: dict | None = None,
        user_id: int | None = None,
    ) -> int:
        """A new attempt for ``owner``, replacing any it had (the caller asked first), with its
        own ``started_at``; its version (1)."""
        values = {
            "owner": owner,
            "trainee": (trainee or "guest")[:80],
            "user_id": user_id,
            "recipe": json.dumps(recipe, sort_keys=True),
            "journal": json.dumps(journal),
            "view": json.dumps(view or {}, sort_keys=True),
            "started_at": started_at,
            "updated_at": now_iso(),
            "version": 1,
        }
        with translated(self.url), self._engine.begin() as conn:
            conn.execute(sa.delete(L).where(L.c.owner == owner))
            conn.execute(sa.insert(L).values(**values))
        return 1

    def get(self, owner: str) -> LiveAttempt | None:
        with translated(self.url), self._engine.connect() as conn:
            r = conn.execute(sa.select(L).where(L.c.owner == owner)).first()
        if r is None:
            return None
        return LiveAttempt(
            r.owner,
            r.trainee,
            r.user_id,
            json.loads(r.recipe),
            json.loads(r.journal),
            json.loads(r.view),
            r.started_at,
            r.updated_at,
            r.version,
        )

    def drop(self, owner: str) -> bool:
        with translated(self.url), self._engine.begin() as conn:
            return bool(conn.execute(sa.delete(L).where(L.c.owner == owner)).rowcount)
