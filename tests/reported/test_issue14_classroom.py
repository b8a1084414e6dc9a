"""Issue 14, "A real classroom": the trainer-records problems reported, each one driven headless."""

from __future__ import annotations

import csv
import io
import os
from datetime import date, datetime
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from classroom import AttemptStore
from classroom.cohorts import Classroom
from classroom.store import to_csv
from classroom.store.dashboard import Dashboard
from classroom.store.db import sqlite_url
from tests.ui.signin import PW, ROOT, XSS, account, finish_desk, open_as, shown_as_text

TRAP = {"what": "Tried to cancel a Pending order", "why": "w", "rule": "statuses.Pending", "points": 1.0,
        "trap": "cancel_pending"}  # fmt: skip


@pytest.fixture
def db(monkeypatch, tmp_path) -> Path:
    path = tmp_path / "a.sqlite3"
    monkeypatch.setenv("CANCEL_DESK_DB", str(path))
    return path


def _save(db, user, score=0.5, deductions=(TRAP,)):
    return AttemptStore(db).save(
        trainee=user.name, exercise_id="gift_wrap_unavailable", exercise_title="Gift wrap", score=score,
        passed=score >= 0.8, steps=[], deductions=list(deductions), started_at=datetime(2025, 11, 1, 9),
        ended_at=datetime(2025, 11, 1, 9, 5), user_id=user.id,
    )  # fmt: skip


def test_anyone_can_no_longer_open_trainer_records(db):
    """ "Anyone can open Trainer records and see every trainee's scores." """
    _save(db, account(db, "Ann"))
    for who in (None, "Bo"):
        at = open_as("train/trainer_page.py", db, who)
        assert not at.dataframe and not at.metric, who
    assert open_as("train/trainer_page.py", db, "Tess", "trainer").metric[0].value == "1"


def test_names_are_accounts_not_free_text(db):
    """ "Trainee names are free text, so anyone can record attempts under someone else's name." """
    at = AppTest.from_file(str(ROOT / "ui/train/desk_page.py"), default_timeout=60).run()
    assert not at.text_input  # no name to type: a guest records nothing
    at = open_as("train/desk_page.py", db, "Ann")
    at.selectbox(key="desk_exercise").set_value("gift_wrap_unavailable")
    at.button(key="desk_start").click().run()
    finish_desk(at)
    (a,) = AttemptStore(db).attempts()
    assert (a.trainee, a.user_id) == ("Ann", account(db, "Ann").id)


def test_typed_markdown_is_shown_as_text(db):
    """ "Markdown typed into a name is rendered: `:red[x] **bold** [link](…)`." """
    store = AttemptStore(db)
    store.save(trainee=XSS, exercise_id="e", exercise_title="E", score=0.5, passed=False, steps=[],
               deductions=[], started_at=datetime(2025, 1, 1), ended_at=datetime(2025, 1, 1))  # fmt: skip
    tess = account(db, "Tess", "trainer")
    Classroom(sqlite_url(db)).create_cohort(XSS, by=tess)
    store.annotate(1, XSS, by=tess.id)
    at = open_as("train/trainer_page.py", db, "Tess", "trainer")
    assert shown_as_text(at, XSS)
    assert any(XSS in o for o in at.selectbox(key="trainer_cohort").options)  # a selectbox label: text


def test_records_can_be_annotated_and_soft_deleted(db):
    """ "Records cannot be deleted or annotated, so test attempts stay forever." """
    aid = _save(db, account(db, "Ann"))
    tess = account(db, "Tess", "trainer")
    store = AttemptStore(db)
    store.annotate(aid, "practice run", by=tess.id)
    store.delete(aid, by=tess.id, why="test attempt")
    assert store.count() == 0 and store.get(aid).deleted_by == tess.id
    assert [(n.kind, n.author) for n in store.notes(aid)] == [("note", "Tess"), ("deleted", "Tess")]


def test_csv_has_deductions_and_traps(db):
    """ "The CSV has no deductions or traps." """
    _save(db, account(db, "Ann"))
    (row,) = csv.DictReader(io.StringIO(to_csv(Dashboard().iter_attempts())))
    assert row["traps"] == "cancel_pending" and row["deductions"].startswith(
        "Tried to cancel a Pending order (-1)"
    )


def test_attempt_picker_names_the_attempt(db):
    """ "The attempt picker shows only "#12"." """
    _save(db, account(db, "Ann"))
    at = open_as("train/trainer_page.py", db, "Tess", "trainer")
    assert at.selectbox(key="trainer_attempt").options == ["#1 · Ann · Gift wrap · 2025-11-01 09:05 · 50%"]


def test_trainee_home_shows_only_their_own_work(db):
    tess = account(db, "Tess", "trainer")
    room = Classroom(sqlite_url(db))
    cohort = room.create_cohort("Monday class", by=tess)
    ann, bo = account(db, "Ann"), account(db, "Bo")
    room.join(cohort.join_code, ann)
    room.assign(
        cohort.id, "exercise", "gift_wrap_unavailable", by=tess, due_on=date(2099, 1, 1), pass_mark=0.4
    )
    _save(db, ann, 0.5)
    _save(db, bo, 0.9)
    at = open_as("auth/home_page.py", db, "Ann")
    assert not at.exception
    work = at.dataframe[0].value
    assert list(work["Status"]) == ["Passed"] and list(work["Cohort"]) == ["Monday class"]
    assert at.selectbox(key="home_attempt").options == ["#1 · Ann · Gift wrap · 2025-11-01 09:05 · 50%"]
    assert "Bo" not in " ".join(at.selectbox(key="home_attempt").options)


def test_a_trainee_joins_with_the_code_on_the_account_page(db):
    tess = account(db, "Tess", "trainer")
    cohort = Classroom(sqlite_url(db)).create_cohort("Monday class", by=tess)
    at = AppTest.from_file(str(ROOT / "ui/auth/account_page.py"), default_timeout=60).run()
    at.text_input(key="auth_join_code").input(cohort.join_code.lower())
    at.text_input(key="auth_join_name").input("Cleo")
    at.text_input(key="auth_join_pw").input(PW)
    at.text_input(key="auth_join_again").input(PW)
    at.button(key="FormSubmitter:auth_join-Join").click().run()
    assert not at.exception and at.text[0].value == "Signed in as Cleo (trainee)"
    assert [m.name for m in Classroom(sqlite_url(db)).members(cohort.id)] == ["Cleo"]


def test_a_wrong_sign_in_says_the_same_for_name_and_password(db):
    account(db, "Ann")
    msgs = []
    for name, pw in (("Ann", "wrong password"), ("Nobody", PW)):
        at = AppTest.from_file(str(ROOT / "ui/auth/account_page.py"), default_timeout=60).run()
        at.text_input(key="auth_signin_name").input(name)
        at.text_input(key="auth_signin_pw").input(pw)
        at.button(key="FormSubmitter:auth_signin-Sign in").click().run()
        msgs.append(at.error[0].value)
    assert msgs[0] == msgs[1] == "That name and password do not match an account."


def test_an_unusable_data_folder_leaves_the_other_pages_working(monkeypatch, tmp_path):
    """The data folder is read-only or full: a clear message, and the other pages keep working."""
    blocked = tmp_path / "data"
    blocked.write_text("a file where the data folder should be")
    monkeypatch.setenv("CANCEL_DESK_DB", str(blocked / "attempts.sqlite3"))
    monkeypatch.setenv("CANCEL_DESK_DATA", str(tmp_path / "elsewhere"))
    at = open_as("auth/account_page.py", tmp_path / "unused", None)
    at.text_input(key="auth_signin_name").input("Tess")
    at.text_input(key="auth_signin_pw").input(PW)
    at.button(key="FormSubmitter:auth_signin-Sign in").click().run()
    # The folder's path is the operator's (in the log), not the visitor's (issue 23).
    assert not at.exception and "The data folder cannot be used" in at.error[0].value
    assert str(tmp_path) not in at.error[0].value
    desk = AppTest.from_file(str(ROOT / "ui/train/desk_page.py"), default_timeout=60).run()
    assert not desk.exception and desk.button(key="desk_start")  # guest practice still open
    rules = AppTest.from_file(str(ROOT / "ui/reference/rulebook_page.py"), default_timeout=60).run()
    assert not rules.exception and rules.title
    assert os.environ["CANCEL_DESK_DB"].startswith(str(blocked))
