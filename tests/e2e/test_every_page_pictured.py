"""Every page of the sidebar, pictured at 1280 px and on a phone at 390 px (issue 22).

``make screenshots`` writes them to docs/screenshots/ as ``page-<path>-<width>.png``; a
normal run writes them to the git-ignored artifacts folder.  Each picture is taken only
after the page has drawn its heading with no exception, signed in as a trainer so that
the trainer's records draw in full.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import screenshot, wait_for_app
from tests.e2e.test_desk_helpers import sign_in
from tests.e2e.test_navigation import sidebar_titles

WIDTHS = {1280: {"width": 1280, "height": 900}, 390: {"width": 390, "height": 844}}


@pytest.mark.parametrize("width", list(WIDTHS))
def test_every_page_at_this_width(browser: Browser, app_server, width):
    context = browser.new_context(viewport=WIDTHS[width], is_mobile=width < 768, has_touch=width < 768)
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        sign_in(page, app_server, "Paula Pictures", "trainer")
        titles = sidebar_titles(page)
        links = page.locator('[data-testid="stSidebarNav"] a')
        paths = [
            links.nth(i).get_attribute("href").rstrip("/").rsplit("/", 1)[-1] for i in range(len(titles))
        ]
        for title, href in zip(titles, paths, strict=True):
            path = href if href and ":" not in href else "gallery"  # the default page is served at /
            if width < 768:  # a thumb opens the sidebar first
                page.get_by_test_id("stExpandSidebarButton").click()
            links.filter(has_text=title).first.click()  # the session, and its sign-in, go along
            wait_for_app(page)
            expect(page.get_by_test_id("stException")).to_have_count(0)
            expect(page.get_by_role("heading").first).to_be_visible()
            page.wait_for_timeout(800)  # charts finish drawing
            shot = screenshot(page, f"page-{path}-{width}")
            assert shot.stat().st_size > 10_000, title  # a picture of a page, not a blank one
    finally:
        context.close()
