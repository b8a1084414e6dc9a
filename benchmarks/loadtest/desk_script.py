"""What one trainee does at the desk: sign in, open the desk, start the exercise, 6-10 desk
actions with 1-3 s think time, finish and grade.

Every selector the desk needs is named here by role and label, so when the desk's
layout changes (Manage Orders is to get an Action column) this module is the one to update.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from benchmarks.loadtest.browser import timed, timed_load

PASSWORD = "load test password"  # set beforehand by server.make_trainees (no must-change step)
DESK_NAV = "Manage Orders (training)"
ACTIONS = ("wait", "open order", "search", "send")  # the kinds of desk action, as reported
Record = Callable[[str, float], None]


def trainee_name(index: int) -> str:
    return f"Load trainee {index:02d}"


def _button(page: Page, name: str):
    return page.get_by_role("button", name=name, exact=True)


def _clock(page: Page):
    return page.locator(".st-key-desk_card").get_by_text("Simulated time")


def arrive(page: Page, base_url: str, record: Record) -> None:
    """The first page: the Account page, where a trainee signs in."""
    record("first page load", timed_load(page, f"{base_url}/account"))


def sign_in(page: Page, name: str, record: Record) -> None:
    form = page.locator('[data-testid="stForm"]').filter(has_text="Sign in").first
    form.get_by_label("Name").fill(name)
    form.get_by_role("textbox", name="Password", exact=True).fill(PASSWORD)
    main = page.locator('[data-testid="stMain"]')
    record(
        "sign in",
        timed(
            page,
            form.get_by_role("button", name="Sign in").click,
            lambda: expect(main).to_contain_text(f"Signed in as {name}"),
        ),
    )


def open_desk(page: Page, record: Record) -> str:
    """Sidebar to the desk (a new page load would be a new, signed-out session), Start; the order id."""
    nav = page.locator('[data-testid="stSidebarNav"] a').filter(has_text=DESK_NAV).first
    record("open desk", timed(page, nav.click, lambda: expect(_button(page, "Start")).to_be_visible()))
    card = page.locator(".st-key-desk_card")
    record("start", timed(page, _button(page, "Start").click, lambda: expect(card).to_be_visible()))
    found = re.search(r"Order to handle: (\S+)", card.inner_text())
    return found.group(1) if found else ""


def desk_action(page: Page, kind: str, order_id: str, rng: random.Random) -> float:
    """One desk action of ``kind`` (one of ACTIONS), timed click to last rerun."""
    if kind == "wait":
        before = _clock(page).inner_text()
        hours = rng.choice((1, 4))
        return timed(
            page,
            _button(page, f"Wait {hours} h").click,
            lambda: expect(_clock(page)).not_to_have_text(before),
        )
    detail = page.locator(".st-key-desk_detail")
    if kind == "open order":  # Manage Orders opens an order by its id (the card names it)
        order = page.locator(".st-key-desk_card_order button").first
        return timed(page, order.click, lambda: expect(detail).to_be_visible())
    if kind == "search":
        box = page.get_by_label("Search by order ID")
        back = page.locator(".st-key-desk_back_list button")
        if back.count():  # an order is open: going back to the list is this search's action
            return timed(page, back.first.click, lambda: expect(box).to_be_visible())
        # a shorter prefix each other time: the exercise's order stays in the list, and the
        # value always changes (Enter on an unchanged value runs nothing)
        text = order_id[:3] if box.input_value() == order_id[:7] else order_id[:7]
        box.fill(text)
        return timed(page, lambda: box.press("Enter"))
    if kind == "send":
        if not detail.count():  # messages are written on an open order
            desk_action(page, "open order", order_id, rng)
        return timed(page, _button(page, "Send").click)
    raise ValueError(f"unknown desk action {kind!r}; one of {ACTIONS}")


def finish(page: Page, record: Record) -> int:
    """Finish and grade; the attempt number the debrief says it was saved as."""
    debrief = page.locator(".st-key-desk_debrief")
    yes = _button(page, "Yes, finish")  # nothing done on the order: the desk asks first
    took = timed(
        page, _button(page, "Finish and grade").click, lambda: expect(debrief.or_(yes).first).to_be_visible()
    )
    if yes.count():
        took += timed(page, yes.click, lambda: expect(debrief).to_be_visible())
    record("finish", took)
    saved = re.search(r"Saved as attempt #(\d+)", debrief.inner_text())
    if saved is None:
        raise RuntimeError("the debrief does not say the attempt was saved")
    return int(saved.group(1))


def play(page: Page, name: str, rng: random.Random, record: Record, think) -> int:
    """The trainee's session after ``arrive``; returns the saved attempt's number."""
    sign_in(page, name, record)
    order_id = open_desk(page, record)
    kinds = ["open order"] + [rng.choice(ACTIONS) for _ in range(rng.randint(6, 10) - 1)]
    for kind in kinds:  # the first opens the exercise's order, so Send has an order to write to
        think()
        elapsed = desk_action(page, kind, order_id, rng)
        record(f"desk: {kind}", elapsed)
    think()
    return finish(page, record)
