"""The analyst's journey (issue 22): lab -> edit -> run -> sweep -> download -> replay upload ->
*Use as a scenario* -> lab, all through the sidebar.

A policy analyst changes a policy and a limit, sees the figures move, sweeps one number,
takes the files away, then replays their own order report and carries it into the lab.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from playwright.sync_api import expect

from simulator.reports.write import ReportSpec, write_report
from tests.e2e.conftest import open_page, screenshot, wait_for_app
from tests.e2e.journeys.steps import figure, sidebar, whole
from tests.e2e.test_desk_helpers import pick


def download(page, label: str) -> tuple[str, str]:
    with page.expect_download() as info:
        page.get_by_role("button", name=label).click()
    return info.value.suggested_filename, Path(info.value.path()).read_text(encoding="utf-8")


def test_analyst_edits_sweeps_downloads_replays_and_carries_the_report_to_the_lab(
    user_page, journey_server, tmp_path
):
    page = user_page
    open_page(page, journey_server)
    # 1. To the lab through the sidebar: it runs the default scenario at once.
    sidebar(page, "Policy lab")
    expect(page.get_by_role("heading", name="Policy lab")).to_be_visible()
    before = figure(page, "Breach probability")
    # 2. Edit the policy: stock-outs are cancelled by the seller, with No Inventory.
    page.get_by_role("tab", name=re.compile("Policy")).first.click()
    wait_for_app(page)
    page.get_by_text(re.compile("^Out of stock:")).click()
    box = page.get_by_test_id("stExpander").filter(has_text="Out of stock:")
    pick(page, box, "Action", "Seller cancels")
    box = page.get_by_test_id("stExpander").filter(has_text="Out of stock: seller cancels")
    pick(page, box, "Reason for cancellation", "No Inventory")
    whole(page)
    expect(page.get_by_role("textbox", name="Policy YAML")).to_have_value(re.compile("reason: NoInventory"))
    # ... and the limit: what if it were 2%?
    page.get_by_role("tab", name=re.compile("^Limits$")).click()
    limit = page.get_by_label("Cancellation Rate limit (%)")
    limit.fill("2.00")
    limit.press("Enter")
    wait_for_app(page)
    # 3. The run follows: the figures moved, and the chart shows the new limit.
    expect(page.get_by_text("limit 2.0%").first).to_be_visible(timeout=60_000)
    assert figure(page, "Breach probability") != before  # a lower limit is breached more often
    # 4. Sweep the out-of-stock incidence: a chart and one row per point.
    page.get_by_role("tab", name=re.compile("Sweep")).click()
    wait_for_app(page)
    page.get_by_role("button", name="Run sweep").click()
    wait_for_app(page)
    panel = page.get_by_role("tabpanel", name=re.compile("Sweep"))
    expect(panel.get_by_test_id("stTable")).to_be_visible(timeout=120_000)
    expect(panel.get_by_test_id("stTable").locator("tbody tr")).to_have_count(11)
    screenshot(page, "journey-analyst-sweep")
    # 5. Download: the edited policy under its own name, the changed limit as a rulebook.
    page.get_by_role("tab", name=re.compile("Download")).click()
    wait_for_app(page)
    name, text = download(page, "Policy (YAML)")
    assert name == "by_the_book_edited.yaml"
    policy = yaml.safe_load(text)
    assert policy["name"] == "by_the_book_edited" and policy["title"].endswith("(edited)")
    assert policy["handling"]["out_of_stock"]["reason"] == "NoInventory"
    name, text = download(page, "Rulebook (YAML)")
    assert name == "amazon_us_whatif.yaml"
    assert yaml.safe_load(text)["metrics"]["cancellation_rate"]["limit"] == 0.02
    # 6. Replay an order report through the sidebar.
    report = tmp_path / "All Orders.txt"
    write_report(report, ReportSpec(days=35, orders_per_day=50, seller_cancel_rate=0.03), seed=7)
    sidebar(page, "Order report replay")
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(report))
    wait_for_app(page)
    whole(page)
    expect(page.get_by_test_id("stMain")).to_contain_text("Peak 7-day rate", timeout=60_000)
    expect(page.get_by_test_id("stMain")).to_contain_text("of 29 days with a full window")
    screenshot(page, "journey-analyst-replay")
    # 7. Use it as a scenario: the lab opens with it and runs it.
    page.get_by_role("button", name="Use as a scenario").click()
    wait_for_app(page)
    whole(page)
    expect(page.get_by_role("heading", name="Policy lab")).to_be_visible(timeout=60_000)
    scenario = page.get_by_role("combobox", name="Scenario")
    expect(scenario).to_have_value("From All Orders.txt (uploaded)")
    figure(page, "Breach probability")
    shown = figure(page, "Breach probability")
    # 8. Away and back: the lab keeps the report's scenario and its figures.
    sidebar(page, "Scenario gallery")
    sidebar(page, "Policy lab")
    expect(page.get_by_role("combobox", name="Scenario")).to_have_value("From All Orders.txt (uploaded)")
    assert figure(page, "Breach probability") == shown
