"""Issue 22 item 3, the database's side: a sign-in's one-time code is traded once, within a
minute, for the cookie's own session; signing out of the page's session or the cookie's ends
both rows (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from classroom.accounts import CODE_TTL_S, Accounts
from classroom.store.schema import sessions
from tests.classroom.test_accounts import PW, Clock, url  # noqa: F401  (url: the two-database fixture)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def acc(url, clock) -> Accounts:  # noqa: F811
    a = Accounts(url, clock=clock)
    a.add_user("Rhea", "trainee", PW)
    return a


def _rows(acc: Accounts) -> int:
    with acc._store._read() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(sessions)).scalar_one()


def test_a_code_is_traded_once_for_a_session_of_the_same_user(acc):
    user, page = acc.sign_in("Rhea", PW, "local")
    code = acc.cookie_code(page)
    cookie = acc.redeem(code)
    assert cookie and cookie != page and cookie != code
    assert acc.user_for(cookie) == user
    assert acc.redeem(code) is None  # used up
    assert acc.redeem("made-up") is None and acc.redeem("") is None
    assert acc.cookie_code("not a session") is None


def test_a_code_expires_after_a_minute(acc, clock):
    _user, page = acc.sign_in("Rhea", PW, "local")
    code = acc.cookie_code(page)
    clock.t += CODE_TTL_S
    assert acc.redeem(code) is None


@pytest.mark.parametrize("which", ["page", "cookie"])
def test_signing_out_of_either_twin_deletes_both_rows(acc, which):
    _user, page = acc.sign_in("Rhea", PW, "local")
    cookie = acc.redeem(acc.cookie_code(page))
    _other, elsewhere = acc.sign_in("Rhea", PW, "203.0.113.7")  # another device stays signed in
    assert _rows(acc) == 3
    acc.sign_out(page if which == "page" else cookie)
    assert acc.user_for(page) is None and acc.user_for(cookie) is None
    assert _rows(acc) == 1 and acc.user_for(elsewhere) is not None


def test_racing_trades_of_one_code_give_one_session(acc):
    _user, page = acc.sign_in("Rhea", PW, "local")
    code = acc.cookie_code(page)
    start, got, failed = threading.Barrier(6), [], []

    def trade() -> None:
        start.wait()
        try:
            got.append(acc.redeem(code))
        except Exception as exc:  # a trade that errs is no answer: the losers get None
            failed.append(exc)

    threads = [threading.Thread(target=trade) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failed == [] and len(got) == 6
    assert sum(t is not None for t in got) == 1
