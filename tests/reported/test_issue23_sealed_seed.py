"""Issue 23 item 4: an assigned shift could be rehearsed first, unrecorded, through a link (or
the desk's own settings) with the same settings and seed, which My training and the start form
showed.  The seed is shown nowhere to the trainee now, and it opens no desk outside the
assignment: only its trainer, or a trainee after their own recorded attempt, may reopen it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from classroom.cohorts import Classroom
from classroom.sealed import Sealed
from classroom.store import AttemptStore
from classroom.store.db import sqlite_url
from tests.ui.signin import account, open_as, plain_texts
from training.reopen import query_of

SEED = 424242
SHIFT = {"orders": 16, "rulebook": "amazon_uk", "incidents": 0.2, "messages": 0.1, "overdue": 1, "seed": SEED}
LINK = query_of({"kind": "shift", "params": SHIFT, "seed": SEED})
DESK = "train/desk_page.py"


@pytest.fixture
def db(monkeypatch, tmp_path) -> Path:
    path = tmp_path / "a.sqlite3"
    monkeypatch.setenv("CANCEL_DESK_DB", str(path))
    monkeypatch.setenv("CANCEL_DESK_DATA", str(tmp_path / "data"))
    tess, ann = account(path, "Tess", "trainer"), account(path, "Ann")
    room = Classroom(sqlite_url(path))
    cohort = room.create_cohort("Evening", by=tess)
    room.join(cohort.join_code, ann)
    room.assign(cohort.id, "shift", "Monday rush", by=tess, params=SHIFT, pass_mark=0.0)
    return path


def _everything(at: AppTest) -> str:
    words = [m.value for m in at.markdown] + [c.value for c in at.caption] + plain_texts(at)
    words += [x.value for kind in (at.info, at.success, at.warning, at.error) for x in kind]
    for box in at.selectbox:
        words += [str(o) for o in box.options]
    return "\n".join(words)


def _linked(db: Path, who: str | None, role: str = "trainee") -> AppTest:
    """The desk opened from the reopen link of the assigned shift, by ``who`` (None: a guest)."""
    at = open_as(DESK, db, who, role, run=False)
    for k, v in LINK.items():
        at.query_params[k] = v
    return at.run()


def test_my_training_and_the_start_form_do_not_show_the_seed(db):
    home = open_as("auth/home_page.py", db, "Ann")
    assert not home.exception and "Monday rush" in _everything(home)
    assert str(SEED) not in _everything(home)
    desk = open_as(DESK, db, "Ann")
    desk.radio(key="desk_mode").set_value("Shift at the desk").run()
    picks = desk.selectbox(key="desk_shift_assigned")
    picks.set_value(picks.options[-1]).run()  # the assigned shift's settings
    assert not desk.exception and str(SEED) not in _everything(desk)
    desk.button(key="desk_start").click().run()
    assert not desk.exception and desk.session_state["desk"].desk.recipe["seed"] == SEED
    assert str(SEED) not in _everything(desk)  # nor on the desk while it is worked


def test_a_link_with_the_seed_opens_no_rehearsal(db):
    for who in (None, "Ann"):  # a guest, and the trainee before her recorded attempt
        at = _linked(db, who)
        assert not at.exception
        assert any("shift a trainer assigned" in e.value for e in at.error)
        assert at.session_state["desk"].desk is None  # no desk with the assigned orders
    trainer = _linked(db, "Tess", "trainer")
    assert not trainer.exception and not trainer.error
    assert trainer.session_state["desk"].desk.recipe["seed"] == SEED
    now = datetime(2026, 1, 5, 9, 0)  # Ann's own recorded attempt: her debrief's link opens for her
    AttemptStore().save(
        trainee="Ann", exercise_id="shift", exercise_title="Shift", score=0.5, passed=False, steps=[],
        deductions=[], started_at=now, ended_at=now, user_id=account(db, "Ann").id,
        assignment_id=Sealed().assignments_with_seed(SEED)[0],
    )  # fmt: skip
    after = _linked(db, "Ann")
    assert not after.error and after.session_state["desk"].desk.recipe["seed"] == SEED


def test_the_desks_own_settings_cannot_take_the_seed(db):
    desk = open_as(DESK, db, "Ann")
    desk.radio(key="desk_mode").set_value("Shift at the desk").run()
    desk.number_input(key="desk_shift_seed").set_value(SEED).run()
    desk.button(key="desk_start").click().run()
    assert not desk.exception
    assert desk.session_state["desk"].desk.recipe["seed"] != SEED
