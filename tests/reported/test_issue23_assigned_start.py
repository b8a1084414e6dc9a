"""Issue 23 item 4: "Start assigned work" during an attempt silently replaced the attempt, and
the new one kept the old ``started_at``.  It asks first now, and each attempt has its own times."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from classroom.accounts import Accounts
from classroom.cohorts import Classroom
from classroom.store import LiveStore
from classroom.store.db import sqlite_url
from classroom.store.schema import live_attempts
from tests.ui.signin import PW, account
from ui.auth.session import AUTH, AuthState

ROOT = Path(__file__).resolve().parents[2]
DESK, HOME = "ui/train/desk_page.py", "ui/auth/home_page.py"
OLD_START = "2026-01-05T08:00:00"


def _under_way(db: Path) -> tuple[AppTest, str]:
    """Ann, in a cohort with an assigned exercise, with another exercise under way since 08:00."""
    tess, ann = account(db, "Tess", "trainer"), account(db, "Ann")
    room = Classroom(sqlite_url(db))
    cohort = room.create_cohort("Evening", by=tess)
    room.join(cohort.join_code, ann)
    room.assign(cohort.id, "exercise", "price_typo", by=tess, known={"price_typo"})
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state[AUTH] = AuthState(Accounts(sqlite_url(db)).sign_in("Ann", PW, "apptest")[1])
    at.run()
    at.switch_page(DESK).run()
    at.selectbox(key="desk_exercise").set_value("out_of_stock_cancel")
    at.button(key="desk_start").click().run()
    owner = f"user:{ann.id}"
    live = LiveStore()
    with live._engine.begin() as conn:  # the attempt began at 08:00
        conn.execute(
            sa.update(live_attempts).where(live_attempts.c.owner == owner).values(started_at=OLD_START)
        )
    at.switch_page(HOME).run()
    assert not at.exception
    return at, owner


def test_start_assigned_work_asks_before_ending_the_attempt_in_progress(db):
    at, owner = _under_way(db)
    at.button(key="home_start").click().run()
    assert not at.exception
    assert any("attempt in progress" in w.value for w in at.warning)
    assert LiveStore().get(owner).recipe["ref"] == "out_of_stock_cancel"  # nothing replaced yet
    at.button(key="home_start_keep").click().run()
    assert not at.exception and LiveStore().get(owner).recipe["ref"] == "out_of_stock_cancel"


def test_the_new_attempt_keeps_its_own_start_time(db):
    at, owner = _under_way(db)
    at.button(key="home_start").click().run()
    at.button(key="home_start_replace").click().run()
    assert not at.exception
    row = LiveStore().get(owner)
    assert row.recipe["ref"] == "price_typo" and row.started_at != OLD_START
    assert at.session_state["desk"].desk.started_at.isoformat(timespec="seconds") == row.started_at
