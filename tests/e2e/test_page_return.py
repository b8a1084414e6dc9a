"""Coming back to the gallery or the lab through the sidebar (issue 20): results as they were left.

The sidebar opens a page without the address's parameters, and Streamlit forgets the
keys of widgets it does not draw: the gallery came back as its cards, and a results
tab, its comparison and its picks came back as their defaults.
"""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import open_page, wait_for_app
from tests.e2e.test_lab_return import go, no_exception


def test_the_gallery_keeps_its_run_open_tab_and_comparison(page, app_server):
    open_page(page, app_server)
    page.locator(".st-key-gallery-run-starter_shop button").click()
    wait_for_app(page)
    page.get_by_role("tab", name=re.compile("Compare policies")).click()
    wait_for_app(page)
    box = page.get_by_test_id("stMultiSelect").locator("input")
    box.click()
    box.fill("Cancel first")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    wait_for_app(page)
    page.get_by_role("button", name="Compare policies").click()
    wait_for_app(page)
    panel = page.get_by_role("tabpanel", name=re.compile("Compare policies"))
    expect(panel.get_by_test_id("stTable")).to_contain_text("Cancel first", timeout=60_000)
    for title in ("Policy lab", "Rulebook"):
        go(page, title)
        no_exception(page)
        go(page, "Scenario gallery")
        no_exception(page)
        expect(page.get_by_role("heading", name="Results: Starter shop")).to_be_visible()
        assert "scenario=starter_shop" in page.url  # the address links to it again
        tab = page.get_by_role("tab", name=re.compile("Compare policies"))
        expect(tab).to_have_attribute("aria-selected", "true")
        panel = page.get_by_role("tabpanel", name=re.compile("Compare policies"))
        expect(panel.get_by_test_id("stMultiSelect")).to_contain_text("Cancel first")
        expect(panel.get_by_test_id("stTable")).to_contain_text("Cancel first")


def test_the_lab_keeps_its_open_results_tab(page, app_server):
    open_page(page, app_server, "lab")
    expect(page.get_by_text("Breach probability").first).to_be_visible()
    page.get_by_role("tab", name=re.compile("Sweep")).click()
    wait_for_app(page)
    expect(page.get_by_role("button", name="Run sweep")).to_be_visible()
    go(page, "Scenario gallery")
    go(page, "Policy lab")
    no_exception(page)
    expect(page.get_by_role("tab", name=re.compile("Sweep"))).to_have_attribute("aria-selected", "true")
    expect(page.get_by_role("button", name="Run sweep")).to_be_visible()
