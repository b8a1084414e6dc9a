"""Local accounts on SQLite and PostgreSQL: argon2 hashes, one-time passwords, one message
for every failed sign-in, sessions that expire.  Throttling is in test_signin_throttle.py."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from classroom.accounts import (
    SESSION_IDLE_S,
    SESSION_MAX_S,
    SIGN_IN_FAILED,
    AccountError,
    Accounts,
    SignInError,
)
from classroom.store.db import sqlite_url

ROOT = Path(__file__).resolve().parents[2]
PW = "correct horse battery"


class Clock:
    def __init__(self) -> None:
        self.t = 1_800_000_000.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return sqlite_url(tmp_path / "a.sqlite3")
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def acc(url, clock) -> Accounts:
    return Accounts(url, clock=clock)


def _raw(url: str, sql: str) -> list:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as con:
            return con.execute(sa.text(sql)).all()
    finally:
        engine.dispose()


def test_the_password_is_stored_only_as_an_argon2id_hash(acc, url):
    user, once = acc.add_user("Ann", "trainee", PW)
    assert once is None and not user.must_change
    (row,) = _raw(url, "SELECT name, role, password_hash FROM users")
    assert row[:2] == ("Ann", "trainee")
    assert row[2].startswith("$argon2id$") and PW not in row[2]
    assert acc.sign_in("ann", PW, "10.0.0.1")[0].id == user.id  # names are case-insensitive


def test_bootstrap_password_is_one_time_and_must_be_changed(acc):
    user, once = acc.add_user("Tess", "trainer")
    assert user.must_change and len(once) >= 16
    signed, _token = acc.sign_in("Tess", once, "a")
    assert signed.must_change and signed.is_trainer
    with pytest.raises(AccountError, match="at least"):
        acc.change_password(user.id, once, "short")
    with pytest.raises(AccountError, match="current password"):
        acc.change_password(user.id, "wrong-old-password", PW)
    assert not acc.change_password(user.id, once, PW).must_change
    with pytest.raises(SignInError):
        acc.sign_in("Tess", once, "a")  # the one-time password is gone
    assert not acc.sign_in("Tess", PW, "a")[0].must_change


def test_wrong_name_and_wrong_password_say_the_same(acc):
    acc.add_user("Ann", "trainee", PW)
    with pytest.raises(SignInError) as wrong_pw:
        acc.sign_in("Ann", "not the password", "a")
    with pytest.raises(SignInError) as wrong_name:
        acc.sign_in("Nobody", PW, "b")
    assert str(wrong_pw.value) == str(wrong_name.value) == SIGN_IN_FAILED


def test_sessions_expire_when_idle_and_at_the_latest_after_max(acc, clock, url):
    acc.add_user("Ann", "trainee", PW)
    user, token = acc.sign_in("Ann", PW, "a")
    assert acc.user_for(token) == user
    assert token not in str(_raw(url, "SELECT * FROM sessions"))  # only its hash is stored
    clock.t += SESSION_IDLE_S - 10
    assert acc.user_for(token) == user  # used in time: the idle expiry moves on
    clock.t += SESSION_IDLE_S - 10
    assert acc.user_for(token) == user
    clock.t += SESSION_IDLE_S + 1
    assert acc.user_for(token) is None  # idle too long
    _u, token = acc.sign_in("Ann", PW, "a")
    start = clock.t
    while clock.t < start + SESSION_MAX_S - 60:
        clock.t += 3600
        if clock.t < start + SESSION_MAX_S:
            assert acc.user_for(token) == user
    clock.t = start + SESSION_MAX_S + 1
    assert acc.user_for(token) is None  # never longer than the maximum, however busy


def test_sign_out_and_reset_end_sessions(acc):
    acc.add_user("Ann", "trainee", PW)
    _u, t1 = acc.sign_in("Ann", PW, "a")
    _u, t2 = acc.sign_in("Ann", PW, "a")
    acc.sign_out(t1)
    assert acc.user_for(t1) is None and acc.user_for(t2) is not None
    once = acc.reset_password("ann")
    assert acc.user_for(t2) is None
    assert acc.sign_in("Ann", once, "a")[0].must_change
    assert acc.user_for("made-up-token") is None and acc.user_for(None) is None


def test_names_are_unique_and_plain(acc):
    acc.add_user("Zoë Martín", "trainee", PW)
    with pytest.raises(AccountError, match="already exists"):
        acc.add_user("zoë  martín", "trainee", PW)
    for bad in (":red[x] **b** <img src=x onerror=alert(1)>", "", "_x", "a" * 41):
        with pytest.raises(AccountError, match="A name is"):
            acc.add_user(bad, "trainee", PW)
    with pytest.raises(AccountError, match="Unknown role"):
        acc.add_user("Bo", "boss", PW)
    with pytest.raises(AccountError, match="must not be the account's name"):
        acc.add_user("Bo Bo Bo Bo", "trainee", "bo bo bo bo")


def test_cli_add_prints_a_one_time_password_that_signs_in(tmp_path):
    env = {"CANCEL_DESK_DATA": str(tmp_path), "PATH": "/usr/bin:/bin"}
    cmd = [sys.executable, "-m", "classroom", "users", "add", "Tess", "--role", "trainer"]
    out = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    once = out.stdout.strip().splitlines()[-1]
    acc = Accounts(sqlite_url(tmp_path / "attempts.sqlite3"))
    user, _ = acc.sign_in("Tess", once, "cli")
    assert user.role == "trainer" and user.must_change
    again = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert again.returncode == 2 and "already exists" in again.stderr and "Traceback" not in again.stderr
    listed = subprocess.run(
        [*cmd[:4], "list"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert "Tess\ttrainer" in listed.stdout and once not in listed.stdout
