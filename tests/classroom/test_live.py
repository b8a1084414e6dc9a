"""Attempts in progress live in the database (migration 0005), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime

import pytest

from classroom.store import AttemptStore, LiveStore, dispose_engines
from classroom.store.db import sqlite_url
from training.session import instance_words, new_desk, rebuild


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return sqlite_url(tmp_path / "a.sqlite3")
    return request.getfixturevalue("postgres_url")


def test_an_attempt_in_progress_survives_a_restart(url):
    d = new_desk("out_of_stock_cancel", seed=9)
    o = d.exercise_order
    d.open_order(o.order_id)
    d.cancel(o.order_id, "NoInventory", "sold out")
    LiveStore(url=url).put(
        "guest:abc", trainee="guest", recipe=d.recipe, journal=d.journal, view={"open": o.order_id}
    )
    dispose_engines()  # a server restart: no connection, no memory left
    row = LiveStore(url=url).get("guest:abc")
    assert row.view == {"open": o.order_id} and row.trainee == "guest" and row.user_id is None
    again = rebuild(row.recipe, row.journal)
    assert [s.to_dict() for s in again.steps] == [s.to_dict() for s in d.steps]
    assert again.exercise_order.memo == "sold out"


def test_each_click_overwrites_one_row_per_trainee_and_finish_drops_it(url):
    live = LiveStore(url=url)
    recipe = {"kind": "exercise", "ref": "price_typo", "seed": 3}
    live.put("user:1", trainee="Ann", user_id=1, recipe=recipe, journal=[])
    live.put("user:1", trainee="Ann", user_id=1, recipe=recipe, journal=[{"do": "wait", "hours": 1.0}])
    live.put("user:2", trainee="Bo", user_id=2, recipe=recipe, journal=[])
    assert live.get("user:1").journal == [{"do": "wait", "hours": 1.0}]
    assert live.get("user:2").journal == []
    assert live.drop("user:1") and live.get("user:1") is None and not live.drop("user:1")


def test_a_finished_attempt_keeps_its_instance(url):
    store = AttemptStore(url=url)
    recipe = {"kind": "exercise", "ref": "price_typo", "seed": 77, "journal": []}
    aid = store.save(trainee="Ann", exercise_id="price_typo", exercise_title="T", score=1.0, passed=True,
                     steps=[], deductions=[], started_at=datetime(2025, 1, 1),
                     ended_at=datetime(2025, 1, 1), instance=recipe)  # fmt: skip
    assert store.get(aid).instance == recipe


def test_a_journal_naming_an_unknown_action_is_refused():
    d = new_desk("price_typo", seed=1)
    with pytest.raises(ValueError, match="unknown desk action"):
        rebuild(d.recipe, [{"do": "__init__"}])


def test_the_trainer_reopens_the_instance_in_words():
    d = new_desk("price_typo", seed=42)
    words = instance_words({**d.recipe, "journal": d.journal})
    o = d.exercise_order
    assert f"Instance #42: order {o.order_id}, buyer {o.buyer_name}" in words
    assert "cannot be reopened" in instance_words({"kind": "exercise", "ref": "no_such", "seed": 1})


def test_attempts_of_no_account_expire_after_the_stated_days_and_an_accounts_stay(url, monkeypatch):
    """Issue 23: guest and reopened attempts were never removed."""
    from datetime import timedelta

    import sqlalchemy as sa

    from classroom.store import live as live_module
    from classroom.store.schema import live_attempts

    live = LiveStore(url=url)
    recipe = {"kind": "exercise", "ref": "price_typo", "seed": 3}
    for owner, uid in [("guest:old", None), ("reopen:old", None), ("user:1", 1), ("guest:new", None)]:
        live.put(owner, trainee="t", user_id=uid, recipe=recipe, journal=[])
    stale = (datetime.now() - timedelta(days=live_module.ABANDONED_AFTER_DAYS, hours=1)).isoformat()
    almost = (datetime.now() - timedelta(days=live_module.ABANDONED_AFTER_DAYS - 1)).isoformat()
    with live._engine.begin() as conn:
        conn.execute(
            sa.update(live_attempts)
            .where(live_attempts.c.owner.in_(["guest:old", "reopen:old", "user:1"]))
            .values(updated_at=stale[:19])
        )
        conn.execute(
            sa.update(live_attempts)
            .where(live_attempts.c.owner == "guest:new")
            .values(updated_at=almost[:19])
        )
    assert LiveStore(url=url).get("guest:old") is not None  # swept at most hourly in one process
    monkeypatch.setattr(live_module, "_SWEPT", {})  # a server starting
    after = LiveStore(url=url)
    assert after.get("guest:old") is None and after.get("reopen:old") is None
    assert after.get("user:1") is not None and after.get("guest:new") is not None  # an account's stays
    assert after.exists("guest:new", "reopen:new") and not after.exists("guest:old", "reopen:old")
    later = datetime.now() + timedelta(days=2)
    assert after.expire(now=later) == 1 and after.get("guest:new") is None
