"""Cohorts with a join code, and the work a trainer assigns them.

An assignment is stored generically (``kind``, ``ref``, JSON ``params``, due date,
pass mark) so that the shift mode can add its own kind later without a migration:
``exercise`` assignments name an exercise id of the desk scenario, ``shift``
assignments a shift and its parameters.  A trainee's status per assignment is one
``GROUP BY`` over that trainee's own attempts.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from classroom.accounts import AccountError, Accounts, SignInError, User, check_name, check_password
from classroom.store.attempts import AttemptStore
from classroom.store.db import new_id
from classroom.store.schema import assignments, attempts, cohort_members, cohorts, signin_failures, users
from classroom.throttle import Rule, Throttled
from formats.loader import available_rulebooks
from training.exercises import DESK_SCENARIO
from training.shift import ShiftParams

KINDS = ("exercise", "shift")
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud in a classroom
CODE_LENGTH = 8
MAX_COHORT_NAME = 80
BAD_CODE = "No cohort has that join code."
JOIN_FAILED = "Could not create the account. If you already have one, sign in instead."
JOIN = Rule(free=10, base_s=30, cap_s=15 * 60, window_s=3600)  # failed account creations per address
MAX_BAD_CODES_PER_ADDRESS = 20  # wrong join codes from one address per sign-in window


@dataclass(frozen=True)
class Cohort:
    id: int
    name: str
    join_code: str
    created_by: int
    created_at: str
    members: int = 0


@dataclass(frozen=True)
class Assignment:
    id: int
    cohort_id: int
    kind: str
    ref: str
    params: dict
    due_on: date | None
    pass_mark: float
    created_at: str


@dataclass(frozen=True)
class Status:
    """Where one trainee stands on one assignment."""

    assignment: Assignment
    cohort: str
    attempts: int = 0
    best_score: float | None = None
    last_attempt_id: int | None = None
    state: str = "not started"  # passed | attempted | overdue | not started | not available yet

    def recipe(self, seed: int | None = None) -> dict:
        """The desk this assignment starts: a shift exactly as the trainer set it, or the exercise
        on ``seed`` (a fresh instance per attempt); either way its result counts here."""
        a = self.assignment
        if a.kind == "shift":
            p = ShiftParams(**a.params)
            return {
                "kind": "shift",
                "ref": "shift",
                "seed": p.seed,
                "params": p.to_dict(),
                "assignment": a.id,
                "title": a.ref,  # the trainer's name for it: the attempt is listed under it
            }
        return {"kind": "exercise", "ref": a.ref, "seed": int(seed or 1), "scenario": DESK_SCENARIO,
                "assignment": a.id}  # fmt: skip


class CohortError(ValueError):
    """A problem the person can fix; ``str`` says what."""


def new_join_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normal_code(code: str) -> str:
    return "".join((code or "").split()).upper().replace("-", "")


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


def _assignment(r: sa.Row) -> Assignment:
    due = date.fromisoformat(r.due_on) if r.due_on else None
    return Assignment(
        r.id, r.cohort_id, r.kind, r.ref, json.loads(r.params), due, float(r.pass_mark), r.created_at
    )


def shift_params(params: dict) -> ShiftParams:
    """A shift assignment's settings, checked like the desk's own; CohortError says what is wrong."""
    unknown = sorted(set(params) - set(ShiftParams.__dataclass_fields__))
    if unknown:
        raise CohortError(f"A shift has no setting {', '.join(map(repr, unknown))}.")
    try:
        p = ShiftParams(**params)
    except (TypeError, ValueError) as e:
        raise CohortError(f"These shift settings do not work: {e}.") from None
    if p.rulebook not in available_rulebooks():
        raise CohortError(f"No marketplace rulebook {p.rulebook!r}.")
    return p


def settings_words(a: Assignment) -> str:
    """A shift assignment's settings in words ("" for an exercise)."""
    if a.kind != "shift":
        return ""
    p = ShiftParams(**a.params)
    return (f"{p.orders} orders, {p.marketplace}, incidents {p.incidents:.0%}, messages {p.messages:.0%}, "
            f"overdue {p.overdue}, seed {p.seed}")  # fmt: skip


def state_of(a: Assignment, attempts_n: int, best: float | None, today: date) -> str:
    if a.kind not in KINDS:
        return "not available yet"
    if best is not None and best >= a.pass_mark:
        return "passed"
    if a.due_on is not None and today > a.due_on:
        return "overdue"
    return "attempted" if attempts_n else "not started"


@dataclass(frozen=True)
class Standing:
    """One trainee's row of a cohort's grid: a Status per assignment, in assignment order."""

    user_id: int
    trainee: str
    work: list[Status]


def _tries(col: sa.ColumnElement, who: sa.ColumnElement[bool]) -> sa.Subquery:
    """Per trainee and exercise id (or assignment id): attempts, best score, last attempt."""
    return (
        sa.select(attempts.c.user_id, col.label("key"), sa.func.count().label("n"),
                  sa.func.max(attempts.c.score).label("best"), sa.func.max(attempts.c.id).label("last"))
        .where(who, attempts.c.deleted_at.is_(None), col.is_not(None))
        .group_by(attempts.c.user_id, col)
        .subquery()
    )  # fmt: skip


def _standing(base: sa.FromClause, who: sa.ColumnElement[bool], user: sa.ColumnElement | int) -> sa.Select:
    """``base`` (assignments joined to whom they are for) with ``user``'s tries at each, of the
    attempts ``who`` picks: an exercise counts every attempt at it, a shift the attempts
    started from that assignment."""
    by_ex, by_as = _tries(attempts.c.exercise_id, who), _tries(attempts.c.assignment_id, who)
    on_ex = sa.and_(assignments.c.kind == "exercise", by_ex.c.key == assignments.c.ref,
                    by_ex.c.user_id == user)  # fmt: skip
    on_as = sa.and_(assignments.c.kind == "shift", by_as.c.key == assignments.c.id, by_as.c.user_id == user)
    return sa.select(
        assignments, by_ex.c.n, by_ex.c.best, by_ex.c.last,
        by_as.c.n.label("sn"), by_as.c.best.label("sbest"), by_as.c.last.label("slast"),
    ).select_from(base.outerjoin(by_ex, on_ex).outerjoin(by_as, on_as))  # fmt: skip


def _status(r: sa.Row, cohort: str, today: date) -> Status:
    a = _assignment(r)
    n, best, last = (r.sn, r.sbest, r.slast) if a.kind == "shift" else (r.n, r.best, r.last)
    n, best = int(n or 0), (None if best is None else float(best))
    return Status(a, cohort, n, best, last, state_of(a, n, best, today))


class Classroom:
    """Cohorts, members and assignments in the attempts database (``url`` as for the store)."""

    def __init__(self, url: str | None = None, *, accounts: Accounts | None = None) -> None:
        self.accounts = accounts or Accounts(url)
        self._store = AttemptStore(url=url) if accounts is None else accounts._store

    def create_cohort(self, name: str, *, by: User) -> Cohort:
        if not by.is_trainer:
            raise CohortError("Only a trainer creates cohorts.")
        clean = " ".join((name or "").split())[:MAX_COHORT_NAME]
        if not clean:
            raise CohortError("Give the cohort a name.")
        with self._store._write() as conn:
            while True:  # 32**8 codes: a clash is rare, but the code must be unique
                code = new_join_code()
                if not conn.execute(sa.select(cohorts.c.id).where(cohorts.c.join_code == code)).first():
                    break
            row: dict[str, Any] = {
                "name": clean,
                "join_code": code,
                "created_by": by.id,
                "created_at": _now(),
            }
            cid = new_id(conn.execute(sa.insert(cohorts).values(**row)))
        return Cohort(cid, clean, code, by.id, row["created_at"])

    def cohorts(self) -> list[Cohort]:
        """Every cohort, newest first, with its member count (trainers share their cohorts)."""
        n = (
            sa.select(cohort_members.c.cohort_id, sa.func.count().label("n"))
            .group_by(cohort_members.c.cohort_id)
            .subquery()
        )
        q = (
            sa.select(cohorts, sa.func.coalesce(n.c.n, 0).label("n"))
            .outerjoin(n, n.c.cohort_id == cohorts.c.id)
            .order_by(cohorts.c.id.desc())
        )
        with self._store._read() as conn:
            rows = conn.execute(q).all()
        return [Cohort(r.id, r.name, r.join_code, r.created_by, r.created_at, int(r.n)) for r in rows]

    def cohorts_of(self, user_id: int) -> list[Cohort]:
        q = (
            sa.select(cohorts)
            .join(cohort_members, cohort_members.c.cohort_id == cohorts.c.id)
            .where(cohort_members.c.user_id == user_id)
            .order_by(cohorts.c.id)
        )
        with self._store._read() as conn:
            return [Cohort(r.id, r.name, r.join_code, r.created_by, r.created_at) for r in conn.execute(q)]

    def join(self, code: str, user: User, *, address: str = "") -> Cohort:
        """Add ``user`` to the cohort with ``code``; joining twice is fine.  Wrong codes count
        as sign-in failures of the address, so codes cannot be guessed quickly."""
        clean = normal_code(code)
        now = self.accounts._now()
        with self._store._read() as conn:
            bad = conn.execute(
                sa.select(sa.func.count()).where(
                    signin_failures.c.address == address,
                    signin_failures.c.name_key == "",
                    signin_failures.c.at > now - 15 * 60,
                )
            ).scalar_one()
            row = conn.execute(sa.select(cohorts).where(cohorts.c.join_code == clean)).first()
        if bad >= MAX_BAD_CODES_PER_ADDRESS:
            raise CohortError("Too many wrong join codes. Wait 15 minutes and try again.")
        if row is None:
            with self._store._write() as conn:
                conn.execute(sa.insert(signin_failures).values(name_key="", address=address, at=now))
            raise CohortError(BAD_CODE)
        with self._store._write() as conn:
            known = conn.execute(
                sa.select(cohort_members.c.user_id).where(
                    cohort_members.c.cohort_id == row.id, cohort_members.c.user_id == user.id
                )
            ).first()
            if known is None:
                conn.execute(
                    sa.insert(cohort_members).values(cohort_id=row.id, user_id=user.id, joined_at=_now())
                )
        return Cohort(row.id, row.name, row.join_code, row.created_by, row.created_at)

    def register(self, code: str, name: str, password: str, *, address: str = "") -> tuple[User, str]:
        """A new trainee account joined to the cohort with ``code``; returns it signed in."""
        clean = normal_code(code)
        with self._store._read() as conn:
            found = conn.execute(sa.select(cohorts.c.id).where(cohorts.c.join_code == clean)).first()
        if found is None:
            self.join(clean, User(0, "", "trainee"), address=address)  # counts the failure, raises
        check_password(password, check_name(name))  # their words reveal nothing about other accounts
        try:
            self.accounts.throttle.take("join", "", address, JOIN)
            user, _ = self.accounts.add_user(name, "trainee", password)
        except Throttled as e:
            raise AccountError(str(e)) from e
        except AccountError as e:  # taken (maybe by a look-alike): the same words for every name
            raise AccountError(JOIN_FAILED) from e
        self.accounts.throttle.give_back("join", "", address, JOIN)  # only failed joins count
        self.join(clean, user, address=address)
        try:
            return self.accounts.sign_in(user.name, password, address)
        except SignInError as e:  # only if this address is rate-limited right now
            raise AccountError(f"The account {user.name!r} was made; sign in later. {e}") from e

    def members(self, cohort_id: int) -> list[User]:
        q = (
            sa.select(users)
            .join(cohort_members, cohort_members.c.user_id == users.c.id)
            .where(cohort_members.c.cohort_id == cohort_id)
            .order_by(users.c.name_key)
        )
        with self._store._read() as conn:
            return [User(r.id, r.name, r.role, bool(r.must_change)) for r in conn.execute(q)]

    def assign(
        self,
        cohort_id: int,
        kind: str,
        ref: str,
        *,
        by: User,
        due_on: date | None = None,
        pass_mark: float = 0.8,
        params: dict | None = None,
        known: Collection[str] | None = None,
    ) -> Assignment:
        """Assign work to a cohort.  ``known``: the exercise ids an ``exercise`` may name."""
        if not by.is_trainer:
            raise CohortError("Only a trainer assigns work.")
        if kind not in KINDS:
            raise CohortError(f"Unknown kind {kind!r}; choose one of {', '.join(KINDS)}.")
        if kind == "exercise" and known is not None and ref not in known:
            raise CohortError(f"No exercise {ref!r} in the desk scenario.")
        if not 0.0 <= float(pass_mark) <= 1.0:
            raise CohortError(f"A pass mark is a score from 0 to 1, got {pass_mark}.")
        if not ref:
            raise CohortError("Say what to assign.")
        if kind == "shift":  # the trainer's length, marketplace, mix and seed: checked, kept whole
            params = shift_params(params or {}).to_dict()
        row: dict[str, Any] = {
            "cohort_id": cohort_id,
            "kind": kind,
            "ref": ref,
            "params": json.dumps(params or {}, sort_keys=True),
            "due_on": due_on.isoformat() if due_on else None,
            "pass_mark": float(pass_mark),
            "created_by": by.id,
            "created_at": _now(),
        }
        with self._store._write() as conn:
            aid = new_id(conn.execute(sa.insert(assignments).values(**row)))
        return Assignment(
            aid, cohort_id, kind, ref, params or {}, due_on, float(pass_mark), row["created_at"]
        )

    def assignments(self, cohort_id: int) -> list[Assignment]:
        q = sa.select(assignments).where(assignments.c.cohort_id == cohort_id).order_by(assignments.c.id)
        with self._store._read() as conn:
            return [_assignment(r) for r in conn.execute(q)]

    def home(self, user_id: int, *, today: date | None = None) -> list[Status]:
        """Every assignment of the user's cohorts with the user's own standing, due first.

        An exercise counts every attempt at it; a shift only the attempts started from the
        assignment (its settings are the trainer's), found by ``attempts.assignment_id``."""
        mine = attempts.c.user_id == user_id
        base = assignments.join(cohorts, cohorts.c.id == assignments.c.cohort_id).join(
            cohort_members, cohort_members.c.cohort_id == cohorts.c.id
        )
        q = _standing(base, mine, user_id).add_columns(cohorts.c.name.label("cohort"))
        q = q.where(cohort_members.c.user_id == user_id).order_by(assignments.c.id)
        with self._store._read() as conn:
            rows = conn.execute(q).all()
        out = [_status(r, r.cohort, today or date.today()) for r in rows]
        return sorted(out, key=lambda s: (s.assignment.due_on or date.max, s.assignment.id))

    def grid(self, cohort_id: int, *, today: date | None = None) -> list[Standing]:
        """Each member of the cohort (by name) with their standing on each of its assignments,
        in the order they were assigned: one query, whatever the number of attempts."""
        members = sa.select(cohort_members.c.user_id).where(cohort_members.c.cohort_id == cohort_id)
        theirs = attempts.c.user_id.in_(members)
        base = assignments.join(cohort_members, cohort_members.c.cohort_id == assignments.c.cohort_id).join(
            users, users.c.id == cohort_members.c.user_id
        )
        q = _standing(base, theirs, users.c.id).add_columns(
            users.c.id.label("uid"), users.c.name.label("trainee")
        )
        q = q.where(assignments.c.cohort_id == cohort_id).order_by(
            sa.func.lower(users.c.name), users.c.id, assignments.c.id
        )
        with self._store._read() as conn:
            rows = conn.execute(q).all()
        today = today or date.today()
        out: dict[int, Standing] = {}
        for r in rows:
            out.setdefault(r.uid, Standing(r.uid, r.trainee, [])).work.append(_status(r, "", today))
        return list(out.values())
