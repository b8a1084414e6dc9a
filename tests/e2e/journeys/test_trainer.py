"""The trainer's journey (issue 22): first account -> cohort -> assign -> progress -> CSV.

The first trainer account is made with the documented command, as a new deployment does;
everything after it happens in the browser, through the sidebar.  A trainee joins with the
cohort's code and does the assigned exercise in another browser, so that the trainer has
progress to read and export.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import expect

from tests.e2e.conftest import ROOT, open_page, screenshot
from tests.e2e.journeys.steps import PHONE_WIDTH, join, sidebar, whole
from tests.e2e.test_desk_helpers import PASSWORD, click, finish_attempt, pick, settle

EXERCISE = "Gift wrapping you cannot offer"


def sign_in_form(page, name: str, password: str) -> None:
    form = page.locator('[data-testid="stForm"]').filter(has_text="Sign in").first
    form.get_by_label("Name").fill(name)
    secret = form.get_by_role("textbox", name="Password", exact=True)
    secret.fill(password)
    secret.press("Tab")  # leave the field before sending, as in choose_own_password
    form.get_by_role("button", name="Sign in").click()
    settle(page)


def choose_own_password(page, once: str) -> None:
    """A one-time password must be replaced at the first sign-in."""
    form = page.locator('[data-testid="stForm"]').filter(has_text="Choose your own password").first
    form.get_by_role("textbox", name="Current password").fill(once)
    form.get_by_role("textbox", name=re.compile("^New password \\(")).fill(PASSWORD)
    again = form.get_by_role("textbox", name="New password again")
    again.fill(PASSWORD)
    again.press("Tab")  # leave the field, as a hand does, so its value is the form's before it is sent
    form.get_by_role("button", name="Change password").click()
    settle(page)
    expect(page.get_by_test_id("stMain")).to_contain_text("Password changed.")  # as the user reads it


def test_trainer_makes_a_cohort_assigns_reads_progress_and_exports(user_page, journey_server, browser):
    page = user_page
    tag = "Phone" if page.viewport_size["width"] < PHONE_WIDTH else "Desk"  # each run its own names
    trainer, trainee_name, cohort = f"Tess {tag}", f"Jo {tag}", f"Monday {tag}"
    # 1. The first trainer account, made as docs/training.md says (no browser can make one).
    made = subprocess.run(
        [
            sys.executable,
            "-m",
            "classroom",
            "users",
            "--db-url",
            journey_server.store_url,
            "add",
            trainer,
            "--role",
            "trainer",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    once = made.stdout.strip().splitlines()[-1].strip()  # the one-time password, printed once
    # 2. Sign in through the sidebar's account page, and choose a password of one's own.
    open_page(page, journey_server)
    sidebar(page, "Sign in / account")
    sign_in_form(page, trainer, once)
    choose_own_password(page, once)
    expect(page.get_by_test_id("stMain")).to_contain_text(f"Signed in as {trainer}")
    # 3. A cohort, with its join code said in words.
    sidebar(page, "Trainer records")
    page.get_by_role("tab", name="Cohorts").click()
    settle(page)
    page.get_by_label("Cohort name").fill(cohort)
    page.get_by_role("button", name="Create cohort").click()
    settle(page)
    said = page.locator('[data-testid="stAlert"]').filter(has_text="join with the code").inner_text()
    code = re.search(r"code ([A-Z0-9]{8})", said).group(1)
    # 4. Assign an exercise to it: the form says what was assigned and starts empty again.
    main = page.get_by_test_id("stMain")
    pick(page, main, "Manage cohort", cohort)
    form = page.locator('[data-testid="stForm"]').filter(has_text="Pass mark")
    pick(page, form, "Exercise", EXERCISE)
    click(page, "Assign")
    assigned = main.locator('[data-testid="stAlertContentSuccess"]').filter(has_text=f"to {cohort}")
    expect(assigned).to_be_visible()  # (the cohort's "Created" may still show while the run ends)
    whole(page)
    # 5. A trainee joins with the code in another browser and does the exercise.
    trainee = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    trainee.set_default_timeout(30_000)
    try:
        open_page(trainee, journey_server)
        join(trainee, code, trainee_name, PASSWORD)
        sidebar(trainee, "My training")
        expect(trainee.get_by_test_id("stMain")).to_contain_text(EXERCISE)
        pick(trainee, trainee, "Start assigned work", f"Exercise: {EXERCISE} · {cohort}")
        click(trainee, "Start on the desk")
        expect(trainee.locator(".st-key-desk_card")).to_contain_text(EXERCISE)
        finish_attempt(trainee)
        expect(trainee.locator(".st-key-desk_debrief")).to_contain_text("Saved as attempt")
    finally:
        trainee.context.close()
    # 6. Progress: the trainer's records show the attempt, by cohort.
    sidebar(page, "Rulebook")
    sidebar(page, "Trainer records")
    pick(page, main, "Cohort", f"{cohort} (1 trainees)")  # the cohort's name and its size
    page.get_by_role("tab", name="Attempts").click()
    settle(page)
    table = page.locator('[data-testid="stDataFrame"]').filter(has_text=EXERCISE).first
    expect(table).to_contain_text(trainee_name)
    screenshot(page, "journey-trainer-attempts")
    # 7. The CSV has the attempt with its cohort and assignment.
    page.get_by_role("tab", name="Dashboard").click()
    settle(page)
    with page.expect_download() as info:
        page.get_by_role("button", name=re.compile("Export CSV")).click()
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8"))))
    mine = [r for r in rows if r.get("trainee") == trainee_name]
    assert mine, rows[:2]
    assert {r["cohort"] for r in mine} == {cohort}
    assert all(r["assignment"] for r in mine)
