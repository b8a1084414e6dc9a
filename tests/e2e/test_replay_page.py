"""The report replay page in a real browser: upload a report, see the real rate, use it as a scenario."""

from playwright.sync_api import expect

from simulator.reports.replay import replay_report
from simulator.reports.write import ReportSpec, write_report
from tests.e2e.conftest import open_page, wait_for_app
from tests.e2e.test_gallery_page import full_screenshot


def test_upload_a_report_and_use_it_as_a_scenario(page, app_server, tmp_path):
    report = tmp_path / "All Orders.txt"
    write_report(report, ReportSpec(days=35, orders_per_day=50, seller_cancel_rate=0.03), seed=7)
    open_page(page, app_server, "replay")
    expect(page.get_by_role("heading", name="Order report replay")).to_be_visible()
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(report))
    wait_for_app(page)
    main = page.get_by_test_id("stMain")
    expect(main).to_contain_text("Peak 7-day rate", timeout=30_000)
    expect(main).to_contain_text("Limit (2.5%)")
    expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible()
    full_screenshot(page, "replay")
    page.get_by_role("button", name="Use as a scenario").click()
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Policy lab")).to_be_visible(timeout=30_000)
    expect(page.get_by_role("combobox", name="Scenario")).to_have_value("From All Orders.txt (uploaded)")
    expect(page.get_by_test_id("stMetricLabel").get_by_text("Breach probability").first).to_be_visible()


def test_a_file_that_is_not_a_report_is_refused_with_its_missing_columns(page, app_server, tmp_path):
    bad = tmp_path / "notes.txt"
    bad.write_text("amazon-order-id\tpurchase-date\n111-1111111-1111111\t2024-01-01T10:00:00+00:00\n")
    open_page(page, app_server, "replay")
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(bad))
    wait_for_app(page)
    error = page.get_by_test_id("stAlertContentError").first
    expect(error).to_contain_text("notes.txt was not replayed")
    expect(error).to_contain_text("order-status")
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_a_utf16_report_replays_as_on_the_cli(page, app_server, tmp_path):
    """Issue 11, part 7: Excel's "Unicode text" (UTF-16) gives the page the CLI's figures."""
    plain = tmp_path / "plain.txt"
    write_report(plain, ReportSpec(days=35, orders_per_day=50, seller_cancel_rate=0.03), seed=7)
    wide = tmp_path / "Unicode.txt"
    wide.write_bytes(plain.read_text(encoding="utf-8").encode("utf-16"))
    cli = replay_report(plain)
    open_page(page, app_server, "replay")
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(wide))
    wait_for_app(page)
    main = page.get_by_test_id("stMain")
    expect(main).to_contain_text("Peak 7-day rate", timeout=30_000)
    expect(main).to_contain_text(f"{cli.cancellation_rate.max:.2%}")
    expect(main).to_contain_text("Partial windows: on the first 6 day(s)")
    expect(page.get_by_test_id("stAlertContentError")).to_have_count(0)
