"""Sign-in through an organisation's identity provider (st.login, docs/deploy.md): the
provider's e-mail names the account, made as a trainee the first time."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from classroom.accounts import AccountError, Accounts
from classroom.store.db import sqlite_url
from tests.ui.signin import ROOT

AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "not a real secret, only for the test",
    "client_id": "cancel-desk",
    "client_secret": "not a real secret either",
    "server_metadata_url": "https://idp.example.com/.well-known/openid-configuration",
}


@pytest.fixture
def db(monkeypatch, tmp_path):
    path = tmp_path / "attempts.sqlite3"
    monkeypatch.setenv("CANCEL_DESK_DB", str(path))
    return path


def account_page(user: dict | None = None, provider: bool = True) -> AppTest:
    at = AppTest.from_file(str(ROOT / "ui" / "auth" / "account_page.py"), default_timeout=60)
    if provider:
        at.secrets["auth"] = AUTH
    if user is not None:
        at.user = user
    return at.run()


def test_without_a_provider_there_is_no_provider_button(db):
    at = account_page(provider=False)
    assert not at.exception
    assert "auth_provider" not in {b.key for b in at.button}
    assert any(t.label == "Password" for t in at.text_input)  # the local form is there


def test_with_a_provider_its_button_comes_first(db):
    at = account_page(user={"is_logged_in": False})
    assert not at.exception
    assert at.button(key="auth_provider").label == "Sign in with your organisation"


def test_a_person_the_provider_signed_in_gets_a_trainee_account_once(db):
    who = {"is_logged_in": True, "email": "kim.lee@example.com", "name": "Kim Lee"}
    at = account_page(user=who)
    assert not at.exception
    shown = [e.value for kind in (at.markdown, at.caption, at.success, at.text) for e in kind]
    assert any("kim.lee@example.com" in v for v in shown) and any("Signed in as" in v for v in shown)
    again = account_page(user=who)  # a new browser session: the same account, not a second one
    assert not again.exception
    users = Accounts(sqlite_url(db)).users()
    assert [(u.name, u.role) for u in users] == [("kim.lee@example.com", "trainee")]


def test_a_role_given_by_a_trainer_is_kept_at_the_next_sign_in(db):
    acc = Accounts(sqlite_url(db))
    acc.external_session("tess@example.com")
    acc.set_role("tess@example.com", "trainer")
    user, token = acc.external_session("TESS@example.com")  # e-mail case does not matter
    assert user.role == "trainer" and acc.user_for(token).name == "tess@example.com"


def test_no_email_no_account(db):
    with pytest.raises(AccountError, match="no e-mail address"):
        Accounts(sqlite_url(db)).external_session("")
    at = account_page(user={"is_logged_in": True, "name": "No Mail"})
    assert not at.exception
    assert any("no e-mail address" in e.value for e in at.error)
    assert Accounts(sqlite_url(db)).users() == []
