"""Issue 13 in a real browser: the Seller memo is graded where the rulebook asks for one, and a
finished attempt's instance reopens as a practice desk with the same buyer and products."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Page, expect

from classroom.store import AttemptStore, dispose_engines
from tests.e2e.test_desk_helpers import (
    cancel_with,
    click,
    finish_attempt,
    go,
    open_exercise_order,
    send_message,
    settle,
    sign_in,
    start_exercise,
)

EXERCISE = "A typo in the listing price"
INFORM = 'Tell the buyer why the order is (or will be) cancelled: the "Problem with order" message'
TYPED = "**Listing** showed $4.99 :red[not] $49.99"  # markdown-looking text must stay text


def _count(server) -> int:
    n = AttemptStore(url=server.store_url).count()
    dispose_engines()
    return n


def _new_page(browser) -> Page:
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(30_000)
    return page


def _instance(page: Page) -> tuple[str, str]:
    """The exercise order's id and the Ship to / product lines of its detail."""
    oid = page.locator(".st-key-desk_card_order button").first.inner_text().split(": ")[-1]
    detail = page.locator(".st-key-desk_detail").inner_text()
    ship_to = re.search(r"Ship to (.+)", detail).group(1).strip()
    product = detail.split("\n- ")[-1].split("\n")[0] if "\n- " in detail else detail.splitlines()[-1]
    return oid, f"{ship_to} | {product}"


def _work_price_typo(page: Page, memo: str) -> tuple[str, str]:
    open_exercise_order(page)
    seen = _instance(page)
    page.locator(".st-key-desk_cancel_btn button").click()
    settle(page)
    form = page.locator(".st-key-desk_cancel_page")
    expect(form).to_contain_text("House rule (an assumption: a house rule, not an Amazon requirement)")
    click(page, "Back to the order")
    cancel_with(page, "Pricing Error", memo)
    send_message(page, INFORM)
    click(page, "Finish and grade")
    return seen


def test_a_memo_typed_on_the_cancel_page_is_graded_and_shown_as_text(page, app_server):
    start_exercise(page, app_server, None, EXERCISE)
    _work_price_typo(page, TYPED)
    debrief = page.locator(".st-key-desk_debrief")
    expect(debrief.locator('[data-testid="stMetricValue"]').first).to_have_text("100%")
    expect(debrief).to_contain_text("You wrote the Seller memo the rulebook asks for here.")
    expect(debrief).to_contain_text(f"Seller memo: {TYPED}")  # the very characters typed, not bold or red
    expect(debrief.locator("strong").filter(has_text="Listing")).to_have_count(0)
    click(page, "Start another")
    start_exercise(page, app_server, None, EXERCISE)
    _work_price_typo(page, "   ")
    debrief = page.locator(".st-key-desk_debrief")
    expect(debrief.locator('[data-testid="stMetricValue"]').first).to_have_text("90%")
    expect(debrief).to_contain_text("No Seller memo on the cancel")
    expect(debrief).to_contain_text("an assumption: a house rule, not an Amazon requirement")
    expect(debrief).to_contain_text("Seller memo: none written")


def test_the_debrief_reopens_the_same_instance_as_practice(page, app_server):
    start_exercise(page, app_server, None, EXERCISE)
    seen = _work_price_typo(page, "price error")
    link = page.get_by_role("link", name="Reopen this instance")
    expect(link).to_be_visible()
    href = link.get_attribute("href") or ""
    assert "exercise=price_typo" in href and "seed=" in href
    link.click()
    settle(page)
    # the address is the link's until the desk puts the tab's guest token back: judge by the page
    expect(page.get_by_text("Reopened instance #")).to_be_visible()
    expect(page.locator(".st-key-desk_debrief")).to_have_count(0)  # a fresh desk, nothing done on it
    open_exercise_order(page)
    assert _instance(page) == seen
    page.reload()  # the address alone opens it again, and what was done on it is kept
    settle(page)
    expect(page.get_by_text("Reopened instance #")).to_be_visible()
    expect(page.locator(".st-key-desk_detail")).to_contain_text(seen[1].split(" | ")[0])
    address = page.url
    go(page, "Rulebook")  # a look at the rules through the sidebar, whose links drop the address
    go(page, "Manage Orders (training)")
    expect(page.get_by_text("Reopened instance #")).to_be_visible()  # the practice goes on
    expect(page.locator(".st-key-desk_detail")).to_contain_text(seen[1].split(" | ")[0])
    assert parse_qs(urlsplit(page.url).query) == parse_qs(urlsplit(address).query)  # instance, tab's token
    page.reload()  # so a reload after the round trip still finds it
    settle(page)
    expect(page.locator(".st-key-desk_detail")).to_contain_text(seen[1].split(" | ")[0])
    click(page, "Back to my own desk")  # leaving is a choice
    expect(page.get_by_text("Reopened instance #")).to_have_count(0)
    assert "exercise=" not in page.url


def test_the_trainer_reopens_a_trainees_attempt_with_the_same_buyer_and_product(browser, app_server):
    trainee, trainer = _new_page(browser), _new_page(browser)
    try:
        start_exercise(trainee, app_server, "Rhea", EXERCISE)
        seen = _work_price_typo(trainee, "listing price wrong")
        expect(trainee.locator(".st-key-desk_debrief")).to_contain_text("Saved as attempt #")
        saved = _count(app_server)
        sign_in(trainer, app_server, "Theo", "trainer")
        go(trainer, "Trainer records")
        trainer.get_by_role("tab", name="Attempts").click()
        expect(trainer.locator('[data-testid="stMain"]')).to_contain_text("Instance #")
        trainer.get_by_role("link", name="Reopen this instance").first.click()
        settle(trainer)
        expect(trainer.get_by_text("Reopened instance #")).to_be_visible()
        open_exercise_order(trainer)
        assert _instance(trainer) == seen
        finish_attempt(trainer)  # practice: graded, never recorded under anyone
        expect(trainer.locator(".st-key-desk_debrief")).to_contain_text(
            "Guest practice: graded, not recorded."
        )
        assert _count(app_server) == saved
    finally:
        trainee.context.close()
        trainer.context.close()
