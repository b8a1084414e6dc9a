"""AppTest helpers: accounts in the test's database, a page opened as a signed-in user,
and a check that typed text is drawn as text (st.text, st.code, a dataframe), never markdown."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from classroom.accounts import Accounts, User
from classroom.store.db import sqlite_url
from ui.auth.session import AUTH, AuthState

ROOT = Path(__file__).resolve().parents[2]
PW = "correct horse battery"
XSS = ":red[x] **b** <img src=x onerror=alert(1)>"


def account(db: Path, name: str = "Ann", role: str = "trainee") -> User:
    acc = Accounts(sqlite_url(db))
    found = next((u for u in acc.users() if u.name == name), None)
    return found or acc.add_user(name, role, PW)[0]


def open_as(
    page: str, db: Path, name: str | None = "Ann", role: str = "trainee", run: bool = True
) -> AppTest:
    """``page`` (path under ui/) with ``name`` signed in; ``name=None``: a guest."""
    at = AppTest.from_file(str(ROOT / "ui" / page), default_timeout=60)
    if name is not None:
        account(db, name, role)
        _user, token = Accounts(sqlite_url(db)).sign_in(name, PW, "apptest")
        at.session_state[AUTH] = AuthState(token)
    return at.run() if run else at


def markdown_texts(at: AppTest) -> list[str]:
    return (
        [m.value for m in at.markdown]
        + [c.value for c in at.caption]
        + [x.value for kind in (at.info, at.success, at.warning, at.error) for x in kind]
    )


def plain_texts(at: AppTest) -> list[str]:
    out = [t.value for t in at.text] + [c.value for c in at.code]
    for df in at.dataframe:
        out += [str(v) for v in df.value.astype(str).to_numpy().ravel()]
    return out


def shown_as_text(at: AppTest, typed: str) -> bool:
    """``typed`` is on the page as text and nowhere through markdown."""
    assert not any(typed in m or "onerror" in m for m in markdown_texts(at)), markdown_texts(at)
    return any(typed in t for t in plain_texts(at))


def finish_desk(at) -> None:
    """Press Finish; with nothing done yet the desk asks first (issue 13), so confirm."""
    if not any(b.key == "desk_finish_yes" for b in at.button):
        at.button(key="desk_finish").click().run()
    if any(b.key == "desk_finish_yes" for b in at.button):
        at.button(key="desk_finish_yes").click().run()
