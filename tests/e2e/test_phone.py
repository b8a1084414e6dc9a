"""On a phone (390 x 844) the app is usable: picking a page in the sidebar closes it (issue 22)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import open_page, wait_for_app

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    yield pg
    context.close()


def sidebar_pick(page: Page, title: str) -> None:
    """Open the sidebar with its button, as a thumb would, and tap the page's link."""
    page.get_by_test_id("stExpandSidebarButton").click()
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar).to_have_attribute("data-collapsed", "false")
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text=title).first.click()
    wait_for_app(page)


def test_picking_a_page_on_a_phone_closes_the_sidebar(phone, app_server):
    open_page(phone, app_server)
    sidebar = phone.get_by_test_id("stSidebar")
    expect(sidebar).to_have_attribute("data-collapsed", "true")  # Streamlit starts it closed there
    for title, heading in (("Rulebook", "Rulebook"), ("Policy lab", "Policy lab")):
        sidebar_pick(phone, title)
        expect(phone.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        expect(sidebar).to_have_attribute("data-collapsed", "true")  # the page is not covered
        box = phone.get_by_role("heading", name=heading, exact=True).bounding_box()
        assert box is not None and box["x"] < 100  # the heading is on screen, not under the sidebar


def test_on_a_wide_screen_the_sidebar_stays_beside_the_page(page, app_server):
    open_page(page, app_server)
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text="Rulebook").first.click()
    wait_for_app(page)
    expect(page.get_by_test_id("stSidebar")).to_have_attribute("data-collapsed", "false")
