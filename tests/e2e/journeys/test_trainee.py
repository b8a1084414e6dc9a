"""The trainee's journey (issue 22): join -> two exercises -> reload mid-attempt -> shift -> debrief.

A new trainee joins a cohort with its code, works two exercises on the desk (the second is
interrupted by a reload, which must neither sign her out nor lose the attempt), works a shift
and finishes it early (the desk asks first, and grades only what arrived), and finds her
attempts on My training.  At 390 px wide the same journey runs on a phone.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from classroom.accounts import Accounts
from classroom.cohorts import Classroom
from classroom.store import dispose_engines
from tests.e2e.conftest import open_page, screenshot, wait_for_app
from tests.e2e.journeys.steps import PHONE_WIDTH, join, sidebar, whole
from tests.e2e.test_desk_helpers import (
    PASSWORD,
    cancel_with,
    click,
    finish_attempt,
    open_exercise_order,
    pick,
    send_message,
    settle,
)

FIRST, SECOND = "Sold out, no restock in time", "Gift wrapping you cannot offer"


def cohort_code(server, trainee: str) -> str:
    """A trainer and a cohort, made behind the scenes: this journey starts at the join form."""
    acc = Accounts(server.store_url)
    trainer = next((u for u in acc.users() if u.name == "Tom Trainer"), None)
    if trainer is None:
        trainer, _ = acc.add_user("Tom Trainer", "trainer", PASSWORD)
    cohort = Classroom(server.store_url, accounts=acc).create_cohort(f"Cohort of {trainee}", by=trainer)
    dispose_engines()
    return cohort.join_code


def start(page: Page, exercise: str) -> None:
    pick(page, page, "Exercise", exercise)
    page.get_by_role("button", name="Start").click()
    settle(page)
    expect(page.locator(".st-key-desk_card")).to_contain_text(exercise)


def test_trainee_joins_works_two_exercises_survives_a_reload_and_a_shift(user_page, journey_server):
    page = user_page
    size = "phone" if page.viewport_size["width"] < PHONE_WIDTH else "desktop"
    name = f"Tia {size.capitalize()}"
    code = cohort_code(journey_server, name)
    # 1. Join with the code: the account is made, signed in, and the page says so.
    open_page(page, journey_server)
    join(page, code, name, PASSWORD)
    main = page.get_by_test_id("stMain")
    expect(main.locator('[data-testid="stAlertContentSuccess"]').first).to_be_visible()
    # 2. The first exercise, done by the book: the debrief saves it.
    sidebar(page, "Manage Orders (training)")
    start(page, FIRST)
    open_exercise_order(page)
    cancel_with(page, "No Inventory", "no restock before the ship date")
    finish_attempt(page)
    debrief = page.locator(".st-key-desk_debrief")
    expect(debrief).to_contain_text("Saved as attempt")
    page.locator(".st-key-desk_again button").click()
    settle(page)
    # 3. The second exercise, interrupted by a reload: still signed in, the attempt still there.
    start(page, SECOND)
    open_exercise_order(page)
    send_message(page, "Ask the buyer to request cancellation")
    page.reload()
    wait_for_app(page)
    whole(page)
    expect(page.locator(".st-key-desk_card")).to_contain_text(SECOND)  # resumed, not a start form
    expect(page.get_by_role("button", name="Start")).to_have_count(0)
    finish_attempt(page)
    expect(page.locator(".st-key-desk_debrief")).to_contain_text("Saved as attempt")
    screenshot(page, f"journey-trainee-debrief-{size}")
    page.locator(".st-key-desk_again button").click()
    settle(page)
    # 4. A shift, finished early: the desk asks first, and the debrief grades what arrived.
    page.get_by_text("Shift at the desk", exact=True).click()
    settle(page)
    page.get_by_role("button", name="Start").click()
    settle(page)
    expect(page.locator(".st-key-desk_card")).to_contain_text("Shift at the desk")
    click(page, "Wait 4 h")
    click(page, "Finish shift")
    expect(main).to_contain_text("not arrived yet")
    click(page, "Yes, finish")
    debrief = page.locator(".st-key-desk_debrief")
    expect(debrief).to_contain_text("Saved as attempt")
    expect(debrief).to_contain_text("not graded")
    screenshot(page, f"journey-trainee-shift-{size}")
    # 5. My training lists the three attempts, the shift the latest.
    sidebar(page, "My training")
    expect(main).not_to_contain_text("Sign in to")
    picker = main.locator('[data-testid="stSelectbox"]').filter(has_text="Attempt").first
    picker.locator('[role="combobox"], input').first.click()
    options = page.get_by_role("option")
    expect(options).to_have_count(3)
    listed = " ".join(options.all_inner_texts())
    page.keyboard.press("Escape")
    assert FIRST in listed and SECOND in listed and re.search("[Ss]hift", listed), listed
