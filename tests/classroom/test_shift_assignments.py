"""Issue 14 part 2 with issue 13's shift: a trainer assigns a shift with its length, marketplace,
mix and seed; the trainee starts exactly that shift, and its result is counted against the
assignment (home status, the trainer's progress), on SQLite and PostgreSQL.  Migration 0006
adds ``attempts.assignment_id`` and keeps every older attempt."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from classroom.accounts import Accounts
from classroom.cohorts import Classroom, CohortError
from classroom.store import AttemptStore, dispose_engines
from classroom.store.dashboard import Dashboard, Scope
from classroom.store.db import _MIGRATIONS, HEAD, engine_for, sqlite_url
from training.session import build, finish_shift, rebuild

PW = "correct horse battery"
SHIFT = {"orders": 16, "rulebook": "amazon_uk", "incidents": 0.2, "messages": 0.1, "overdue": 1, "seed": 77}
STORED = {**SHIFT, "sfp": False}  # the settings as a shift keeps them (every field named)


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return sqlite_url(tmp_path / "a.sqlite3")
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def classroom(url):
    acc = Accounts(url)
    room = Classroom(url, accounts=acc)
    tess, _ = acc.add_user("Tess", "trainer", PW)
    ann, _ = acc.add_user("Ann", "trainee", PW)
    cohort = room.create_cohort("Morning", by=tess)
    room.join(cohort.join_code, ann)
    return room, tess, ann, cohort, AttemptStore(url=url)


def _work_all_routine(desk) -> None:
    """Ship every order that is there from the start (the incidents are left undone)."""
    for p in desk.plan:
        if p.arrival == 0 and desk.order(p.order_id).status == "Unshipped":
            desk.open_order(p.order_id)
            desk.confirm_shipment(p.order_id)


def test_a_shift_assignment_starts_exactly_its_shift_and_counts_its_result(classroom):
    room, tess, ann, cohort, store = classroom
    a = room.assign(cohort.id, "shift", "Monday rush", by=tess, params=SHIFT, pass_mark=0.0,
                    due_on=date(2030, 1, 1))  # fmt: skip
    (status,) = room.home(ann.id, today=date(2029, 12, 1))
    assert status.state == "not started" and status.assignment.params == STORED
    recipe = status.recipe()
    assert recipe["assignment"] == a.id and recipe["params"] == STORED
    desk = build(recipe)
    assert (desk.params.orders, desk.params.rulebook, desk.params.seed) == (16, "amazon_uk", 77)
    assert len(desk.plan) == 16 and desk.rb.id.endswith("uk")
    assert desk.recipe["assignment"] == a.id
    _work_all_routine(desk)
    again = rebuild(desk.recipe, desk.journal)  # a reload keeps which assignment it works
    assert again.recipe["assignment"] == a.id
    # a shift worked from the desk's own settings (no assignment) does not count for it
    finish_shift(build({"kind": "shift", "ref": "shift", "seed": 77, "params": SHIFT}), "Ann", store,
                 user_id=ann.id)  # fmt: skip
    (status,) = room.home(ann.id, today=date(2029, 12, 1))
    assert status.state == "not started" and status.attempts == 0
    done = finish_shift(again, "Ann", store, user_id=ann.id)
    saved = next(x for x in store.attempts() if x.id == done.attempt_id)
    assert saved.assignment_id == a.id and saved.exercise_id == "shift"
    (status,) = room.home(ann.id, today=date(2029, 12, 1))
    assert status.attempts == 1 and status.best_score == pytest.approx(done.grade.score)
    assert status.last_attempt_id == done.attempt_id and status.state == "passed"  # pass mark 0
    (row,) = Dashboard(store=store).progress(Scope(cohort_id=cohort.id))
    assert row["trainee"] == "Ann" and row["assignments_passed"] == 1


def test_a_shift_not_passed_is_attempted_then_overdue(classroom):
    room, tess, ann, cohort, store = classroom
    room.assign(cohort.id, "shift", "Rush", by=tess, params=SHIFT, pass_mark=1.0, due_on=date(2030, 1, 1))
    (status,) = room.home(ann.id, today=date(2029, 12, 1))
    desk = build(status.recipe())
    finish_shift(desk, "Ann", store, user_id=ann.id)  # nothing done: not passed
    assert room.home(ann.id, today=date(2029, 12, 1))[0].state == "attempted"
    assert room.home(ann.id, today=date(2030, 1, 2))[0].state == "overdue"
    (row,) = Dashboard(store=store).progress(Scope(cohort_id=cohort.id))
    assert row["assignments_passed"] == 0 and row["attempts"] == 1


def test_an_exercise_assignment_starts_a_fresh_instance_and_keeps_counting_by_exercise(classroom):
    room, tess, ann, cohort, _store = classroom
    a = room.assign(cohort.id, "exercise", "price_typo", by=tess)
    (status,) = room.home(ann.id)
    r1, r2 = status.recipe(seed=11), status.recipe(seed=12)
    assert r1["assignment"] == a.id and r1["ref"] == "price_typo" and r1["seed"] != r2["seed"]
    assert build(r1).exercise_order.buyer_name != build(r2).exercise_order.buyer_name


@pytest.mark.parametrize(
    ("params", "says"),
    [({"orders": 40}, "15 to 30"), ({"rulebook": "amazon_zz"}, "No marketplace rulebook"),
     ({"hours": 8}, "no setting 'hours'"), ({"incidents": 0.9, "messages": 0.5}, "at most 1")],
)  # fmt: skip
def test_shift_settings_are_checked_when_assigned(classroom, params, says):
    room, tess, _ann, cohort, _store = classroom
    with pytest.raises(CohortError) as e:
        room.assign(cohort.id, "shift", "Bad", by=tess, params=params)
    assert says in str(e.value)


def test_migration_0006_keeps_older_attempts_and_adds_the_assignment(url):
    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    engine = engine_for(url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0005")
        conn.execute(
            sa.text(
                "INSERT INTO attempts (trainee, exercise_id, exercise_title, score, passed, steps,"
                " deductions, started_at, ended_at, instance)"
                " VALUES ('Old', 'shift', 'Shift', 0.5, 0, '[]', '[]',"
                " '2025-11-01T09:00:00', '2025-11-01T09:30:00', '{\"kind\": \"shift\"}')"
            )
        )
    dispose_engines()
    store = AttemptStore(url=url)  # opening migrates to HEAD
    (old,) = store.attempts()
    assert (old.trainee, old.score, old.instance) == ("Old", 0.5, {"kind": "shift"})
    assert old.assignment_id is None
    new = store.save(trainee="New", exercise_id="shift", exercise_title="Shift", score=1.0, passed=True,
                     steps=[], deductions=[], started_at=datetime(2025, 11, 2),
                     ended_at=datetime(2025, 11, 2), assignment_id=3)  # fmt: skip
    assert next(a for a in store.attempts() if a.id == new).assignment_id == 3
    with store._engine.connect() as conn:
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one() == HEAD
