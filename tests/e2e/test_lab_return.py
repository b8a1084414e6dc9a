"""Coming back to the policy lab in the same session (issue 20): the lab is as it was left.

Streamlit forgets a widget's key in a run that does not draw the widget, so a page
that kept its state in widget keys lost it (``KeyError: 'lab.runs'``) on every
return through the sidebar, and so did Replay's "Use as a scenario" after a lab visit.
"""

from playwright.sync_api import Page, expect

from simulator.reports.write import ReportSpec, write_report
from tests.e2e.conftest import open_page, wait_for_app
from tests.e2e.test_desk_helpers import go

OTHER_PAGES = (
    "Scenario gallery",
    "Order report replay",
    "Manage Orders (training)",
    "My training",
    "Trainer records",
    "Sign in / account",
    "Rulebook",
)


def no_exception(page: Page) -> None:
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_back_to_the_lab_from_every_other_page_keeps_what_was_chosen(page, app_server):
    open_page(page, app_server, "lab")
    seed = page.get_by_label("Seed")
    seed.fill("7")
    seed.press("Enter")
    wait_for_app(page)
    page.get_by_role("combobox", name="Scenario").click()
    page.get_by_role("option", name="Pricing glitch").click()
    wait_for_app(page)
    expect(page.get_by_test_id("stMetricLabel").get_by_text("Breach probability").first).to_be_visible()
    for title in OTHER_PAGES:
        go(page, title)
        no_exception(page)
        go(page, "Policy lab")
        no_exception(page)
        expect(page.get_by_role("heading", name="Policy lab")).to_be_visible()
        expect(page.get_by_label("Seed")).to_have_value("7")
        expect(page.get_by_role("combobox", name="Scenario")).to_have_value("Pricing glitch")
        expect(page.get_by_test_id("stMetricLabel").get_by_text("Breach probability").first).to_be_visible()


def test_use_as_a_scenario_after_a_lab_visit(page, app_server, tmp_path):
    report = tmp_path / "All Orders.txt"
    write_report(report, ReportSpec(days=35, orders_per_day=50, seller_cancel_rate=0.03), seed=7)
    open_page(page, app_server, "lab")
    expect(page.get_by_test_id("stMetricLabel").get_by_text("Breach probability").first).to_be_visible()
    go(page, "Order report replay")
    expect(page.get_by_test_id("stFileUploaderDropzoneInput")).to_have_count(1)  # the lab's three are gone
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(report))
    wait_for_app(page)
    expect(page.get_by_test_id("stMain")).to_contain_text("Peak 7-day rate", timeout=30_000)
    page.get_by_role("button", name="Use as a scenario").click()
    wait_for_app(page)
    no_exception(page)
    expect(page.get_by_role("heading", name="Policy lab")).to_be_visible(timeout=30_000)
    expect(page.get_by_role("combobox", name="Scenario")).to_have_value("From All Orders.txt (uploaded)")
    expect(page.get_by_test_id("stMetricLabel").get_by_text("Breach probability").first).to_be_visible()
