"""Cohorts, assignments, the trainee's home and the trainer's dashboard, all in SQL, on
SQLite and PostgreSQL; notes and soft delete keep who and when."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from classroom.accounts import AccountError, Accounts
from classroom.cohorts import BAD_CODE, MAX_BAD_CODES_PER_ADDRESS, Classroom, CohortError
from classroom.store import AttemptStore, to_csv
from classroom.store.dashboard import Dashboard, Scope
from classroom.store.db import sqlite_url
from training.shift import ShiftParams

PW = "correct horse battery"
XSS = ":red[x] **b** <img src=x onerror=alert(1)>"
T0, T1 = datetime(2025, 11, 1, 9, 0), datetime(2025, 11, 1, 9, 12)
TRAP = {
    "points": 1.0,
    "rule": "r.cancel",
    "what": "Tried to cancel a Pending order",
    "why": "w",
    "trap": "cancel_pending",
}
STEP = {"points": 0.5, "rule": "r.contact", "what": "Missing step: Contact buyer", "why": "w", "trap": None}


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return sqlite_url(tmp_path / "a.sqlite3")
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def room(url):
    acc = Accounts(url)
    room = Classroom(url, accounts=acc)
    tess, _ = acc.add_user("Tess", "trainer", PW)
    return room, tess, AttemptStore(url=url), Dashboard(url)


def _attempt(store, user, exercise="ex_a", score=1.0, deductions=()):
    return store.save(
        trainee=user.name, exercise_id=exercise, exercise_title=exercise.upper(), score=score,
        passed=score >= 0.8, steps=[{"action": "open_order", "ok": True}], deductions=list(deductions),
        started_at=T0, ended_at=T1, user_id=user.id,
    )  # fmt: skip


def test_trainee_joins_with_the_code_and_sees_assigned_work(room):
    room_, tess, store, _ = room
    cohort = room_.create_cohort(f"  {XSS}  ", by=tess)
    assert cohort.name == XSS and len(cohort.join_code) == 8  # kept as typed, shown as text by the pages
    ann, token = room_.register(cohort.join_code.lower(), "Ann", PW, address="a")
    assert room_.accounts.user_for(token) == ann
    room_.assign(cohort.id, "exercise", "ex_a", by=tess, due_on=date(2025, 12, 1), pass_mark=0.9)
    room_.assign(cohort.id, "exercise", "ex_b", by=tess, due_on=date(2025, 11, 1), pass_mark=0.5)
    room_.assign(cohort.id, "shift", "monday_rush", by=tess, params={"orders": 18, "seed": 5})
    _attempt(store, ann, "ex_a", 0.95)
    states = {s.assignment.ref: s for s in room_.home(ann.id, today=date(2025, 11, 15))}
    assert states["ex_a"].state == "passed" and states["ex_a"].best_score == 0.95
    assert states["ex_b"].state == "overdue" and states["ex_b"].attempts == 0
    assert states["monday_rush"].state == "not started"  # shift attempts count only when started from it
    assert states["monday_rush"].assignment.params == ShiftParams(orders=18, seed=5).to_dict()
    assert [c.id for c in room_.cohorts_of(ann.id)] == [cohort.id]
    assert room_.cohorts()[0].members == 1


def test_assignments_are_checked(room):
    room_, tess, _store, _ = room
    c = room_.create_cohort("C", by=tess)
    with pytest.raises(CohortError, match="No exercise"):
        room_.assign(c.id, "exercise", "nope", by=tess, known={"ex_a"})
    with pytest.raises(CohortError, match="pass mark"):
        room_.assign(c.id, "exercise", "ex_a", by=tess, pass_mark=80)
    with pytest.raises(CohortError, match="Unknown kind"):
        room_.assign(c.id, "quiz", "ex_a", by=tess)
    ann, _ = room_.accounts.add_user("Ann", "trainee", PW)
    with pytest.raises(CohortError, match="Only a trainer"):
        room_.create_cohort("mine", by=ann)


def test_wrong_join_codes_are_refused_and_rate_limited(room):
    room_, tess, _store, _ = room
    room_.create_cohort("C", by=tess)
    ann, _ = room_.accounts.add_user("Ann", "trainee", PW)
    for _ in range(MAX_BAD_CODES_PER_ADDRESS):
        with pytest.raises(CohortError, match=BAD_CODE):
            room_.join("WRONG123", ann, address="x")
    with pytest.raises(CohortError, match="Too many"):
        room_.join("WRONG123", ann, address="x")
    with pytest.raises(CohortError, match=BAD_CODE):
        room_.register("WRONG123", "Bo", PW, address="y")
    with pytest.raises(AccountError):
        room_.accounts.sign_in("Bo", PW, "y")  # no account was made for a wrong code


def test_dashboard_progress_rates_misses_and_scope(room):
    room_, tess, store, dash = room
    c = room_.create_cohort("C", by=tess)
    ann, _ = room_.register(c.join_code, "Ann", PW, address="a")
    room_.register(c.join_code, "Bo", PW, address="a")
    cy, _ = room_.accounts.add_user("Cy", "trainee", PW)  # not in the cohort
    room_.assign(c.id, "exercise", "ex_a", by=tess, pass_mark=0.8)
    _attempt(store, ann, "ex_a", 1.0)
    _attempt(store, ann, "ex_b", 0.5, [TRAP, STEP])
    _attempt(store, cy, "ex_b", 0.0, [TRAP])
    scope = Scope(cohort_id=c.id)
    assert dash.summary(scope) == {"attempts": 2, "passed": 1, "trainees": 1}
    prog = {p["trainee"]: p for p in dash.progress(scope)}
    assert prog["Ann"]["attempts"] == 2 and prog["Ann"]["assignments_passed"] == 1
    assert prog["Bo"]["attempts"] == 0 and prog["Bo"]["assignments_passed"] == 0  # a member with no attempt
    assert "Cy" not in prog
    rates = {r["exercise_id"]: r for r in dash.pass_rates(scope)}
    assert rates["ex_a"]["pass_rate"] == 1.0 and rates["ex_b"]["pass_rate"] == 0.0
    everyone = dash.misses()
    assert [(m["kind"], m["code"], m["times"]) for m in everyone] == [
        ("trap", "cancel_pending", 2),
        ("step", "r.contact", 1),
    ]
    assert [m["times"] for m in dash.misses(scope)] == [1, 1]
    assert {a.trainee for a in dash.page(Scope(user_id=cy.id))} == {"Cy"}  # one trainee's own only
    assert [a.id for a in dash.page(limit=2)] == [a.id for a in list(dash.iter_attempts(batch=1))[:2]]


def test_notes_and_soft_delete_keep_who_and_when(room):
    room_, tess, store, dash = room
    ann, _ = room_.accounts.add_user("Ann", "trainee", PW)
    aid = _attempt(store, ann, "ex_b", 0.5, [TRAP])
    store.annotate(aid, XSS, by=tess.id)
    assert store.delete(aid, by=tess.id, why="test attempt")
    assert not store.delete(aid, by=tess.id)  # already deleted: nothing changes, nothing logged
    assert dash.count() == 0 and dash.misses() == [] and store.count() == 0
    assert dash.count(Scope(include_deleted=True)) == 1
    gone = store.get(aid)
    assert gone.deleted_by == tess.id and gone.deleted_at
    assert store.restore(aid, by=tess.id)
    history = store.notes(aid)
    assert [(n.kind, n.text, n.author) for n in history] == [
        ("note", XSS, "Tess"),
        ("deleted", "test attempt", "Tess"),
        ("restored", "", "Tess"),
    ]
    assert all(n.created_at for n in history) and dash.count() == 1


def test_csv_has_deductions_and_traps(room):
    room_, _tess, store, dash = room
    ann, _ = room_.accounts.add_user("Ann", "trainee", PW)
    _attempt(store, ann, "ex_b", 0.5, [TRAP, STEP])
    text = to_csv(dash.iter_attempts())
    header, row = text.splitlines()[:2]
    assert header.endswith(",deductions,traps,points_lost")
    assert "Tried to cancel a Pending order (-1): w [r.cancel]; Missing step: Contact buyer (-0.5)" in row
    assert row.endswith(",cancel_pending,1.5")


def test_the_cohort_grid_shows_every_member_on_every_assignment_from_their_own_live_attempts(room):
    room_, tess, store, _ = room
    cohort = room_.create_cohort("Grid", by=tess)
    other = room_.create_cohort("Other", by=tess)
    bea, _ = room_.register(cohort.join_code, "bea", PW, address="b")  # lower case: sorted without case
    ann, _ = room_.register(cohort.join_code, "Ann", PW, address="a")
    cal, _ = room_.register(cohort.join_code, "Cal", PW, address="c")
    out, _ = room_.register(other.join_code, "Out", PW, address="o")
    ex = room_.assign(cohort.id, "exercise", "ex_a", by=tess, pass_mark=0.8)
    late = room_.assign(cohort.id, "exercise", "ex_b", by=tess, pass_mark=0.8, due_on=date(2025, 11, 10))
    sh = room_.assign(cohort.id, "shift", "monday_rush", by=tess, params={"orders": 18, "seed": 5})
    _attempt(store, ann, "ex_a", 0.6)
    _attempt(store, ann, "ex_a", 0.9)  # two tries, the best counts
    gone = _attempt(store, bea, "ex_a", 1.0)
    store.delete(gone, by=tess.id, why="test run")  # soft-deleted: not counted
    _attempt(store, bea, "ex_b", 0.5)
    _attempt(store, out, "ex_a", 1.0)  # not a member: not in the grid, not counted for anyone
    store.save(trainee="Cal", exercise_id="shift", exercise_title="Shift", score=0.7, passed=False, steps=[],
               deductions=[], started_at=T0, ended_at=T1, user_id=cal.id, assignment_id=sh.id)  # fmt: skip
    _attempt(store, cal, "shift", 1.0)  # a shift from the desk's own settings: not this assignment

    grid = room_.grid(cohort.id, today=date(2025, 11, 15))
    assert [g.trainee for g in grid] == ["Ann", "bea", "Cal"]
    cells = {(g.trainee, s.assignment.id): s for g in grid for s in g.work}
    assert all([s.assignment.id for s in g.work] == [ex.id, late.id, sh.id] for g in grid)
    assert (cells["Ann", ex.id].state, cells["Ann", ex.id].attempts, cells["Ann", ex.id].best_score) == (
        "passed", 2, 0.9,
    )  # fmt: skip
    assert (cells["bea", ex.id].state, cells["bea", ex.id].attempts) == ("not started", 0)
    assert (cells["bea", late.id].state, cells["bea", late.id].best_score) == ("overdue", 0.5)
    assert cells["Ann", late.id].state == "overdue" and cells["Ann", late.id].attempts == 0
    assert (cells["Cal", sh.id].state, cells["Cal", sh.id].attempts, cells["Cal", sh.id].best_score) == (
        "attempted",
        1,
        0.7,
    )  # fmt: skip  (below the default pass mark 0.8; the shift worked outside the assignment is left out)
    assert room_.grid(other.id) == []  # no assignments, no rows
    home = {s.assignment.id: s for s in room_.home(ann.id, today=date(2025, 11, 15))}
    assert {a: (s.state, s.attempts, s.best_score) for a, s in home.items()} == {
        a: (cells["Ann", a].state, cells["Ann", a].attempts, cells["Ann", a].best_score) for a in home
    }  # the trainee's own page and the trainer's grid agree
