"""Two browser sessions keep their own desks; a finished attempt survives a server restart."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import StreamlitServer, open_page, screenshot
from tests.e2e.test_desk_helpers import (
    cancel_with,
    click,
    go,
    open_exercise_order,
    settle,
    sign_in,
    start_exercise,
)


def test_two_sessions_do_not_see_each_others_desk(browser, app_server):
    a = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    b = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    try:
        start_exercise(a, app_server, "Fay", "Sold out, no restock in time")
        open_exercise_order(a)
        click(a, "Wait 4 h")
        a_time = a.locator(".st-key-desk_card").inner_text()
        open_page(b, app_server, "desk")
        settle(b)
        expect(b.get_by_role("button", name="Start")).to_be_visible()  # B has no desk yet
        expect(b.locator(".st-key-desk_card")).to_have_count(0)
        start_exercise(b, app_server, "Gus", "Sold out, no restock in time")
        expect(b.locator(".st-key-desk_card")).not_to_have_text(a_time)  # B's clock did not move
        expect(b.locator(".st-key-desk_detail")).to_have_count(0)  # and no order is open
        open_page(b, app_server, "trainer")
        expect(b.locator('[data-testid="stMain"]')).not_to_contain_text("Fay")  # in progress: not saved
        expect(a.locator(".st-key-desk_detail")).to_be_visible()  # A's desk is intact
    finally:
        a.context.close()
        b.context.close()


def test_attempt_survives_a_server_restart(browser, tmp_path):
    first = StreamlitServer(tmp_path).start()
    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    try:
        start_exercise(page, first, "Hana", "The carrier cannot deliver")
        open_exercise_order(page)
        cancel_with(page, "Shipping Address Undeliverable", "carrier refused")
        click(page, "Finish and grade")
        expect(page.locator(".st-key-desk_debrief")).to_contain_text("Saved as attempt")
    finally:
        first.stop()
    second = StreamlitServer(tmp_path).start()
    try:
        sign_in(page, second, "Tess", "trainer")
        go(page, "Trainer records")
        main = page.locator('[data-testid="stMain"]')
        expect(main).to_contain_text("Attempts")
        expect(page.locator('[data-testid="stDataFrame"]').first).to_contain_text("Hana")
        # every column of the attempts table fits at 1280 px: the grid does not scroll sideways
        scroller = page.locator('[data-testid="stDataFrame"]').first.locator(".dvn-scroller")
        sizes = scroller.evaluate("e => [e.scrollWidth, e.clientWidth]")
        assert sizes[0] <= sizes[1], sizes
        page.get_by_role("tab", name="Attempts").click()
        steps = page.locator('[data-testid="stDataFrame"]').filter(has_text="Open order")
        expect(steps.first).to_contain_text("Shipping Address Undeliverable")
        page.set_viewport_size({"width": 1280, "height": 1100})
        settle(page)
        assert screenshot(page, "trainer").stat().st_size > 20_000
    finally:
        page.context.close()
        second.stop()
