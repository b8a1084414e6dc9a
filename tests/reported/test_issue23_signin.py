"""Issue 23, deliverable 3, on the auth pages (AppTest): the join form answers alike for taken
names, the sign-in form says how long to wait, the change form ends the other sessions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from classroom.accounts import Accounts
from classroom.cohorts import JOIN_FAILED, Classroom
from classroom.store.db import sqlite_url
from tests.ui.signin import PW, ROOT, account, open_as
from ui.auth.session import AUTH

PAGE = str(ROOT / "ui/auth/account_page.py")


@pytest.fixture
def db(monkeypatch, tmp_path) -> Path:
    path = tmp_path / "a.sqlite3"
    monkeypatch.setenv("CANCEL_DESK_DB", str(path))
    return path


def _join(code: str, name: str, pw: str = "another good phrase") -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    at.text_input(key="auth_join_code").input(code)
    at.text_input(key="auth_join_name").input(name)
    at.text_input(key="auth_join_pw").input(pw)
    at.text_input(key="auth_join_again").input(pw)
    return at.button(key="FormSubmitter:auth_join-Join").click().run()


def test_the_join_form_does_not_say_which_names_exist(db):
    tess = account(db, "Tess", "trainer")
    account(db, "Alice Trainee")
    code = Classroom(sqlite_url(db)).create_cohort("Monday class", by=tess).join_code
    said = {_join(code, name).error[0].value for name in ("Alice Trainee", "\u0410lice Trainee", "Tess")}
    assert said == {JOIN_FAILED}  # was "An account named 'Alice Trainee' already exists."
    assert "common passwords" in _join(code, "Cleo", "password12").error[0].value
    assert [u.name for u in Accounts(sqlite_url(db)).users()] == ["Alice Trainee", "Tess"]


def test_the_sign_in_form_says_how_long_to_wait(db):
    account(db, "Ann")
    said = []
    for _ in range(6):
        at = AppTest.from_file(PAGE, default_timeout=60).run()
        at.text_input(key="auth_signin_name").input("Ann")
        at.text_input(key="auth_signin_pw").input("a wrong guess")
        at.button(key="FormSubmitter:auth_signin-Sign in").click().run()
        said.append(at.error[0].value)
    # The first wait is 30 s from the fifth failure; the sixth try comes a moment later (a slow run
    # may have used a few seconds of it), so the words give what is left of the 30.
    waited = re.fullmatch(r"Too many tries\. Wait (\d+) seconds and try again\.", said[-1])
    assert waited is not None and 20 <= int(waited.group(1)) <= 30, said[-1]
    assert Accounts(sqlite_url(db)).sign_in("Ann", PW, "elsewhere")[0].name == "Ann"  # the owner, elsewhere


def test_changing_the_password_ends_the_other_sessions_only(db):
    acc = Accounts(sqlite_url(db))
    account(db, "Ann")
    _u, other = acc.sign_in("Ann", PW, "phone")
    at = open_as("auth/account_page.py", db, "Ann")
    at.text_input(key="auth_pw_old").input(PW)
    at.text_input(key="auth_pw_new").input("a brand new passphrase")
    at.text_input(key="auth_pw_again").input("a brand new passphrase")
    at.button(key="FormSubmitter:auth_pw-Change password").click().run()
    assert not at.exception and not at.error
    assert acc.user_for(other) is None
    assert acc.user_for(at.session_state[AUTH].token).name == "Ann"  # this tab stays signed in
