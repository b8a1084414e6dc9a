"""The rulebook reference page, in a real browser."""

from playwright.sync_api import expect

from tests.e2e.conftest import open_page, screenshot


def test_rulebook_page_shows_thresholds_and_reasons(page, app_server):
    open_page(page, app_server, "rulebook")
    expect(page.get_by_role("heading", name="Amazon.com (US)")).to_be_visible()
    main = page.locator('[data-testid="stMain"]')
    expect(main).to_contain_text("Cancellation Rate")
    expect(main).to_contain_text("Reasons for cancellation")
    expect(page.get_by_text("Compliance risk", exact=False).first).to_be_attached()
    expect(main).not_to_contain_text("DOMAIN.md")
    expect(main).not_to_contain_text("Seed article")
    # The rulebook's text is shown as written: seller guidance is named as not an Amazon page.
    expect(main).to_contain_text("seller guidance (not an Amazon page)")
    assert screenshot(page, "rulebook").stat().st_size > 10_000


def test_switching_rulebook_shows_india_limit(page, app_server):
    open_page(page, app_server, "rulebook")
    page.get_by_test_id("stSelectbox").first.click()
    # Rulebooks are listed by name, not by file id (issue 11).
    expect(page.get_by_role("option", name="amazon_in")).to_have_count(0)
    page.get_by_role("option", name="Amazon.in (India)").click()
    expect(page.get_by_role("heading", name="Amazon.in (India)")).to_be_visible()
    expect(page.locator('[data-testid="stMain"]')).to_contain_text("Cancellation fee")
