"""The policy lab in a real browser: change the policy, see the chart and the breach figure move."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import open_page, wait_for_app
from tests.e2e.test_gallery_page import figures, full_screenshot

# Every situation left to Amazon's auto-cancel: every incident counts and feedback suffers.
NEGLECT = """name: neglect
description: Leave every problem order unshipped until Amazon cancels it.
handling:
  special_request: {action: auto_cancel}
  defect_damage: {action: auto_cancel}
  out_of_stock: {action: auto_cancel}
  price_error: {action: auto_cancel}
  address_undeliverable: {action: auto_cancel}
  buyer_changed_mind: {action: auto_cancel}
"""


def rate_chart_png(page) -> bytes:
    chart = page.get_by_test_id("stVegaLiteChart").first
    chart.scroll_into_view_if_needed()
    page.wait_for_timeout(800)  # let vega finish drawing
    return chart.screenshot()


def test_changing_the_policy_moves_the_chart_and_the_breach_figure(page, app_server):
    open_page(page, app_server, "lab")
    expect(page.get_by_role("heading", name="Policy lab")).to_be_visible()
    # What if the limit were 1.6%? The calm starter shop then breaches now and then.
    page.get_by_role("tab", name=re.compile("^Limits$")).click()
    limit = page.get_by_label("Cancellation Rate limit (%)")
    limit.fill("1.60")
    limit.press("Enter")
    wait_for_app(page)
    expect(page.get_by_text("limit 1.6%").first).to_be_visible()
    page.get_by_role("tab", name=re.compile("Policy")).first.click()
    before = figures(page)
    chart_before = rate_chart_png(page)
    full_screenshot(page, "lab")

    editor = page.get_by_role("textbox", name="Policy YAML")
    editor.fill(NEGLECT)
    editor.press("Control+Enter")
    wait_for_app(page)
    expect(page.get_by_text("Neglect", exact=True).first).to_be_visible()
    after = figures(page)
    assert after["Breach probability"] != before["Breach probability"]
    assert float(after["Breach probability"].rstrip("%")) > float(before["Breach probability"].rstrip("%"))
    assert rate_chart_png(page) != chart_before
    # The widgets followed the YAML.
    page.get_by_text(re.compile(r"^Out of stock: leave unshipped")).click()
    expect(page.get_by_text("Leave unshipped (Amazon auto-cancels)").first).to_be_visible()


def test_lab_selectboxes_show_names_not_file_ids(page, app_server):
    open_page(page, app_server, "lab")
    scenario = page.get_by_role("combobox", name="Scenario")
    rulebook = page.get_by_role("combobox", name="Rulebook")
    expect(scenario).to_have_value("Starter shop")
    expect(rulebook).to_have_value("Amazon.com (US)")
    rulebook.click()
    expect(page.get_by_role("option", name="Amazon.in (India)")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_text("By the book", exact=True).first).to_be_visible()


def test_invalid_yaml_shows_the_line_and_keeps_the_figures(page, app_server):
    open_page(page, app_server, "lab")
    before = figures(page)
    editor = page.get_by_role("textbox", name="Policy YAML")
    editor.fill(
        NEGLECT.replace("{action: auto_cancel}\n  price_error", "{action: auto_cancel\n  price_error")
    )
    editor.press("Control+Enter")
    wait_for_app(page)
    error = page.get_by_test_id("stAlertContentError").first
    expect(error).to_contain_text("last valid policy stays in force")
    expect(error).to_contain_text(re.compile(r"policy YAML, line \d+"))
    assert figures(page) == before


def test_a_situation_stays_open_while_its_action_and_reason_are_set(page, app_server):
    """Issue 22: the expander closed after each change of Action (its label names the action), and
    "Contact the buyer first" was drawn ticked and greyed out for the actions that use it."""
    from tests.e2e.test_desk_helpers import pick

    open_page(page, app_server, "lab")
    page.get_by_role("tab", name=re.compile("Policy")).first.click()
    wait_for_app(page)
    page.get_by_text(re.compile("^Out of stock:")).click()
    wait_for_app(page)
    box = page.get_by_test_id("stExpander").filter(has_text="Out of stock:")
    pick(page, box, "Action", "Seller cancels")
    box = page.get_by_test_id("stExpander").filter(has_text="Out of stock: seller cancels")
    expect(box.get_by_text("Reason for cancellation")).to_be_visible()  # still open
    contact = box.get_by_role("checkbox", name="Contact the buyer first")
    expect(contact).to_be_enabled()
    pick(page, box, "Reason for cancellation", "No Inventory")
    expect(box.get_by_role("checkbox", name="Contact the buyer first")).to_be_visible()
    expect(page.get_by_role("textbox", name="Policy YAML")).to_have_value(re.compile("reason: NoInventory"))
    pick(page, box, "Action", "Follow the rulebook's recommendation")
    expect(box.get_by_role("checkbox", name="Contact the buyer first")).to_have_count(0)  # not used
