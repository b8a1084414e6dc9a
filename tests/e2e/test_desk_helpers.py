"""Driving the training desk in a real browser: the steps a trainee takes (helpers, no tests)."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from classroom.accounts import Accounts
from tests.e2e.conftest import open_page, wait_for_app

PASSWORD = "correct horse battery"


def settle(page: Page) -> None:
    wait_for_app(page)
    expect(page.locator('[data-testid="stSkeleton"]')).to_have_count(0)


def pick(page: Page, scope, label: str, option: str) -> None:
    box = scope.locator('[data-testid="stSelectbox"]').filter(has_text=label).first
    exact = re.compile(f"^{re.escape(option)}$")
    choice = page.get_by_role("option").filter(has_text=exact).first
    for _ in range(3):  # a rerun finishing just then can close the list again
        box.locator('[role="combobox"], input').first.click()
        try:
            choice.wait_for(timeout=5_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    choice.click()
    settle(page)


def go(page: Page, title: str) -> None:
    """Another page through the sidebar: a fresh page load would start a new, signed-out session.

    It waits for the sidebar to mark the page as current: right after the click, the run before
    may still read as finished, and the next step would act on the page being left."""
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text=title).first.click()
    current = page.locator('[data-testid="stSidebarNav"] a[aria-current="page"]')
    expect(current).to_have_text(re.compile(rf"{re.escape(title)}\s*$"))  # a link's text ends with its title
    settle(page)


def sign_in(page: Page, server, name: str, role: str = "trainee") -> None:
    """Make the account ``name`` in the server's database (if new) and sign in on the Account page."""
    acc = Accounts(server.store_url)
    if not any(u.name == name for u in acc.users()):
        acc.add_user(name, role, PASSWORD)
    open_page(page, server, "account")
    out = page.get_by_role("button", name="Sign out")
    form = page.locator('[data-testid="stForm"]').filter(has_text="Sign in").first
    expect(out.or_(form.get_by_label("Name")).first).to_be_visible()  # the page has made up its mind
    if out.count():  # still signed in from before (the session cookie outlives a reload, a restart)
        out.click()
        settle(page)
    form.get_by_label("Name").fill(name)
    form.get_by_role("textbox", name="Password", exact=True).fill(PASSWORD)
    form.get_by_role("button", name="Sign in").click()
    settle(page)
    expect(page.locator('[data-testid="stMain"]')).to_contain_text(f"Signed in as {name}")


def start_exercise(page: Page, server, name: str | None, exercise_title: str) -> None:
    """Signed in as ``name`` (a recorded attempt), or ``None`` for guest practice."""
    if name is None:
        open_page(page, server, "desk")
    else:
        sign_in(page, server, name)
        go(page, "Manage Orders (training)")
    pick(page, page, "Exercise", exercise_title)
    page.get_by_role("button", name="Start").click()
    settle(page)
    expect(page.locator(".st-key-desk_card")).to_contain_text(exercise_title)


def click(page: Page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    settle(page)


def rate_shown(page: Page) -> float:
    metric = page.locator('.st-key-desk_account [data-testid="stMetric"]').filter(
        has_text="Cancellation Rate"
    )
    return float(metric.locator('[data-testid="stMetricValue"]').first.inner_text().strip().rstrip("%"))


def finish_attempt(page: Page) -> None:
    """Finish and grade; an attempt with nothing done yet is confirmed first (issue 13)."""
    click(page, "Finish and grade")
    yes = page.get_by_role("button", name="Yes, finish", exact=True)
    expect(page.locator(".st-key-desk_debrief").or_(yes).first).to_be_visible()
    if yes.count():
        yes.click()
        settle(page)


def send_message(page: Page, template: str) -> None:
    box = page.locator(".st-key-desk_messages")
    pick(page, box, "Template", template)
    click(page, "Send")
    expect(page.locator('[data-testid="stAlert"]').first).to_contain_text("Message sent")


def open_exercise_order(page: Page) -> None:
    """Click the order id the exercise card names: Manage Orders opens an order by its id."""
    page.locator(".st-key-desk_card_order button").first.click()
    settle(page)
    expect(page.locator(".st-key-desk_detail")).to_be_visible()


def cancel_with(page: Page, reason: str, memo: str, items: dict[int, int] | None = None) -> None:
    """Cancel order > the cancel page: Reason, (Cancel items with quantities,) Seller memo, Submit."""
    page.locator(".st-key-desk_cancel_btn button").click()
    settle(page)
    form = page.locator(".st-key-desk_cancel_page")
    expect(form).to_contain_text("Reason for cancellation")
    if items:
        form.get_by_text("Cancel items", exact=True).click()
        settle(page)
        boxes = form.locator('[data-testid="stNumberInput"] input')
        for k, n in items.items():  # k: the item line (negative counts from the last)
            box = boxes.nth(k if k >= 0 else boxes.count() + k)
            box.fill(str(n))
            box.press("Enter")
            settle(page)
    pick(page, form, "Reason for cancellation", reason)
    form.get_by_label("Seller memo").fill(memo)
    form.get_by_role("button", name="Submit").click()
    settle(page)
    expect(page.locator(".st-key-desk_cancel_page")).to_have_count(0)


def confirm_shipment(page: Page, scope, tracking: str = "", carrier: str | None = None) -> None:
    """Confirm shipment: its form (carrier, tracking ID) opens beside the order; Confirm sends it."""
    scope.get_by_role("button", name="Confirm shipment", exact=True).click()
    body = page.locator('[data-testid="stPopoverBody"]').filter(has_text="Tracking ID").last
    expect(body).to_be_visible()
    if carrier:
        pick(page, body, "Carrier", carrier)
    if tracking:
        body.get_by_label("Tracking ID").fill(tracking)
    body.get_by_role("button", name="Confirm", exact=True).click()
    settle(page)


def status_tab(page: Page, status: str) -> None:
    """Manage Orders' status tabs: ``Pending (3)``, the label and its count."""
    named = re.compile(rf"^{re.escape(status)} \(\d+\)$")
    tab = page.locator(".st-key-desk_status").get_by_role("radio", name=named)
    tab.first.click()
    settle(page)


def why(page: Page) -> str:
    """Open the "Why?" behind the desk's last confirmation and read it."""
    page.get_by_role("button", name="Why?").first.click()
    body = page.locator('[data-testid="stPopoverBody"]').last
    expect(body).to_be_visible()
    text = body.inner_text()
    page.keyboard.press("Escape")
    return text
