"""Issue 22 item 3: sign-in survives a reload through an HttpOnly, SameSite=Lax session cookie
with an expiry, the desk resumes the attempt in progress, and sign-out deletes the server's
session row and the cookie.  Before: a reload showed the guest start form, signed out."""

from __future__ import annotations

import re
import time

import sqlalchemy as sa
from playwright.sync_api import Page, expect

from classroom.store.attempts import AttemptStore
from classroom.store.schema import sessions
from tests.e2e.conftest import StreamlitServer, wait_for_app
from tests.e2e.test_desk_helpers import click, go, open_exercise_order, settle, start_exercise
from ui.auth.cookie_routes import COOKIE


def _cookie(page: Page, timeout: float = 15.0) -> dict | None:
    """The session cookie once the page's script has traded its code for it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [c for c in page.context.cookies() if c["name"] == COOKIE]
        if found:
            return found[0]
        time.sleep(0.2)
    return None


def _session_rows(server: StreamlitServer) -> int:
    store = AttemptStore(url=server.store_url)
    with store._read() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(sessions)).scalar_one()


def test_a_reload_keeps_the_sign_in_and_the_attempt(browser, tmp_path):
    server = StreamlitServer(tmp_path).start()
    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    page.set_default_timeout(30_000)
    try:
        start_exercise(page, server, "Rhea", "Sold out, no restock in time")
        cookie = _cookie(page)
        assert cookie is not None, "no session cookie after sign-in"
        assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
        assert cookie["expires"] > time.time() + 3600  # an expiry, not a browser-session cookie
        assert not cookie["secure"]  # served over plain http here; https sets Secure
        assert "token" not in page.url and cookie["value"] not in page.url
        assert page.evaluate("document.cookie").find(COOKIE) == -1  # scripts cannot read it
        open_exercise_order(page)
        card = page.locator(".st-key-desk_card")
        before = re.search(r"Simulated time: [^\n]+", card.inner_text()).group(0)
        click(page, "Wait 4 h")
        expect(card).not_to_contain_text(before)  # the wait is drawn (and saved) before we read it
        card = card.inner_text()
        clock = re.search(r"Simulated time: [^\n]+", card).group(0)
        instance = re.search(r"Instance #\d+", card).group(0)

        page.reload()
        wait_for_app(page)
        settle(page)
        main = page.locator('[data-testid="stMain"]')
        expect(page.locator(".st-key-desk_card")).to_contain_text(instance)  # the same attempt ...
        expect(page.locator(".st-key-desk_card")).to_contain_text(clock)  # ... at the same time
        expect(main).not_to_contain_text("Guest practice")
        expect(page.get_by_role("button", name="Start")).to_have_count(0)

        go(page, "Sign in / account")
        expect(main).to_contain_text("Signed in as Rhea")
        rows = _session_rows(server)
        assert rows >= 1
        page.get_by_role("button", name="Sign out").click()
        settle(page)
        deadline = time.monotonic() + 15
        while _session_rows(server) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _session_rows(server) == 0  # the tab's row and the cookie's row are gone
        assert _wait_gone(page)  # and the browser dropped the cookie
        page.reload()
        wait_for_app(page)
        expect(main).to_contain_text("Sign in to record desk attempts")
    finally:
        page.context.close()
        server.stop()


def _wait_gone(page: Page) -> bool:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if not any(c["name"] == COOKIE for c in page.context.cookies()):
            return True
        time.sleep(0.2)
    return False


def test_the_routes_refuse_another_site_and_a_used_code(tmp_path):
    import urllib.error
    import urllib.request

    from classroom.accounts import Accounts

    server = StreamlitServer(tmp_path).start()
    try:
        acc = Accounts(server.store_url)
        acc.add_user("Omar", "trainee", "a long enough phrase here")
        _user, token = acc.sign_in("Omar", "a long enough phrase here", "local")
        code = acc.cookie_code(token)

        def post(body: str, origin: str) -> tuple[int, str]:
            req = urllib.request.Request(
                f"{server.url}/auth/session", data=body.encode(), headers={"Origin": origin}, method="POST"
            )
            try:
                with urllib.request.urlopen(req, timeout=10) as r:
                    return r.status, r.headers.get("set-cookie") or ""
            except urllib.error.HTTPError as e:
                return e.code, e.headers.get("set-cookie") or ""

        assert post(code, "https://evil.example")[0] == 403  # login CSRF from another site
        status, cookie = post(code, server.url)
        assert status == 204 and "HttpOnly" in cookie and "SameSite=lax" in cookie and "Max-Age" in cookie
        assert post(code, server.url)[0] == 400  # once only
        with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=10) as r:
            assert r.status == 200
    finally:
        server.stop()


def test_a_second_tab_is_signed_in_and_a_stale_tab_is_told(browser, tmp_path):
    """Issue 23 item 4 in the browser: two tabs of one account (the cookie signs the second in)
    on one attempt; the tab that fell behind is told in words and shows the other's work."""
    server = StreamlitServer(tmp_path).start()
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    a = context.new_page()
    a.set_default_timeout(30_000)
    try:
        start_exercise(a, server, "Ivo", "Sold out, no restock in time")
        assert _cookie(a) is not None
        b = context.new_page()
        b.set_default_timeout(30_000)
        b.goto(f"{server.url}/desk")
        wait_for_app(b)
        settle(b)
        expect(b.locator(".st-key-desk_card")).to_contain_text("Sold out, no restock in time")
        card_a = a.locator(".st-key-desk_card")
        before = re.search(r"Simulated time: [^\n]+", card_a.inner_text()).group(0)
        click(a, "Wait 24 h")
        expect(card_a).not_to_contain_text(before)
        clock_a = re.search(r"Simulated time: [^\n]+", card_a.inner_text()).group(0)
        click(b, "Wait 1 h")
        main_b = b.locator('[data-testid="stMain"]')
        expect(main_b).to_contain_text("changed in another tab")
        expect(b.locator(".st-key-desk_card")).to_contain_text(clock_a)  # A's day, not B's hour
    finally:
        context.close()
        server.stop()
