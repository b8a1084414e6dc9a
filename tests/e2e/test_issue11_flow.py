"""Issue 11 in a real browser: a lab link reopens the same figures; the gallery on a phone."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import open_page, wait_for_app
from tests.e2e.test_gallery_page import figures


def test_a_shared_lab_link_reopens_identical_figures_in_a_fresh_browser(page, browser, app_server):
    """'The lab's address carries the scenario, policy (or the edited policy), seed, runs and
    rulebook edits. Opening it in a fresh browser reproduces the same figures.'"""
    open_page(page, app_server, "lab")
    page.get_by_role("tab", name=re.compile("^Limits$")).click()
    limit = page.get_by_label("Cancellation Rate limit (%)")
    limit.fill("1.60")
    limit.press("Enter")
    wait_for_app(page)
    page.get_by_role("tab", name=re.compile("Policy")).first.click()
    editor = page.get_by_role("textbox", name="Policy YAML")
    text = editor.input_value().replace(
        # asking is a compliance risk for a special request (no page rules on it)
        "special_request:\n    action: recommended",
        "special_request:\n    action: ask_buyer",
    )
    editor.fill(text)
    editor.press("Control+Enter")
    wait_for_app(page)
    expect(
        page.get_by_text(re.compile(r"By the book \(edited: special request not possible →")).first
    ).to_be_visible()
    expect(page.get_by_text("Compliance risk").first).to_be_visible()
    page.wait_for_timeout(500)
    url = page.url
    assert "edits=" in url and "seed=0" in url
    before = figures(page)
    fresh = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        other = fresh.new_page()
        other.goto(url)
        wait_for_app(other)
        expect(
            other.get_by_text(re.compile(r"By the book \(edited: special request not possible →")).first
        ).to_be_visible()
        assert figures(other) == before
    finally:
        fresh.close()


def test_on_a_phone_the_cards_keep_their_order_and_the_comparison_fits(browser, app_server):
    """'On a phone the cards keep their order, and the three-policy comparison table does not
    overflow sideways.'"""
    ctx = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = ctx.new_page()
        page.set_default_timeout(60_000)
        open_page(page, app_server)
        cards = page.locator("[class*='st-key-gallery-card-']")
        expect(cards.first).to_be_visible()
        tops = [c.bounding_box()["y"] for c in cards.all()]
        assert tops == sorted(tops) and len(tops) >= 6
        open_page(page, app_server, "?scenario=holiday_stockout&runs=100&seed=0")
        page.get_by_role("tab", name=re.compile("Compare policies")).click()
        box = page.get_by_test_id("stMultiSelect").locator("input")
        box.click()
        box.fill("Cancel first")
        page.keyboard.press("Enter")
        page.keyboard.press("Escape")
        wait_for_app(page)
        expect(page.get_by_test_id("stMultiSelect")).to_contain_text("Cancel first")
        page.get_by_role("button", name="Compare policies").click()
        wait_for_app(page)
        panel = page.get_by_role("tabpanel", name=re.compile("Compare policies"))
        expect(panel.get_by_test_id("stTable")).to_be_visible(timeout=60_000)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        ctx.close()
