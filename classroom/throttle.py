"""Growing waits after failed tries, counted atomically in the database.

A try is counted *before* the password is checked: :meth:`Throttle.take` locks the row of its
(kind, subject, address) — ``BEGIN IMMEDIATE`` on SQLite, ``SELECT … FOR UPDATE`` on
PostgreSQL — refuses while the row's wait runs, else adds one and sets the wait that one
more failure would earn.  So twelve simultaneous tries against ``free=5`` are five checks and
seven refusals, whatever the interleaving; a success then clears the row (or gives its try
back).  The wait doubles with each failure past the free ones, up to ``cap_s``, and a pair
with no try for ``window_s`` starts again from zero.  Keyed by name *and* address, a stranger
elsewhere cannot make the owner wait.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from classroom.store.attempts import AttemptStore
from classroom.store.db import translated
from classroom.store.schema import throttle


@dataclass(frozen=True)
class Rule:
    free: int  # tries before the first wait
    base_s: int  # the first wait; each further failure doubles it ...
    cap_s: int  # ... up to this
    window_s: int  # a row untouched this long is forgotten

    def wait_after(self, failures: int) -> int:
        return 0 if failures < self.free else min(self.base_s * 2 ** (failures - self.free), self.cap_s)


class Throttled(Exception):
    def __init__(self, wait_s: int) -> None:
        super().__init__(f"Too many tries. Wait {wait_words(wait_s)} and try again.")
        self.wait_s = wait_s


def wait_words(seconds: int) -> str:
    if seconds < 60:
        return "1 second" if seconds <= 1 else f"{seconds} seconds"
    minutes = -(-seconds // 60)
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


class Throttle:
    def __init__(self, store: AttemptStore, clock: Callable[[], int]) -> None:
        self._store, self._now = store, clock

    @contextmanager
    def _locked(self) -> Iterator[sa.Connection]:
        engine = self._store._engine
        sqlite_db = engine.dialect.name == "sqlite"
        options = {"sqlite_immediate": True} if sqlite_db else {}
        with translated(self._store.url), engine.connect().execution_options(**options) as conn, conn.begin():
            yield conn

    def take(self, kind: str, subject: str, address: str, rule: Rule) -> None:
        """Count one try, or raise :class:`Throttled` with the wait still to run."""
        now, key = self._now(), _where(kind, subject, address)
        with self._locked() as conn:
            ins = (sqlite.insert if conn.dialect.name == "sqlite" else postgresql.insert)(throttle)
            blank = {"kind": kind, "subject": subject, "address": address}
            conn.execute(ins.values(**blank, failures=0, next_at=0, last_at=now).on_conflict_do_nothing())
            row = conn.execute(sa.select(throttle).where(key).with_for_update()).one()
            if row.next_at > now:
                raise Throttled(row.next_at - now)
            failures = (0 if row.last_at <= now - rule.window_s else row.failures) + 1
            values = {"failures": failures, "next_at": now + rule.wait_after(failures), "last_at": now}
            conn.execute(sa.update(throttle).where(key).values(**values))

    def clear(self, kind: str, subject: str, address: str | None = None) -> None:
        """Forget the failures of ``subject`` (from ``address``, or from everywhere)."""
        where: list[sa.ColumnElement[bool]] = [throttle.c.kind == kind, throttle.c.subject == subject]
        if address is not None:
            where.append(throttle.c.address == address)
        with self._store._write() as conn:
            conn.execute(sa.delete(throttle).where(*where))
            conn.execute(sa.delete(throttle).where(throttle.c.last_at < self._now() - 86400))

    def give_back(self, kind: str, subject: str, address: str, rule: Rule) -> None:
        """Un-count one try that went well (a join that made an account)."""
        with self._locked() as conn:
            row = conn.execute(sa.select(throttle).where(_where(kind, subject, address))).first()
            if row is not None and row.failures > 0:
                failures = row.failures - 1
                values = {"failures": failures, "next_at": self._now() + rule.wait_after(failures)}
                conn.execute(sa.update(throttle).where(_where(kind, subject, address)).values(**values))


def _where(kind: str, subject: str, address: str) -> sa.ColumnElement[bool]:
    return sa.and_(throttle.c.kind == kind, throttle.c.subject == subject, throttle.c.address == address)
