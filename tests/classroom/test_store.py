"""The attempt store on SQLite and on a real PostgreSQL: one transaction per write,
pages and aggregates in SQL, migrations on first use."""

from __future__ import annotations

import csv
import io
import sqlite3
import threading
from datetime import datetime

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from classroom.store import AttemptStore, db_path, db_url, dispose_engines, pass_rates, to_csv
from classroom.store.db import _MIGRATIONS, HEAD, sqlite_url
from classroom.store.schema import metadata

T0, T1 = datetime(2025, 11, 1, 9, 0), datetime(2025, 11, 1, 9, 12)


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return sqlite_url(tmp_path / "a.sqlite3")
    return request.getfixturevalue("postgres_url")


def _save(store, trainee="Ann", exercise="ex_a", passed=True, score=1.0, steps=None, deductions=None):
    return store.save(
        trainee=trainee,
        exercise_id=exercise,
        exercise_title=exercise.upper(),
        score=score,
        passed=passed,
        steps=steps if steps is not None else [{"action": "open_order", "ok": True}],
        deductions=deductions or [],
        started_at=T0,
        ended_at=T1,
    )


def _seed_mix(store) -> None:
    for i in range(23):
        _save(store, f"T{i % 4}", f"ex_{'abc'[i % 3]}", passed=i % 5 != 0, score=(i % 7) / 6)


# --- both databases ---------------------------------------------------------------------------


def test_every_field_round_trips(url):
    store = AttemptStore(url=url)
    steps = [{"hour": 0, "action": "cancel", "ok": False, "detail": "Ünshipped → “no”"}]
    deductions = [{"code": "trap", "points": 0.25, "why": "a\nb"}]
    aid = _save(store, "Zoë", "ex_é", False, 0.3125, steps, deductions)
    dispose_engines()  # a new process: nothing cached
    (a,) = AttemptStore(url=url).attempts()
    assert (a.id, a.trainee, a.exercise_id, a.exercise_title) == (aid, "Zoë", "ex_é", "EX_É")
    assert (a.score, a.passed, a.steps, a.deductions) == (0.3125, False, steps, deductions)
    assert (a.started_at, a.ended_at) == ("2025-11-01T09:00:00", "2025-11-01T09:12:00")


def test_failed_write_leaves_no_row(url):
    store = AttemptStore(url=url)
    _save(store)
    with pytest.raises(TypeError):
        _save(store, steps=[{"bad": object()}])
    assert store.count() == 1


def test_write_is_committed_before_save_returns(url):
    _save(AttemptStore(url=url), trainee="Bo")
    other = sa.create_engine(url)  # its own pool: a second server would see the row at once
    try:
        with other.connect() as con:
            assert con.execute(sa.text("SELECT trainee FROM attempts")).all() == [("Bo",)]
    finally:
        other.dispose()


def test_filter_pass_rates_and_csv(url):
    store = AttemptStore(url=url)
    _save(store, "Ann", "ex_a", True)
    _save(store, "Ann", "ex_a", False, 0.5)
    _save(store, "Bo", "ex_b", True)
    _save(store, "=HYPERLINK(1)", "ex_b", False, 0.2)
    assert {a.trainee for a in store.attempts("Ann")} == {"Ann"}
    assert store.trainees() == ["=HYPERLINK(1)", "Ann", "Bo"]
    rates = {r["exercise_id"]: r for r in pass_rates(store.attempts())}
    assert rates["ex_a"]["pass_rate"] == 0.5 and rates["ex_b"]["attempts"] == 2
    rows = list(csv.DictReader(io.StringIO(to_csv(store.attempts()))))
    assert len(rows) == 4 and rows[-1]["trainee"] == "Ann" and rows[-1]["steps"] == "open_order"
    assert all(not r["trainee"].startswith("=") for r in rows)  # no spreadsheet formulas
    assert to_csv(store.iter_attempts(batch=3)) == to_csv(store.attempts())


def test_blank_name_is_anonymous(url):
    store = AttemptStore(url=url)
    _save(store, "   ")
    assert store.attempts()[0].trainee == "anonymous"


def test_sql_aggregates_match_the_in_memory_ones(url):
    store = AttemptStore(url=url)
    _seed_mix(store)
    _save(store, "T0", "ex_a", True)  # the title comes from the newest attempt, as in memory
    assert store.pass_rates() == pass_rates(store.attempts())
    assert store.pass_rates("T1") == pass_rates(store.attempts("T1"))
    by = {p["trainee"]: p for p in store.progress()}
    for name in store.trainees():
        mine = store.attempts(name)
        assert by[name] == {
            "trainee": name,
            "attempts": len(mine),
            "passed": sum(a.passed for a in mine),
            "best_score": max(a.score for a in mine),
            "last_ended_at": max(a.ended_at for a in mine),
        }


def test_pages_walk_every_attempt_once_newest_first(url):
    store = AttemptStore(url=url)
    _seed_mix(store)
    every = store.attempts()
    seen, before = [], None
    while True:
        page = store.page(limit=5, before=before)
        seen += page.items
        if page.next_before is None:
            break
        before = page.next_before
    assert seen == every and len(every) == 23 == store.count()
    numbered = [a for k in range(0, 23, 5) for a in store.page(limit=5, offset=k).items]
    assert numbered == every
    mine = store.page("T2", limit=100)
    assert mine.items == store.attempts("T2") and mine.next_before is None
    assert store.count("T2") == len(mine.items)
    assert store.get(every[3].id) == every[3] and store.get(10_000) is None
    with pytest.raises(ValueError, match="limit"):
        store.page(limit=0)


def test_concurrent_writers_lose_nothing(url):
    store = AttemptStore(url=url)
    ids: list[int] = []

    def work(n: int) -> None:
        ids.extend(_save(store, f"W{n}") for _ in range(15))

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(ids)) == 60 and store.count() == 60


def test_migrations_build_the_schema_the_queries_use(url):
    store = AttemptStore(url=url)
    script = ScriptDirectory.from_config(_config())
    assert script.get_current_head() == HEAD
    with store._engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == HEAD
        assert compare_metadata(MigrationContext.configure(conn), metadata) == []
    dispose_engines()
    AttemptStore(url=url)  # opening again migrates nothing and breaks nothing
    assert AttemptStore(url=url).count() == 0


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    return cfg


# --- SQLite: paths, pragmas, the first store's files ------------------------------------------


def test_db_path_and_url_from_env(monkeypatch, tmp_path):
    monkeypatch.delenv("CANCEL_DESK_DB_URL", raising=False)
    monkeypatch.setenv("CANCEL_DESK_DB", str(tmp_path / "x.db"))
    assert db_path() == tmp_path / "x.db"
    assert db_url() == f"sqlite:///{tmp_path}/x.db"
    monkeypatch.delenv("CANCEL_DESK_DB")
    monkeypatch.setenv("CANCEL_DESK_DATA", str(tmp_path / "d"))
    assert db_path() == tmp_path / "d" / "attempts.sqlite3"
    monkeypatch.delenv("CANCEL_DESK_DATA")
    assert str(db_path()) == "data/attempts.sqlite3"
    monkeypatch.setenv("CANCEL_DESK_DB_URL", "postgresql+psycopg://u:secret@db/cd")
    assert db_url() == "postgresql+psycopg://u:secret@db/cd"


def test_default_store_follows_the_data_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("CANCEL_DESK_DB_URL", raising=False)
    monkeypatch.delenv("CANCEL_DESK_DB", raising=False)
    monkeypatch.setenv("CANCEL_DESK_DATA", str(tmp_path / "data"))
    store = AttemptStore()
    assert store.path == tmp_path / "data" / "attempts.sqlite3" and store.path.exists()


def test_created_on_first_use_and_survives_reopening(tmp_path):
    path = tmp_path / "new" / "sub" / "a.sqlite3"
    store = AttemptStore(path)
    assert path.exists()
    aid = _save(store)
    (a,) = AttemptStore(path).attempts()
    assert a.id == aid and a.trainee == "Ann" and a.steps[0]["action"] == "open_order"


def test_a_deleted_file_is_created_again(tmp_path):
    path = tmp_path / "a.sqlite3"
    _save(AttemptStore(path))
    dispose_engines()
    for p in tmp_path.iterdir():
        p.unlink()
    assert AttemptStore(path).attempts() == []


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    store = AttemptStore(tmp_path / "a.sqlite3")
    with store._engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000
    with sqlite3.connect(tmp_path / "a.sqlite3") as raw:  # WAL is a property of the file
        assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_csv_keeps_ids_and_adds_seller_central_words(url, desk_scenario):
    store = AttemptStore(url=url)
    steps = [
        {"action": "open_order", "ok": True},
        {"action": "message_buyer", "ok": True},
        {"action": "cancel", "ok": False},
    ]
    _save(store, steps=steps)
    (row,) = csv.DictReader(io.StringIO(to_csv(store.attempts(), desk_scenario[1])))
    assert row["steps"] == "open_order; message_buyer; cancel (refused)"
    assert row["steps_in_words"] == "Open order; Contact buyer; Cancel order (refused)"
