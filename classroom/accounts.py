"""Local accounts: argon2id hashes, sign-in rate limits, server-side sessions that expire.

Nothing here keeps or logs a password: only its argon2id hash is stored, and a
one-time password (the CLI's, for a new account or a reset) is returned once to be
printed and must be changed on first sign-in.  A session token is random
(``secrets``), given to the caller once and stored as its SHA-256, so a copy of the
database signs no one in.  Every table is in the attempts database, so several
servers sharing PostgreSQL share accounts, sessions and rate limits too.

Sign-in tries are counted per name *and* client address together (``classroom.throttle``),
atomically and before the password is checked: after ``SIGN_IN.free`` failures of one
pair each further try waits twice as long as the last, up to 15 minutes, and the refusal
says how long.  The owner at another address is not held up by a stranger's guesses.  A
wrong name and a wrong password give the same :data:`SIGN_IN_FAILED` and cost the same
argon2 work.  Wrong current passwords on the change form are throttled the same way, and a
change ends the account's other sessions.  Names are compared by ``classroom.names.name_key``
(look-alike letters folded); passwords follow ``classroom.passwords`` (NIST SP 800-63B).
"""

from __future__ import annotations

import hashlib
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cache

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from classroom.names import name_key
from classroom.passwords import MIN_PASSWORD as MIN_PASSWORD  # re-exported for the forms
from classroom.passwords import password_problem
from classroom.store.attempts import AttemptStore
from classroom.store.db import new_id
from classroom.store.schema import session_codes, sessions, users
from classroom.throttle import Rule, Throttle, Throttled

ROLES = ("trainee", "trainer", "admin")
TRAINER_ROLES = ("trainer", "admin")
SESSION_IDLE_S = 2 * 3600  # signed out after two idle hours ...
SESSION_MAX_S = 12 * 3600  # ... and after twelve hours whatever happens
CODE_TTL_S = 60  # a sign-in's one-time code is traded for the session cookie within a minute
WINDOW_S = 3600  # a name+address pair with no try for an hour starts again from zero
SIGN_IN = Rule(free=5, base_s=30, cap_s=15 * 60, window_s=WINDOW_S)  # 5 free, then 30 s, 1 min, 2 min ...
NAME_RE = re.compile(r"^[^\W_][\w .'-]{0,39}$")  # letters of any script, digits, space . ' - _
EMAIL_RE = re.compile(r"^[^\s@]{1,64}@[^\s@]{1,190}$")  # what an identity provider vouches for
SIGN_IN_FAILED = "That name and password do not match an account."
RATE_LIMITED = "Too many tries."  # how every throttled refusal begins; it goes on with the wait

_HASHER = PasswordHasher()  # argon2id with the library's current recommended cost


@cache
def _dummy_hash() -> str:
    """Checked against when the name is unknown, so both failures cost the same time."""
    return _HASHER.hash(secrets.token_hex(16))


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: str
    must_change: bool = False

    @property
    def is_trainer(self) -> bool:
        return self.role in TRAINER_ROLES


class AccountError(ValueError):
    """Something a person can fix (a name taken, a password too short); ``str`` says what."""


class SignInError(AccountError):
    """A refused sign-in; the message never says which part was wrong."""


def check_name(name: str) -> str:
    clean = " ".join((name or "").split())
    if not NAME_RE.match(clean):
        raise AccountError(
            "A name is 1 to 40 letters, digits, spaces or . ' - _ and starts with a letter or digit."
        )
    return clean


def check_password(password: str, name: str = "") -> None:
    problem = password_problem(password, name_key(name) if name else "")
    if problem:
        raise AccountError(problem)


def one_time_password() -> str:
    return secrets.token_urlsafe(12)  # 16 characters, 96 bits


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _user(r: sa.Row) -> User:
    return User(r.id, r.name, r.role, bool(r.must_change))


class Accounts:
    """Accounts in the attempts database (``url`` as for :class:`AttemptStore`).

    ``clock`` returns Unix seconds; tests pass their own to move time forward.
    """

    def __init__(self, url: str | None = None, *, clock: Callable[[], float] = time.time) -> None:
        self._store = AttemptStore(url=url)
        self.url, self._engine = self._store.url, self._store._engine
        self._clock = clock
        self.throttle = Throttle(self._store, self._now)

    def _now(self) -> int:
        return int(self._clock())

    # --- accounts --------------------------------------------------------------------------

    def add_user(
        self, name: str, role: str = "trainee", password: str | None = None
    ) -> tuple[User, str | None]:
        """Create an account.  Without ``password`` a one-time password is made, returned once
        (print it, never log it) and must be changed at first sign-in."""
        if role not in ROLES:
            raise AccountError(f"Unknown role {role!r}; choose one of {', '.join(ROLES)}.")
        clean = check_name(name)
        once = None
        if password is None:
            password = once = one_time_password()
        else:
            check_password(password, clean)
        row = {
            "name": clean,
            "name_key": name_key(clean),
            "role": role,
            "password_hash": _HASHER.hash(password),
            "must_change": int(once is not None),
            "disabled": 0,
            "created_at": datetime.now().isoformat(timespec="seconds"),
        }
        with self._store._write() as conn:
            if conn.execute(sa.select(users.c.id).where(users.c.name_key == row["name_key"])).first():
                raise AccountError(f"An account named {clean!r} already exists.")
            uid = new_id(conn.execute(sa.insert(users).values(**row)))
        return User(uid, clean, role, once is not None), once

    def reset_password(self, name: str) -> str:
        """A new one-time password for ``name`` (returned once); signs the account out everywhere."""
        once = one_time_password()
        with self._store._write() as conn:
            uid = conn.execute(sa.select(users.c.id).where(users.c.name_key == name_key(name))).scalar()
            if uid is None:
                raise AccountError(f"No account named {name!r}.")
            values = {"password_hash": _HASHER.hash(once), "must_change": 1}
            conn.execute(sa.update(users).where(users.c.id == uid).values(**values))
            conn.execute(sa.delete(sessions).where(sessions.c.user_id == uid))
        self.throttle.clear("signin", name_key(name))  # the trainer vouched: no wait from anywhere
        return once

    def set_role(self, name: str, role: str) -> User:
        if role not in ROLES:
            raise AccountError(f"Unknown role {role!r}; choose one of {', '.join(ROLES)}.")
        with self._store._write() as conn:
            conn.execute(sa.update(users).where(users.c.name_key == name_key(name)).values(role=role))
            row = conn.execute(sa.select(users).where(users.c.name_key == name_key(name))).first()
        if row is None:
            raise AccountError(f"No account named {name!r}.")
        return _user(row)

    def users(self) -> list[User]:
        with self._store._read() as conn:
            rows = conn.execute(sa.select(users).order_by(users.c.name_key)).all()
        return [_user(r) for r in rows]

    def get(self, user_id: int) -> User | None:
        with self._store._read() as conn:
            row = conn.execute(sa.select(users).where(users.c.id == user_id)).first()
        return _user(row) if row else None

    def change_password(
        self, user_id: int, old: str, new: str, *, address: str = "local", keep: str | None = None
    ) -> User:
        """Check ``old`` (throttled like sign-in, per account and address), store ``new``, clear
        the one-time flag and end every other session of the account (all but ``keep``'s)."""
        with self._store._read() as conn:
            row = conn.execute(sa.select(users).where(users.c.id == user_id)).first()
        if row is None:
            raise AccountError("The current password is not right.")
        check_password(new, row.name)  # before the try is counted: a weak new one costs no try
        if new == old:
            raise AccountError("Choose a new password, not the one you have now.")
        try:
            self.throttle.take("password", str(user_id), address, SIGN_IN)
        except Throttled as e:
            raise AccountError(str(e)) from e
        if not _verify(row.password_hash, old):
            raise AccountError("The current password is not right.")
        self.throttle.clear("password", str(user_id), address)
        with self._store._write() as conn:
            values = {"password_hash": _HASHER.hash(new), "must_change": 0}
            conn.execute(sa.update(users).where(users.c.id == user_id).values(**values))
            others = sessions.c.user_id == user_id
            if keep:
                others = others & (sessions.c.token_hash != _token_hash(keep))
            conn.execute(sa.delete(sessions).where(others))
        return User(row.id, row.name, row.role, False)

    # --- sign-in and sessions ---------------------------------------------------------------

    def sign_in(self, name: str, password: str, address: str) -> tuple[User, str]:
        """The user and a new session token, or :class:`SignInError` (same words for every failure)."""
        key = name_key(name or "")
        try:
            self.throttle.take("signin", key, address, SIGN_IN)  # counted before the check
        except Throttled as e:
            raise SignInError(str(e)) from e
        with self._store._read() as conn:
            row = conn.execute(sa.select(users).where(users.c.name_key == key, users.c.disabled == 0)).first()
        if not _verify(row.password_hash if row else _dummy_hash(), password or "") or row is None:
            raise SignInError(SIGN_IN_FAILED)
        self.throttle.clear("signin", key, address)
        return _user(row), self.open_session(row.id)

    def external_session(self, email: str) -> tuple[User, str]:
        """Sign in someone an identity provider (``st.login``) vouched for: the account named by
        their e-mail, made as a trainee at first sign-in, and a new session for it.

        Its password is random and never shown, so the account signs in only through the
        provider; a trainer gives it a role with ``python -m training users role``."""
        clean = " ".join((email or "").split())
        if not EMAIL_RE.match(clean):
            raise AccountError("The identity provider gave no e-mail address, so no account can be found.")
        key = name_key(clean)
        with self._store._write() as conn:
            row = conn.execute(sa.select(users).where(users.c.name_key == key)).first()
            if row is None:
                values = {
                    "name": clean,
                    "name_key": key,
                    "role": "trainee",
                    "password_hash": _HASHER.hash(secrets.token_urlsafe(32)),
                    "must_change": 0,
                    "disabled": 0,
                    "created_at": datetime.now().isoformat(timespec="seconds"),
                }
                conn.execute(sa.insert(users).values(**values))
                row = conn.execute(sa.select(users).where(users.c.name_key == key)).one()
            elif row.disabled:
                raise AccountError("This account is disabled; ask your trainer.")
        user = User(row.id, row.name, row.role, False)
        return user, self.open_session(user.id)

    def open_session(self, user_id: int, *, twin: str | None = None) -> str:
        """A new session token; ``twin``: the hash of the page's session this cookie's one pairs
        with (signing out of either ends both)."""
        token, now = secrets.token_urlsafe(32), self._now()
        with self._store._write() as conn:
            conn.execute(
                sa.insert(sessions).values(
                    token_hash=_token_hash(token),
                    user_id=user_id,
                    created_at=now,
                    expires_at=now + SESSION_IDLE_S,
                    twin=twin,
                )
            )
            if twin:
                conn.execute(
                    sa.update(sessions).where(sessions.c.token_hash == twin).values(twin=_token_hash(token))
                )
            conn.execute(
                sa.delete(sessions).where(sessions.c.expires_at <= now)
            )  # old sessions go on sign-in
        return token

    def user_for(self, token: str | None) -> User | None:
        """The signed-in user behind ``token``; ``None`` once it expired or was signed out.

        Each use pushes the idle expiry forward (at most once a minute, so a page's reruns
        do not all write), never past ``SESSION_MAX_S`` after sign-in.
        """
        if not token:
            return None
        h, now = _token_hash(token), self._now()
        q = (
            sa.select(users, sessions.c.created_at.label("s_created"), sessions.c.expires_at)
            .join(sessions, sessions.c.user_id == users.c.id)
            .where(sessions.c.token_hash == h, sessions.c.expires_at > now, users.c.disabled == 0)
        )
        with self._store._read() as conn:
            row = conn.execute(q).first()
        if row is None:
            return None
        later = min(now + SESSION_IDLE_S, row.s_created + SESSION_MAX_S)
        if later - row.expires_at >= 60:
            with self._store._write() as conn:
                conn.execute(sa.update(sessions).where(sessions.c.token_hash == h).values(expires_at=later))
        return _user(row)

    def sign_out(self, *tokens: str | None) -> None:
        """End the sessions of ``tokens`` (the tab's and its cookie's): their rows are deleted."""
        hashes = {_token_hash(t) for t in tokens if t}
        if hashes:
            with self._store._write() as conn:
                q = sa.select(sessions.c.twin).where(sessions.c.token_hash.in_(hashes))
                twins: list[str | None] = list(conn.execute(q).scalars())
                hashes |= {h for h in twins if h}  # a sign-in's page and cookie
                conn.execute(sa.delete(sessions).where(sessions.c.token_hash.in_(hashes)))

    # --- the session cookie (ui/auth/cookie_routes.py) ---------------------------------------

    def cookie_code(self, token: str | None) -> str | None:
        """A one-time code for the user signed in with ``token``, which the browser trades at
        ``POST /auth/session`` for a session cookie of its own (:meth:`redeem`): once, within
        ``CODE_TTL_S``.  The page never sees the cookie's token, and the code alone is useless
        a minute later.  ``None`` when ``token`` signs no one in."""
        user = self.user_for(token)
        if user is None:
            return None
        code, now = secrets.token_urlsafe(32), self._now()
        with self._store._write() as conn:
            conn.execute(sa.delete(session_codes).where(session_codes.c.expires_at <= now))
            values = {"code_hash": _token_hash(code), "user_id": user.id, "expires_at": now + CODE_TTL_S}
            conn.execute(sa.insert(session_codes).values(**values, session_hash=_token_hash(token or "")))
        return code

    def redeem(self, code: str | None) -> str | None:
        """A new session token for the code's user, the code used up; ``None`` for a code that is
        unknown, used or expired.  Deleting the row decides: of two racing trades one wins."""
        if not code:
            return None
        h, now = _token_hash(code), self._now()
        with self._store._write() as conn:
            row = conn.execute(sa.select(session_codes).where(session_codes.c.code_hash == h)).first()
            gone = conn.execute(sa.delete(session_codes).where(session_codes.c.code_hash == h)).rowcount
        if row is None or not gone or row.expires_at <= now:
            return None
        if self.get(row.user_id) is None:
            return None
        return self.open_session(row.user_id, twin=row.session_hash)


def _verify(hashed: str, password: str) -> bool:
    try:
        return _HASHER.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False
