"""Issue 23 item 4: after a trainee signed out, the next person at that tab found her recorded
attempt still open on the desk (they could work it, and her next sign-in recorded it under her
name).  Sign-out now clears every page's state; her attempt waits server-side for her alone."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from classroom.accounts import Accounts
from classroom.store import LiveStore
from classroom.store.db import sqlite_url
from tests.ui.signin import PW, account
from ui.auth.session import AUTH, AuthState
from ui.shared.state import DESK, HOME

ROOT = Path(__file__).resolve().parents[2]
DESK_PAGE, ACCOUNT, HOME_PAGE = "ui/train/desk_page.py", "ui/auth/account_page.py", "ui/auth/home_page.py"


def signed_in(db: Path, name: str = "Ann") -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    account(db, name)
    _user, token = Accounts(sqlite_url(db)).sign_in(name, PW, "apptest")
    at.session_state[AUTH] = AuthState(token)
    at.run()
    return at


def test_sign_out_leaves_nothing_of_the_attempt_or_any_page(db):
    at = signed_in(db)
    at.switch_page(HOME_PAGE).run()
    at.switch_page(DESK_PAGE).run()
    at.button(key="desk_start").click().run()
    at.button(key="desk_card_order").click().run()  # an order open: the attempt is under way
    assert not at.exception and any(b.key == "desk_finish" for b in at.button)
    user_id = Accounts(sqlite_url(db)).users()[0].id
    assert LiveStore().get(f"user:{user_id}") is not None

    at.switch_page(ACCOUNT).run()
    at.button(key=f"{AUTH}_signout").click().run()
    assert not at.exception
    assert DESK not in at.session_state and HOME not in at.session_state
    at.switch_page(DESK_PAGE).run()
    assert not at.exception
    keys = {b.key for b in at.button}
    assert "desk_start" in keys and "desk_finish" not in keys  # the next person starts afresh
    assert any("Guest practice" in i.value for i in at.info)
    # her attempt is kept for her next sign-in, not for whoever is at the tab
    assert LiveStore().get(f"user:{user_id}") is not None
