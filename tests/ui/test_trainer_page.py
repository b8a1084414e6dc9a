"""The trainer page, driven headless with AppTest: trainers only, dashboard, attempts, cohorts."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from classroom import AttemptStore
from classroom.accounts import Accounts
from classroom.cohorts import Assignment, Classroom, Standing, Status
from classroom.store.db import sqlite_url
from tests.ui.signin import XSS, account, open_as, shown_as_text
from ui.train.trainer_cohorts import cell, grid_table

STEPS = [
    {"hour": 0, "action": "open_order", "ok": True, "rule": "statuses.Unshipped", "detail": XSS},
    {"hour": 4, "action": "cancel", "ok": True, "rule": "reasons.BuyerCanceled.counts_toward_rate",
     "detail": "excluded", "reason": "BuyerCanceled", "status": "Canceled"},
]  # fmt: skip
MISSED = {
    "what": "Missing step",
    "why": "because",
    "rule": "procedures.ask_buyer.steps.message_buyer",
    "points": 1,
}
TRAP = {"what": "Tried to cancel a Pending order", "why": "w", "rule": "statuses.Pending", "points": 1,
        "trap": "cancel_pending"}  # fmt: skip


@pytest.fixture
def db(monkeypatch, tmp_path) -> Path:
    path = tmp_path / "a.sqlite3"
    monkeypatch.setenv("CANCEL_DESK_DB", str(path))
    return path


def _seed(db: Path) -> None:
    store = AttemptStore(db)
    for who, ex, passed in [("Ann", "a", True), ("Ann", "a", False), ("Bo", "b", True), (XSS, "b", False)]:
        user = account(db, who) if who != XSS else None  # an old attempt saved under a typed name
        store.save(
            trainee=who, exercise_id=ex, exercise_title=f"Exercise {ex}", score=1.0 if passed else 0.5,
            passed=passed, steps=STEPS, deductions=[] if passed else [MISSED, TRAP],
            started_at=datetime(2025, 11, 1, 9), ended_at=datetime(2025, 11, 1, 9, 5),
            user_id=user.id if user else None,
        )  # fmt: skip


def test_guests_and_trainees_are_kept_out(db):
    _seed(db)
    guest = open_as("train/trainer_page.py", db, None)
    assert not guest.exception and "Sign in to see trainer records" in guest.info[0].value
    assert not guest.dataframe and not guest.metric
    trainee = open_as("train/trainer_page.py", db, "Ann")
    assert "This page is for trainers" in trainee.error[0].value and not trainee.dataframe


def test_one_time_password_must_be_changed_first(db):
    once = Accounts(sqlite_url(db)).add_user("Tess", "trainer")[1]
    at = open_as("train/trainer_page.py", db, None)
    at.text_input(key="auth_gate_name").input("Tess")
    at.text_input(key="auth_gate_pw").input(once)
    at.button(key="FormSubmitter:auth_gate-Sign in").click().run()
    assert "one-time password" in at.info[0].value and not at.dataframe
    at.text_input(key="auth_gate_pw_old").input(once)
    at.text_input(key="auth_gate_pw_new").input("my own password")
    at.text_input(key="auth_gate_pw_again").input("my own password")
    at.button(key="FormSubmitter:auth_gate_pw-Change password").click().run()
    assert not at.exception and at.title[0].value == "Trainer records" and at.metric


def test_dashboard_numbers_chart_and_names_as_text(db):
    _seed(db)
    at = open_as("train/trainer_page.py", db, "Tess", "trainer")
    assert not at.exception
    assert [m.value for m in at.metric[:3]] == ["4", "2", "3"]
    progress = at.dataframe[0].value
    assert list(progress["Trainee"]) == sorted(["Ann", "Bo", XSS])
    rates = at.dataframe[1].value
    assert list(rates["Pass rate"]) == [0.5, 0.5]
    (chart,) = at.get("vega_lite_chart")  # the most-missed chart: both misses, counted twice each
    assert "Missing step" in str(chart.proto) and "Tried to cancel a Pending order" in str(chart.proto)
    assert at.get("download_button")
    assert shown_as_text(at, XSS)


def test_attempt_picker_steps_notes_and_soft_delete(db):
    _seed(db)
    at = open_as("train/trainer_page.py", db, "Tess", "trainer")
    labels = at.selectbox(key="trainer_attempt").options
    assert labels[0].startswith(f"#4 · {XSS} · Exercise b · 2025-11-01 09:05 · 50%")  # not just "#4"
    at.selectbox(key="trainer_attempt").set_value(4).run()
    steps = at.dataframe[3].value
    assert list(steps["Action"]) == ["Open order", "Cancel order"]
    assert list(steps["Rule id"]) == ["statuses.Unshipped", "reasons.BuyerCanceled.counts_toward_rate"]
    at.text_area(key="trainer_note").input(XSS)
    at.button(key="FormSubmitter:trainer_note_form-Add note").click().run()
    at.button(key="trainer_delete").click().run()
    assert not at.exception
    store = AttemptStore(db)
    assert store.get(4).deleted_at and store.count() == 3
    assert [(n.kind, n.text, n.author) for n in store.notes(4)] == [
        ("note", XSS, "Tess"),
        ("deleted", "", "Tess"),
    ]
    assert at.metric[0].value == "3"  # no longer counted
    at.toggle(key="trainer_deleted").set_value(True).run()
    at.selectbox(key="trainer_attempt").set_value(4).run()
    assert shown_as_text(at, XSS)  # the note (and the old name) drawn as text
    at.button(key="trainer_restore").click().run()
    assert AttemptStore(db).count() == 4


def test_cohort_created_assigned_and_scoped(db):
    _seed(db)
    at = open_as("train/trainer_page.py", db, "Tess", "trainer")
    at.text_input(key="trainer_cohort_name").input(XSS)
    at.button(key="FormSubmitter:trainer_new_cohort-Create cohort").click().run()
    assert not at.exception and "join with the code" in at.success[0].value
    room = Classroom(sqlite_url(db))
    (cohort,) = room.cohorts()
    assert cohort.name == XSS
    room.join(cohort.join_code, account(db, "Bo"))
    at.selectbox(key="trainer_assign_ex").set_value("gift_wrap_unavailable")
    at.button(key="FormSubmitter:trainer_assign-Assign").click().run()
    assert not at.exception and len(room.assignments(cohort.id)) == 1
    at.selectbox(key="trainer_cohort").set_value(cohort.id).run()
    assert [m.value for m in at.metric[:3]] == ["1", "1", "1"]  # Bo's attempt only
    assert shown_as_text(at, XSS)

    # the cohorts tab's grid: every member, one column per assignment, from the database
    bo = account(db, "Bo")
    AttemptStore(db).save(
        trainee="Bo", exercise_id="gift_wrap_unavailable", exercise_title="Gift wrap", score=0.9, passed=True,
        steps=STEPS, deductions=[], started_at=datetime(2025, 11, 2, 9), ended_at=datetime(2025, 11, 2, 9, 5),
        user_id=bo.id,
    )  # fmt: skip
    at.run()
    assert not at.exception
    (grid,) = [d.value for d in at.dataframe if "Trainee" in d.value.columns and len(d.value.columns) == 2]
    (column,) = [c for c in grid.columns if c.startswith("1. ")]
    assert list(grid["Trainee"]) == ["Bo"] and list(grid[column]) == ["✓ 90% · 1 attempt"]


def test_store_down_is_a_message_not_a_traceback(monkeypatch, tmp_path):
    monkeypatch.setenv("CANCEL_DESK_DB_URL", "postgresql+psycopg://u:secretpw@127.0.0.1:1/none")
    at = open_as("train/trainer_page.py", tmp_path / "unused.sqlite3", None)
    at.text_input(key="auth_gate_name").input("Tess")
    at.text_input(key="auth_gate_pw").input("whatever password")
    at.button(key="FormSubmitter:auth_gate-Sign in").click().run()
    assert not at.exception
    assert "is not answering" in at.error[0].value and "secretpw" not in at.error[0].value
    assert "postgresql" not in at.error[0].value and "u:" not in at.error[0].value  # issue 23: no user


def test_a_grid_cell_says_where_a_trainee_stands_in_a_few_words():

    a = Assignment(1, 1, "exercise", "ex_a", {}, date(2025, 11, 10), 0.8, "")
    assert cell(Status(a, "", 2, 0.85, 9, "passed")) == "✓ 85% · 2 attempts"
    assert cell(Status(a, "", 1, 0.5, 9, "attempted")) == "50% · 1 attempt"
    assert cell(Status(a, "", 1, 0.5, 9, "overdue")) == "! overdue · 50% · 1 attempt"
    assert cell(Status(a, "", 0, None, None, "overdue")) == "! overdue · not started"
    assert cell(Status(a, "", 0, None, None, "not started")) == "–"
    rows = grid_table([Standing(7, XSS, [Status(a, "", 0, None, None, "overdue")])], {"ex_a": "Gift wrap"})
    assert rows == [
        {"Trainee": XSS, "1. Gift wrap, due Nov 10": "! overdue · not started"}
    ]  # names kept as text
