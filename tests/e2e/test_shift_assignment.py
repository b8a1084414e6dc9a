"""A trainer's shift assignment in a real browser: the trainee starts it from My training with
exactly the trainer's settings, and the finished shift shows against the assignment."""

from __future__ import annotations

from datetime import date

from playwright.sync_api import expect

from classroom.accounts import Accounts
from classroom.cohorts import Classroom
from classroom.store import AttemptStore, dispose_engines
from tests.e2e.test_desk_helpers import PASSWORD, click, go, pick, settle, sign_in

SHIFT = {"orders": 15, "rulebook": "amazon_uk", "incidents": 0.2, "messages": 0.0, "overdue": 0, "seed": 4242}


def test_an_assigned_shift_starts_with_the_trainers_settings_and_counts(page, app_server):
    url = app_server.store_url
    acc = Accounts(url)
    room = Classroom(url, accounts=acc)
    tess, _ = acc.add_user("Tara", "trainer", PASSWORD)
    acc.add_user("Sam", "trainee", PASSWORD)
    sam = next(u for u in acc.users() if u.name == "Sam")
    cohort = room.create_cohort("Evening", by=tess)
    room.join(cohort.join_code, sam)
    room.assign(cohort.id, "shift", "UK rush", by=tess, params=SHIFT, pass_mark=0.0, due_on=date(2099, 1, 1))
    dispose_engines()

    sign_in(page, app_server, "Sam")
    go(page, "My training")
    main = page.locator('[data-testid="stMain"]')
    expect(main.locator('[data-testid="stDataFrame"]').first).to_be_visible()
    label = "Shift: UK rush (15 orders, Amazon.co.uk (UK)) · Evening"  # the marketplace's name, no seed
    pick(page, page, "Start assigned work", label)
    click(page, "Start on the desk")
    card = page.locator(".st-key-desk_card")
    expect(card).to_contain_text("Shift at the desk")
    expect(card).not_to_contain_text("4242")  # an assigned shift's seed is sealed (issue 23)
    click(page, "Finish shift")
    yes = page.get_by_role("button", name="Yes, finish", exact=True)
    expect(page.locator(".st-key-desk_debrief").or_(yes).first).to_be_visible()
    if yes.count():  # nothing done yet: the desk asks first
        yes.click()
        settle(page)
    expect(page.locator(".st-key-desk_debrief")).to_contain_text("Saved as attempt #")
    saved = [a for a in AttemptStore(url=url).attempts() if a.trainee == "Sam"]
    dispose_engines()
    assert len(saved) == 1 and saved[0].assignment_id is not None
    assert saved[0].instance["params"] == {**SHIFT, "sfp": False}  # every setting named
    go(page, "My training")
    assigned = page.locator('[data-testid="stMain"] [data-testid="stDataFrame"]').first
    expect(assigned).to_contain_text("UK rush")
    expect(assigned).to_contain_text("Passed")  # pass mark 0: the shift attempt counted for it
