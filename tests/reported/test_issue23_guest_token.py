"""Issue 23: a guest token chosen by a link (``/desk?trainee=a``) was honoured, so someone could
plant a token in a link and read, or write on, the desk of whoever opened it.  Only a token the
server issued is honoured now; a reload with a real one still finds the attempt."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from classroom.store import LiveStore
from ui.train.state import TOKEN_BYTES, TOKEN_PARAM

PAGE = str(Path(__file__).resolve().parents[2] / "ui" / "train" / "desk_page.py")


@pytest.fixture
def db(monkeypatch, tmp_path):
    path = tmp_path / "attempts.sqlite3"
    monkeypatch.setenv("CANCEL_DESK_DB", str(path))
    monkeypatch.setenv("CANCEL_DESK_DATA", str(tmp_path / "data"))
    return path


def visit(token: str | None = None) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    if token is not None:
        at.query_params[TOKEN_PARAM] = token
    at.run()
    assert not at.exception
    return at


def start(at: AppTest) -> str:
    at.selectbox(key="desk_exercise").set_value("price_typo")
    at.button(key="desk_start").click().run()
    assert not at.exception
    return at.query_params[TOKEN_PARAM]


def test_a_token_chosen_by_a_link_is_ignored_with_a_word(db):
    at = visit("a")
    token = at.query_params[TOKEN_PARAM]
    assert token != "a" and len(token) == 2 * TOKEN_BYTES and TOKEN_BYTES * 8 >= 128
    assert any("not one this server gave out" in i.value for i in at.info)
    start(at)
    assert LiveStore().get("guest:a") is None and LiveStore().get(f"guest:{token}") is not None


def test_a_well_formed_token_the_server_never_issued_is_ignored_too(db):
    planted = "0" * (2 * TOKEN_BYTES)
    at = visit(planted)
    assert at.query_params[TOKEN_PARAM] != planted
    start(at)
    assert LiveStore().get(f"guest:{planted}") is None


def test_a_reload_with_an_issued_token_resumes_the_attempt(db):
    first = visit()
    token = start(first)
    assert not any("not one this server gave out" in i.value for i in first.info)
    again = visit(token)  # a new session: the reload
    assert again.query_params[TOKEN_PARAM] == token
    assert not any("not one this server gave out" in i.value for i in again.info)
    assert LiveStore().get(f"guest:{token}") is not None
    assert _has(first, "desk_finish") and _has(again, "desk_finish") and not _has(again, "desk_start")


def _has(at: AppTest, key: str) -> bool:
    return any(getattr(b, "key", None) == key for b in at.button)
