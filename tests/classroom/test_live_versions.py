"""Issue 23 item 4, the store's side: a version on the live attempt.  One account's two tabs
used to overwrite each other (the last write won: 48 simulated hours lost) and both tabs'
Finish recorded one attempt twice.  A write names the version it read; a stale one is refused,
and the save of a finished attempt claims the live row in its own transaction."""

from __future__ import annotations

import threading
from datetime import datetime

import pytest

from classroom.store import AttemptStore, LiveStore
from classroom.store.errors import StaleAttempt
from tests.classroom.test_live import url  # noqa: F401  (the two-database fixture)

RECIPE = {"kind": "exercise", "ref": "price_typo", "seed": 3}
WAIT = {"do": "wait", "hours": 24.0}


def _save(store: AttemptStore, claim) -> int:
    now = datetime(2026, 1, 1, 9, 0)
    return store.save(
        trainee="Ann", exercise_id="price_typo", exercise_title="Price typo", score=1.0, passed=True,
        steps=[], deductions=[], started_at=now, ended_at=now, user_id=1, claim=claim,
    )  # fmt: skip


def test_a_write_from_a_stale_tab_is_refused_and_the_newer_work_stands(url):  # noqa: F811
    live = LiveStore(url=url)
    v = live.start(
        "user:1", trainee="Ann", user_id=1, recipe=RECIPE, journal=[], started_at="2026-01-01T09:00:00"
    )
    a = b = v  # two tabs read version 1
    a = live.put("user:1", trainee="Ann", user_id=1, recipe=RECIPE, journal=[WAIT, WAIT], version=a)
    with pytest.raises(StaleAttempt, match="another tab"):
        live.put("user:1", trainee="Ann", user_id=1, recipe=RECIPE, journal=[], version=b)
    row = live.get("user:1")
    assert row.journal == [WAIT, WAIT] and row.version == a == 2  # tab A's 48 hours are kept
    assert (
        live.put("user:1", trainee="Ann", user_id=1, recipe=RECIPE, journal=[WAIT], version=row.version) == 3
    )


def test_a_new_attempt_replaces_the_row_with_its_own_start_time(url):  # noqa: F811
    live = LiveStore(url=url)
    live.start(
        "user:1", trainee="Ann", user_id=1, recipe=RECIPE, journal=[WAIT], started_at="2026-01-01T09:00:00"
    )
    live.put("user:1", trainee="Ann", user_id=1, recipe=RECIPE, journal=[WAIT, WAIT], version=1)
    assert (
        live.start(
            "user:1", trainee="Ann", user_id=1, recipe=RECIPE, journal=[], started_at="2026-01-02T10:30:00"
        )
        == 1
    )
    row = live.get("user:1")
    assert row.started_at == "2026-01-02T10:30:00" and row.journal == [] and row.version == 1


def test_two_tabs_finishing_one_attempt_record_it_once(url):  # noqa: F811
    live, store = LiveStore(url=url), AttemptStore(url=url)
    v = live.start(
        "user:1", trainee="Ann", user_id=1, recipe=RECIPE, journal=[], started_at="2026-01-01T09:00:00"
    )
    go, saved, refused = threading.Barrier(2), [], []

    def finish() -> None:
        go.wait()
        try:
            saved.append(_save(store, ("user:1", v)))
        except StaleAttempt:
            refused.append(1)

    tabs = [threading.Thread(target=finish) for _ in range(2)]
    for t in tabs:
        t.start()
    for t in tabs:
        t.join()
    assert len(saved) == 1 and len(refused) == 1
    assert store.count() == 1 and live.get("user:1") is None


def test_a_stale_finish_writes_no_record(url):  # noqa: F811
    live, store = LiveStore(url=url), AttemptStore(url=url)
    live.start(
        "user:1", trainee="Ann", user_id=1, recipe=RECIPE, journal=[], started_at="2026-01-01T09:00:00"
    )
    live.put("user:1", trainee="Ann", user_id=1, recipe=RECIPE, journal=[WAIT], version=1)
    with pytest.raises(StaleAttempt):
        _save(store, ("user:1", 1))
    assert store.count() == 0 and live.get("user:1").journal == [WAIT]
