"""Issue 13 in a real browser: Manage Orders' Action column, Cancel items, an attempt that
survives a reload and a server restart, a whole shift, and the desk on a phone."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import StreamlitServer, open_page, screenshot
from tests.e2e.test_desk_helpers import (
    cancel_with,
    click,
    confirm_shipment,
    go,
    open_exercise_order,
    settle,
    start_exercise,
    status_tab,
    why,
)

ROWS = '[class*="st-key-desk_row_"]'


def _start(page, server, mode: str) -> None:
    open_page(page, server, "desk")
    page.get_by_text(mode, exact=True).click()
    settle(page)
    page.get_by_role("button", name="Start").click()
    settle(page)


def test_the_action_column_has_cancel_order_on_unshipped_rows_only(page, app_server):
    _start(page, app_server, "Free practice")
    rows = page.locator(ROWS)
    expect(rows.first).to_be_visible()
    expect(page.locator('[data-testid="stMain"]')).to_contain_text("Pending hidden")
    expect(page.locator(".st-key-desk_table_head")).to_be_visible()  # the column headings, on a wide screen
    seen = {"with": 0, "without": 0}
    for k in range(rows.count()):
        row = rows.nth(k)
        text = row.inner_text()
        assert "\nPending\n" not in text + "\n" and "not shown" not in text  # Pending hidden by default
        cancels = row.get_by_role("button", name="Cancel order", exact=True).count()
        if cancels:
            assert "Unshipped" in text and "Fulfilment: Seller" in text, text
            expect(row.get_by_role("button", name="Confirm shipment", exact=True)).to_be_visible()
            seen["with"] += 1
        else:
            assert "Unshipped" not in text or "Fulfilment: Amazon" in text, text
            seen["without"] += 1
    assert seen["with"] and seen["without"]
    status_tab(page, "Pending")
    pending = page.locator(ROWS)
    expect(pending.first).to_contain_text("not shown (Pending)")  # no buyer details
    for k in range(pending.count()):  # expect() retries: rows of the previous filter may still be leaving
        expect(pending.nth(k)).to_contain_text("not shown (Pending)")
        expect(pending.nth(k).get_by_role("button")).to_have_count(1)  # the order id, no Action button
    status_tab(page, "Shipped")
    shipped = page.locator(ROWS)
    expect(shipped.first).to_be_visible()
    expect(shipped.get_by_role("button", name="Cancel order", exact=True)).to_have_count(0)


def test_a_partial_cancel_through_cancel_items(page, app_server):
    start_exercise(page, app_server, None, "One item of three is sold out")
    open_exercise_order(page)
    cancel_with(page, "No Inventory", "last line sold out", items={-1: 1})
    detail = page.locator(".st-key-desk_detail")
    expect(detail).to_contain_text("1 cancelled")
    expect(detail).to_contain_text("Status Unshipped")  # the rest stays
    expect(page.locator('[data-testid="stAlert"]').first).to_contain_text("the rest stays")
    click(page, "Finish and grade")
    expect(page.locator(".st-key-desk_debrief")).to_contain_text("Seller memo: last line sold out")


def test_an_attempt_survives_a_reload_and_a_server_restart(browser, tmp_path):
    first = StreamlitServer(tmp_path).start()
    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    try:
        start_exercise(page, first, None, "Sold out, no restock in time")
        open_exercise_order(page)
        click(page, "Wait 4 h")
        expect(page.locator(".st-key-desk_card")).to_contain_text(", 13:00")  # the desk opens at 09:00
        oid = page.locator(".st-key-desk_card_order button").first.inner_text().split(": ")[-1]
        card = f"{oid}"
        token = page.url.split("trainee=")[1]
        page.reload()
        settle(page)
        expect(page.locator(".st-key-desk_card")).to_contain_text(card)  # the same order...
        expect(page.locator(".st-key-desk_card")).to_contain_text(", 13:00")  # ...and the same clock
        expect(page.locator(".st-key-desk_detail")).to_be_visible()  # still open
        go(page, "Rulebook")  # the sidebar's links drop the address, and with it the guest's token
        go(page, "Manage Orders (training)")
        assert page.url.split("trainee=")[1] == token  # put back, so a reload still finds the attempt
        page.reload()
        settle(page)
        expect(page.locator(".st-key-desk_card")).to_contain_text(", 13:00")
    finally:
        first.stop()
    second = StreamlitServer(tmp_path).start()
    try:
        page.goto(f"{second.url}/desk?trainee={token}")
        settle(page)
        expect(page.locator(".st-key-desk_card")).to_contain_text(card)
        expect(page.locator(".st-key-desk_card")).to_contain_text(", 13:00")
        expect(page.locator(".st-key-desk_detail")).to_be_visible()
        click(page, "Finish and grade")  # opened and waited only: the desk asks first
        expect(page.locator('[data-testid="stMain"]')).to_contain_text("You have not done anything")
        click(page, "Keep working")
        expect(page.locator(".st-key-desk_detail")).to_be_visible()
    finally:
        page.context.close()
        second.stop()


def test_a_whole_shift_worked_to_its_debrief(page, app_server):
    open_page(page, app_server, "desk")
    page.get_by_text("Shift at the desk", exact=True).click()
    settle(page)
    page.get_by_role("button", name="Start").click()
    settle(page)
    expect(page.locator(".st-key-desk_card")).to_contain_text("Shift at the desk")
    for _ in range(4):  # ship what is in the queue, wait for more to arrive, again
        for _ in range(40):
            confirm = page.get_by_role("button", name="Confirm shipment", exact=True)
            # ship the waiting orders; one missing an item is left Partially Shipped after one click
            rows = page.locator(ROWS).filter(has=confirm).filter(has_not_text="Partially Shipped")
            if rows.count() == 0:
                break
            oid = re.search(r"st-key-desk_row_(\S+)", rows.first.get_attribute("class")).group(1)
            row = page.locator(f".st-key-desk_row_{oid}")
            confirm_shipment(page, row)
            # done when this order's row no longer offers Confirm shipment ("not running" alone can
            # be seen before the click's rerun has started), or, for an order missing an item, once
            # it is Partially Shipped: it still offers Confirm shipment, for the rest
            button = row.get_by_role("button", name="Confirm shipment", exact=True)
            for _ in range(100):
                if button.count() == 0 or "Partially Shipped" in row.inner_text():
                    break
                page.wait_for_timeout(100)
            else:
                raise AssertionError(f"order {oid} still offers Confirm shipment")
            settle(page)
        click(page, "Wait 4 h")
    click(page, "Finish shift")
    debrief = page.locator(".st-key-desk_debrief")
    expect(debrief).to_contain_text("Shift debrief")
    expect(debrief).to_contain_text("With the best handling")
    table = debrief.locator('[data-testid="stDataFrame"]')
    expect(table).to_be_visible()
    assert screenshot(page, "shift_debrief").stat().st_size > 10_000


def test_the_desk_on_a_phone(browser, app_server):
    page = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True).new_page()
    try:
        start_exercise(page, app_server, None, "Sold out, no restock in time")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        # one card per order: the five column headings would stand above the first card only (issue 22)
        expect(page.locator(ROWS).first).to_be_visible()
        expect(page.locator(".st-key-desk_table_head")).to_be_hidden()
        # the tabs and the first card in sight, not the title
        page.evaluate("document.querySelector('.st-key-desk_status').scrollIntoView({block: 'start'})")
        assert screenshot(page, "desk_list_phone").stat().st_size > 5_000
        open_exercise_order(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        cancel = page.locator(".st-key-desk_cancel_btn button")
        expect(cancel).to_be_visible()
        cancel.scroll_into_view_if_needed()
        box = cancel.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390
        messages = page.locator(".st-key-desk_messages")
        expect(messages).to_be_visible()
        top = page.evaluate(
            "document.querySelector('.st-key-desk_messages').getBoundingClientRect().top + scrollY"
        )
        assert top < 4 * 844  # messaging right below the order, not four screens down
        assert screenshot(page, "desk_phone").stat().st_size > 5_000
    finally:
        page.context.close()


def test_a_shift_reads_like_seller_central(page, app_server):
    """Issue 22: status tabs, a buyer's message marked on its row, Confirm shipment with its carrier
    and tracking form, one short confirmation in the row, a wait's news one line per order, and a
    warning before a shift is finished early; the orders still to come are not graded."""
    open_page(page, app_server, "desk")
    page.get_by_text("Shift at the desk", exact=True).click()
    settle(page)
    seed = page.get_by_label("Seed (0: a fresh one)")
    seed.fill("3")
    seed.press("Enter")
    settle(page)
    page.get_by_role("button", name="Start").click()
    settle(page)
    tabs = page.locator(".st-key-desk_status")
    expect(tabs.get_by_role("radio", name=re.compile(r"^Unshipped \(\d+\)$"))).to_be_visible()
    expect(page.locator(ROWS).filter(has_text="Buyer message").first).to_be_visible()
    row = page.locator(ROWS).filter(has=page.get_by_role("button", name="Confirm shipment", exact=True)).first
    oid = re.search(r"st-key-desk_row_(\S+)", row.get_attribute("class")).group(1)
    row = page.locator(f".st-key-desk_row_{oid}")
    confirm_shipment(page, row, tracking="1Z999AA10123456784")
    said = row.locator('[data-testid="stAlert"]')
    expect(said).to_have_text(re.compile(f"Shipment confirmed for {oid}\\.$"))  # in the row clicked
    assert "tracking ID 1Z999AA10123456784" in why(page)
    page.evaluate("document.querySelectorAll('*').forEach(e => { if (e.scrollTop) e.scrollTop = 0; })")
    assert screenshot(page, "desk_shift").stat().st_size > 20_000
    click(page, "Wait 4 h")
    news = page.locator('[data-testid="stAlert"]').first
    expect(news).to_contain_text("4 simulated hours passed")
    assert news.locator("li").count() >= 2  # each order's news a line of its own
    click(page, "Finish shift")
    question = page.locator('[data-testid="stMain"]')
    expect(question).to_contain_text("The shift runs until 18:00")
    expect(question).to_contain_text("not arrived yet")
    click(page, "Yes, finish")
    debrief = page.locator(".st-key-desk_debrief")
    expect(debrief).to_contain_text("had not arrived yet (not graded)")
