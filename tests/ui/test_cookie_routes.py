"""The sign-in cookie's routes (ui/auth/cookie_routes.py) without a browser: the cookie's flags,
Secure behind a trusted https proxy only, another site refused, a code used once, sign-out
deleting the row and the cookie."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from starlette.applications import Starlette
from starlette.testclient import TestClient

from classroom.accounts import SESSION_MAX_S, Accounts
from classroom.store.schema import sessions
from ui.auth.cookie_routes import COOKIE, ROUTES, TRUST_PROXY

PW = "correct horse battery"
HOST = "desk.example"


@pytest.fixture
def acc(monkeypatch, tmp_path) -> Accounts:
    monkeypatch.setenv("CANCEL_DESK_DB", str(tmp_path / "a.sqlite3"))
    monkeypatch.delenv(TRUST_PROXY, raising=False)
    a = Accounts()
    a.add_user("Rhea", "trainee", PW)
    return a


def _client() -> TestClient:
    return TestClient(Starlette(routes=ROUTES), base_url=f"http://{HOST}")


def _code(acc: Accounts) -> str:
    return acc.cookie_code(acc.sign_in("Rhea", PW, "local")[1])


def test_the_cookie_is_httponly_lax_with_an_expiry_and_not_secure_over_http(acc):
    r = _client().post("/auth/session", content=_code(acc), headers={"Origin": f"http://{HOST}"})
    assert r.status_code == 204 and r.headers["cache-control"] == "no-store"
    cookie = r.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}=") and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert f"Max-Age={SESSION_MAX_S}" in cookie and "Path=/" in cookie and "Secure" not in cookie
    assert acc.user_for(r.cookies[COOKIE]).name == "Rhea"


def test_secure_behind_a_trusted_https_proxy_only(acc, monkeypatch):
    headers = {"Origin": f"https://{HOST}", "X-Forwarded-Proto": "https"}
    untrusted = _client().post("/auth/session", content=_code(acc), headers=headers)
    assert "Secure" not in untrusted.headers["set-cookie"]  # anyone could send that header
    monkeypatch.setenv(TRUST_PROXY, "1")
    trusted = _client().post("/auth/session", content=_code(acc), headers=headers)
    assert "Secure" in trusted.headers["set-cookie"]


@pytest.mark.parametrize("origin", [None, "https://evil.example", "null", f"http://{HOST}.evil.example"])
def test_another_site_or_no_origin_is_refused(acc, origin):
    headers = {"Origin": origin} if origin else {}
    r = _client().post("/auth/session", content=_code(acc), headers=headers)
    assert r.status_code == 403 and "set-cookie" not in r.headers


def test_a_code_works_once_and_get_is_not_answered(acc):
    code, c = _code(acc), _client()
    assert c.get("/auth/session", params={"code": code}).status_code == 405  # never in an address
    assert c.post("/auth/session", content=code, headers={"Origin": f"http://{HOST}"}).status_code == 204
    again = c.post("/auth/session", content=code, headers={"Origin": f"http://{HOST}"})
    assert again.status_code == 400 and "set-cookie" not in again.headers


def test_sign_out_deletes_the_row_and_expires_the_cookie(acc):
    c = _client()
    c.post("/auth/session", content=_code(acc), headers={"Origin": f"http://{HOST}"})
    token = c.cookies[COOKIE]
    r = c.post("/auth/signout", headers={"Origin": f"http://{HOST}"})
    assert r.status_code == 204 and "Max-Age=0" in r.headers["set-cookie"]
    assert acc.user_for(token) is None
    with acc._store._read() as conn:  # the page's session and the cookie's: both rows gone
        assert conn.execute(sa.select(sa.func.count()).select_from(sessions)).scalar_one() == 0
