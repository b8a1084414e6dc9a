"""Issue 22, the trainer's assign form in a real browser: only the chosen kind's fields, the
marketplace by name, and after Assign the words "Assigned … to …" above a form the browser shows
empty (AppTest saw the values go; the browser kept showing them)."""

from __future__ import annotations

from playwright.sync_api import expect

from classroom.accounts import Accounts
from classroom.cohorts import Classroom
from classroom.store import dispose_engines
from tests.e2e.test_desk_helpers import click, go, pick, settle, sign_in


def test_assign_a_shift_then_the_form_is_empty_and_says_what_was_assigned(page, app_server):
    sign_in(page, app_server, "Tina", role="trainer")
    tina = next(u for u in Accounts(app_server.store_url).users() if u.name == "Tina")
    Classroom(app_server.store_url).create_cohort("Late shift", by=tina)
    dispose_engines()
    go(page, "Trainer records")
    page.get_by_role("tab", name="Cohorts").click()
    settle(page)
    main = page.locator('[data-testid="stMain"]')
    pick(page, main, "Manage cohort", "Late shift")
    form = page.locator('[data-testid="stForm"]').filter(has_text="Pass mark")
    expect(form.get_by_text("Exercise", exact=True)).to_be_visible()
    expect(form.get_by_label("Shift name")).to_have_count(0)  # an exercise's form: no shift settings
    main.get_by_text("Shift", exact=True).click()
    settle(page)
    expect(form.get_by_text("Exercise", exact=True)).to_have_count(0)
    pick(page, form, "Marketplace", "Amazon.co.uk (UK)")  # by name, not amazon_uk
    form.get_by_label("Shift name").fill("Friday rush")
    click(page, "Assign")
    said = main.locator('[data-testid="stAlertContentSuccess"]').get_by_role("paragraph")
    expect(said).to_have_text("Assigned the shift “Friday rush” to Late shift.")
    expect(form.get_by_label("Shift name")).to_have_value("")
    expect(form.get_by_role("combobox", name="Marketplace")).to_have_value("Amazon.com (US)")  # the default
