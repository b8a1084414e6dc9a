"""What every journey does at each step: move through the sidebar, and check the page is whole."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.conftest import wait_for_app
from tests.e2e.test_desk_helpers import go
from ui.shared.phone_sidebar import PHONE_WIDTH  # below it Streamlit's sidebar is a drawer

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def sidebar(page: Page, title: str) -> None:
    """Another page through the sidebar, as a user moves (never a typed address); on a phone
    the sidebar is opened first, as a thumb does."""
    if page.viewport_size and page.viewport_size["width"] < PHONE_WIDTH:
        page.get_by_test_id("stExpandSidebarButton").click()
    go(page, title)
    whole(page)


def whole(page: Page) -> None:
    """No exception box on the page."""
    expect(page.get_by_test_id("stException")).to_have_count(0)


def figure(page: Page, label: str) -> str:
    """The value of the metric labelled ``label``."""
    card = page.get_by_test_id("stMetric").filter(has=page.get_by_test_id("stMetricLabel").get_by_text(label))
    expect(card.first).to_be_visible(timeout=60_000)
    return card.first.get_by_test_id("stMetricValue").inner_text().strip()


def join(page: Page, code: str, name: str, password: str) -> None:
    """The Account page's *New trainee* form: a cohort's code, a name, a password twice."""
    sidebar(page, "Sign in / account")
    form = page.locator('[data-testid="stForm"]').filter(has_text="New trainee")
    form.get_by_label("Join code (from your trainer)").fill(code)
    form.get_by_label("Your name").fill(name)
    form.get_by_role("textbox", name="Password (at least 10 characters)").fill(password)
    form.get_by_role("textbox", name="Password again").fill(password)
    form.get_by_role("button", name="Join").click()
    wait_for_app(page)
    expect(page.get_by_test_id("stMain")).to_contain_text(f"Signed in as {name}")
