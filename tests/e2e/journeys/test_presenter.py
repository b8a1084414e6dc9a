"""The presenter's journey (issue 22): gallery -> run -> share the link in a fresh browser -> compare.

Someone giving a demo opens the app, runs a scenario with one click, hands the link to
the audience (a fresh browser context, as another person's laptop), and compares two
policies on the same orders; the comparison is in the link too.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import open_page, screenshot, wait_for_app
from tests.e2e.journeys.steps import figure, sidebar, whole

CARD = "holiday_stockout"


def test_presenter_runs_a_scenario_shares_it_and_compares(user_page, journey_server, browser):
    page = user_page
    # 1. The landing page is the gallery: cards, each with a Run button and its sample figures.
    open_page(user_page, journey_server)
    expect(page.get_by_role("heading", name="Scenario gallery")).to_be_visible()
    card = page.locator(f".st-key-gallery-card-{CARD}")
    expect(card).to_contain_text("one sample run (seed 0)")
    # 2. One click runs it: the results, the verdict explained, the figures.
    card.get_by_role("button", name="Run").click()
    wait_for_app(page)
    whole(page)
    expect(page.get_by_role("heading", name="Results: Holiday stock-out")).to_be_visible()
    breach = figure(page, "Breach probability")
    assert breach.endswith("%")
    expect(page).to_have_url(re.compile(f"scenario={CARD}"))
    # 3. The link, as the Copy link popover gives it, opens the same figures in another browser.
    page.get_by_role("button", name="Copy link").click()
    link = page.get_by_test_id("stCode").filter(has_text="scenario=").first.inner_text().strip()
    page.keyboard.press("Escape")
    assert f"scenario={CARD}" in link and "seed=" in link
    guest = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    try:
        guest.goto(link)
        wait_for_app(guest)
        whole(guest)
        expect(guest.get_by_role("heading", name="Results: Holiday stock-out")).to_be_visible()
        assert figure(guest, "Breach probability") == breach
        # 4. The audience compares two policies on the same orders.
        guest.get_by_role("tab", name=re.compile("Compare policies")).click()
        wait_for_app(guest)
        guest.get_by_role("button", name="Compare policies").click()
        wait_for_app(guest)
        panel = guest.get_by_role("tabpanel", name=re.compile("Compare policies"))
        table = panel.get_by_test_id("stTable")
        expect(table).to_contain_text("Breach probability", timeout=60_000)
        expect(table).to_contain_text("change vs")
        expect(guest).to_have_url(re.compile("compare="))
        screenshot(guest, "journey-presenter-compare")
        compared = table.inner_text()
        # ... and that link, too, reopens the comparison for the presenter.
        page.goto(guest.url)
        wait_for_app(page)
        reopened = page.get_by_role("tabpanel", name=re.compile("Compare policies")).get_by_test_id("stTable")
        expect(reopened).to_be_visible(timeout=60_000)
        assert reopened.inner_text() == compared
    finally:
        guest.context.close()
    # 5. Away and back through the sidebar: the run and its comparison are still there.
    sidebar(page, "Rulebook")
    expect(page.get_by_role("heading", name="Rulebook")).to_be_visible()
    sidebar(page, "Scenario gallery")
    expect(page.get_by_role("heading", name="Results: Holiday stock-out")).to_be_visible()
    expect(page.get_by_role("tab", name=re.compile("Compare policies"))).to_have_attribute(
        "aria-selected", "true"
    )
    wait_for_app(page)
