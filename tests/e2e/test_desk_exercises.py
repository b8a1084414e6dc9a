"""One whole exercise per procedure, in headless Chromium, asserting what the page shows."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import screenshot
from tests.e2e.test_desk_helpers import (
    cancel_with,
    click,
    confirm_shipment,
    finish_attempt,
    open_exercise_order,
    pick,
    rate_shown,
    send_message,
    settle,
    start_exercise,
    why,
)


def test_seller_cancel_with_the_right_reason_raises_the_rate(page, app_server):
    start_exercise(page, app_server, "Dana", "Sold out, no restock in time")
    open_exercise_order(page)
    expect(page.locator(".st-key-desk_detail")).to_contain_text("0 units on hand")
    # opening an order is routine: no banner quoting the rulebook follows the click (issue 22)
    expect(page.locator('[data-testid="stMain"] [data-testid="stAlertContentSuccess"]')).to_have_count(0)
    account = page.locator(".st-key-desk_account")
    expect(account).to_contain_text("Expected negative feedback from your handling: none yet")
    expect(account).to_contain_text("Background: the Training desk scenario's simulated orders (seed 7).")
    expect(account).not_to_contain_text("simulate(")
    expect(account).not_to_contain_text("Your orders")
    before = rate_shown(page)
    # issue 10: for lack of inventory, cancel with No Inventory first, then the "Problem with order"
    # message (G1701); a cancelled order can still be messaged
    cancel_with(page, "No Inventory", "Sold out, supplier cannot restock")
    expect(page.locator(".st-key-desk_detail")).to_contain_text("Cancelled with reason No Inventory")
    send_message(
        page, 'Tell the buyer why the order is (or will be) cancelled: the "Problem with order" message'
    )
    after = rate_shown(page)
    assert after > before
    expect(page.locator(".st-key-desk_account")).to_contain_text("Feedback risk of the orders you handled")
    expect(account).to_contain_text("assumption")
    expect(account).to_contain_text("Expected negative feedback from your handling: 0.04 (assumption)")
    page.set_viewport_size({"width": 1280, "height": 1500})
    settle(page)
    page.evaluate("document.querySelectorAll('*').forEach(e => { if (e.scrollTop) e.scrollTop = 0; })")
    assert screenshot(page, "desk").stat().st_size > 20_000
    page.set_viewport_size({"width": 1280, "height": 800})
    click(page, "Finish and grade")
    debrief = page.locator(".st-key-desk_debrief")
    expect(debrief).to_contain_text("What went right")
    expect(debrief.locator('[data-testid="stMetricValue"]').first).to_have_text("100%")
    with page.expect_download() as dl:
        page.get_by_role("button", name="Download debrief").click()
    text = dl.value.path().read_text()
    assert "# Debrief: Sold out, no restock in time" in text and "Score: **100%**" in text
    assert screenshot(page, "debrief").stat().st_size > 10_000


def test_ask_buyer_banner_then_buyer_cancelled_keeps_the_rate(page, app_server):
    start_exercise(page, app_server, "Eli", "Gift wrapping you cannot offer")
    open_exercise_order(page)
    before = rate_shown(page)
    send_message(page, "Ask the buyer to request cancellation")
    banner = page.get_by_text("The buyer has requested that this order be cancelled.")
    expect(banner).to_have_count(0)
    click(page, "Wait 4 h")
    expect(banner).to_be_visible()
    expect(page.locator(".st-key-desk_messages")).to_contain_text("I have sent the cancellation request")
    # issue 10: the official request arrives as a message with Amazon's subject line
    expect(page.locator(".st-key-desk_messages")).to_contain_text(
        "Subject: Order cancellation request from Amazon customer"
    )
    cancel_with(page, "Buyer Cancelled", "Buyer filed the request")
    said = page.locator('[data-testid="stAlert"]').first
    expect(said).to_contain_text("cancelled (Buyer Cancelled).")  # one short line, the why behind Why?
    expect(said).not_to_contain_text("excluded")
    assert "excluded from the Cancellation Rate" in why(page)
    assert rate_shown(page) == before
    click(page, "Finish and grade")
    debrief = page.locator(".st-key-desk_debrief")
    # the seed's path passes, and its compliance risk is shown with its source
    expect(debrief).to_contain_text("Passed")
    expect(debrief).to_contain_text("Your handling is a compliance risk")
    expect(debrief).to_contain_text("Seller guidance (not an Amazon page)")


def test_debrief_names_the_broken_rule_in_words(page, app_server):
    start_exercise(page, app_server, "Ivo", "Gift wrapping you cannot offer")
    open_exercise_order(page)
    send_message(page, "Ask the buyer to request cancellation")
    cancel_with(page, "Buyer Cancelled", "too early")  # before the buyer's request: the trap
    click(page, "Finish and grade")
    debrief = page.locator(".st-key-desk_debrief")
    expect(debrief).to_contain_text("What to do differently")
    expect(debrief).to_contain_text(
        "Rulebook: situation “Special request not possible” › handling "
        "“Cancel with Buyer Cancelled without an official request”"
    )
    expect(debrief).to_contain_text("PNRJVBQMJRS942V")  # every deduction names its source
    expect(debrief).not_to_contain_text("Rule: ")


def test_the_buyer_of_a_pending_order_cannot_be_messaged(page, app_server):
    """Issue 21: a Pending order shows no buyer contact details (RXAS2XTAYEF77BG); the desk refuses
    a message to its buyer, as Seller Central does, and the debrief names the trap."""
    start_exercise(page, app_server, None, "A Pending order for an item you no longer have")
    open_exercise_order(page)
    box = page.locator(".st-key-desk_messages")
    pick(
        page,
        box,
        "Template",
        'Tell the buyer why the order is (or will be) cancelled: the "Problem with order" message',
    )
    click(page, "Send")
    said = page.locator('[data-testid="stAlert"]').first
    expect(said).to_contain_text("You cannot start a message to the buyer of a Pending order")
    expect(said).not_to_contain_text("Message sent")
    expect(box).to_contain_text("No messages yet.")
    finish_attempt(page)
    debrief = page.locator(".st-key-desk_debrief")
    expect(debrief).to_contain_text("Tried to message the buyer of a Pending order")


def test_one_item_missing_ship_what_you_have_then_adjust_is_acceptable(page, app_server):
    """Issue 21: ship the items you have, refund the sold-out one with an Order Adjustment and tell the
    buyer (200198080 "Partial refunds"; US G201722390). It scored 0% ("not a handling the rulebook
    lists"); at the desk it is now an acceptable path."""
    start_exercise(page, app_server, None, "One item of three is sold out")
    open_exercise_order(page)
    detail = page.locator(".st-key-desk_detail")
    confirm_shipment(page, detail, tracking="1Z999AA10123456784")
    expect(detail).to_contain_text("Partially Shipped")  # only the items that ship are confirmed
    # Refund the rest asks for the adjustment's reason, from the rulebook's (issue 22)
    detail.get_by_role("button", name="Refund the rest (adjustment)", exact=True).click()
    body = page.locator('[data-testid="stPopoverBody"]').filter(has_text="Reason for the adjustment").last
    expect(body).to_be_visible()
    pick(page, body, "Reason for the adjustment", "No Inventory")
    body.get_by_role("button", name="Refund the rest", exact=True).click()
    settle(page)
    expect(page.locator('[data-testid="stAlert"]').first).to_contain_text("is refunded (No Inventory).")
    send_message(
        page, 'Tell the buyer why the order is (or will be) cancelled: the "Problem with order" message'
    )
    finish_attempt(page)
    debrief = page.locator(".st-key-desk_debrief")
    expect(debrief.locator('[data-testid="stMetricValue"]').first).to_have_text("90%")
    expect(debrief).not_to_contain_text("Not a handling the rulebook lists")
