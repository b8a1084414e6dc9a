"""Coming back to the gallery, the lab, the desk or the trainer's records through the sidebar
(issue 20): each page as it was left.

The sidebar opens a page without the address's parameters, and Streamlit forgets the
keys of widgets it does not draw: the gallery came back as its cards, and a results
tab, its comparison and its picks came back as their defaults.
"""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import open_page, wait_for_app
from tests.e2e.test_desk_helpers import go, open_exercise_order, pick, settle, sign_in, start_exercise
from tests.e2e.test_lab_return import no_exception


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
    expect(page.get_by_test_id("stMetricLabel").get_by_text("Breach probability").first).to_be_visible()
    page.get_by_role("tab", name=re.compile("Sweep")).click()
    wait_for_app(page)
    expect(page.get_by_role("button", name="Run sweep")).to_be_visible()
    go(page, "Scenario gallery")
    go(page, "Policy lab")
    no_exception(page)
    expect(page.get_by_role("tab", name=re.compile("Sweep"))).to_have_attribute("aria-selected", "true")
    expect(page.get_by_role("button", name="Run sweep")).to_be_visible()


def test_the_desk_keeps_a_half_filled_cancel_page_and_a_typed_message(page, app_server):
    """Desk -> Rulebook / My training -> desk: the open page, its reason and memo, and a message typed."""
    start_exercise(page, app_server, None, "Sold out, no restock in time")
    open_exercise_order(page)
    message = page.locator(".st-key-desk_messages").get_by_label("Message")
    message.fill("We are checking the stock for you.")
    page.keyboard.press("Tab")  # a text area sends its text when it loses focus
    settle(page)
    page.locator(".st-key-desk_cancel_btn button").click()
    settle(page)
    form = page.locator(".st-key-desk_cancel_page")
    pick(page, form, "Reason for cancellation", "No Inventory")
    form.get_by_label("Seller memo").fill("restock is weeks away")
    page.keyboard.press("Tab")
    settle(page)
    for title in ("Rulebook", "My training"):
        go(page, title)
        no_exception(page)
        go(page, "Manage Orders (training)")
        no_exception(page)
        form = page.locator(".st-key-desk_cancel_page")
        expect(form.get_by_role("combobox", name="Reason for cancellation")).to_have_value("No Inventory")
        expect(form.get_by_label("Seller memo")).to_have_value("restock is weeks away")
    page.get_by_role("button", name="Back to the order").click()
    settle(page)
    expect(page.locator(".st-key-desk_messages").get_by_label("Message")).to_have_value(
        "We are checking the stock for you."
    )


def test_the_trainer_keeps_the_scope_and_the_open_tab(page, app_server):
    """Trainer records -> Rulebook / Manage Orders -> back: deleted attempts still in view, Cohorts open."""
    sign_in(page, app_server, "Theo Trainer", "trainer")  # a name no other test of this server makes
    go(page, "Trainer records")
    page.get_by_text("Include deleted attempts").click()
    settle(page)
    page.get_by_role("tab", name="Cohorts").click()
    settle(page)
    for title in ("Rulebook", "Manage Orders (training)"):
        go(page, title)
        no_exception(page)
        go(page, "Trainer records")
        no_exception(page)
        expect(page.get_by_role("tab", name="Cohorts")).to_have_attribute("aria-selected", "true")
        expect(page.get_by_label("Include deleted attempts")).to_be_checked()
