"""The SQLite attempt store: env path, one transaction per write, survives reopening."""

from __future__ import annotations

import csv
import io
import sqlite3
from datetime import datetime

import pytest

from training.store import AttemptStore, db_path, pass_rates, to_csv

T0, T1 = datetime(2025, 11, 1, 9, 0), datetime(2025, 11, 1, 9, 12)


def _save(store, trainee="Ann", exercise="ex_a", passed=True, score=1.0, steps=None):
    return store.save(
        trainee=trainee,
        exercise_id=exercise,
        exercise_title=exercise.upper(),
        score=score,
        passed=passed,
        steps=steps if steps is not None else [{"action": "open_order", "ok": True}],
        deductions=[],
        started_at=T0,
        ended_at=T1,
    )


def test_db_path_from_env(monkeypatch, tmp_path):
    monkeypatch.setenv("CANCEL_DESK_DB", str(tmp_path / "x.db"))
    assert db_path() == tmp_path / "x.db"
    monkeypatch.delenv("CANCEL_DESK_DB")
    monkeypatch.setenv("CANCEL_DESK_DATA", str(tmp_path / "d"))
    assert db_path() == tmp_path / "d" / "attempts.sqlite3"
    monkeypatch.delenv("CANCEL_DESK_DATA")
    assert str(db_path()) == "data/attempts.sqlite3"


def test_created_on_first_use_and_survives_reopening(tmp_path):
    path = tmp_path / "new" / "sub" / "a.sqlite3"
    store = AttemptStore(path)
    assert path.exists()
    aid = _save(store)
    (a,) = AttemptStore(path).attempts()
    assert a.id == aid and a.trainee == "Ann" and a.steps[0]["action"] == "open_order"
    assert a.started_at == "2025-11-01T09:00:00" and a.ended_at == "2025-11-01T09:12:00"


def test_failed_write_leaves_no_row(tmp_path):
    store = AttemptStore(tmp_path / "a.sqlite3")
    _save(store)
    with pytest.raises(TypeError):
        _save(store, steps=[{"bad": object()}])
    assert len(store.attempts()) == 1


def test_write_is_committed_before_save_returns(tmp_path):
    path = tmp_path / "a.sqlite3"
    _save(AttemptStore(path), trainee="Bo")
    with sqlite3.connect(path) as con:  # a second connection sees it at once
        assert con.execute("SELECT trainee FROM attempts").fetchall() == [("Bo",)]


def test_filter_pass_rates_and_csv(tmp_path):
    store = AttemptStore(tmp_path / "a.sqlite3")
    _save(store, "Ann", "ex_a", True)
    _save(store, "Ann", "ex_a", False, 0.5)
    _save(store, "Bo", "ex_b", True)
    _save(store, "=HYPERLINK(1)", "ex_b", False, 0.2)
    assert {a.trainee for a in store.attempts("Ann")} == {"Ann"}
    assert set(store.trainees()) == {"Ann", "Bo", "=HYPERLINK(1)"}
    rates = {r["exercise_id"]: r for r in pass_rates(store.attempts())}
    assert rates["ex_a"]["pass_rate"] == 0.5 and rates["ex_b"]["attempts"] == 2
    rows = list(csv.DictReader(io.StringIO(to_csv(store.attempts()))))
    assert len(rows) == 4 and rows[-1]["trainee"] == "Ann" and rows[-1]["steps"] == "open_order"
    assert all(not r["trainee"].startswith("=") for r in rows)  # no spreadsheet formulas


def test_blank_name_is_anonymous(tmp_path):
    store = AttemptStore(tmp_path / "a.sqlite3")
    _save(store, "   ")
    assert store.attempts()[0].trainee == "anonymous"


def test_csv_keeps_ids_and_adds_seller_central_words(tmp_path, desk_scenario):
    store = AttemptStore(tmp_path / "a.sqlite3")
    steps = [
        {"action": "open_order", "ok": True},
        {"action": "message_buyer", "ok": True},
        {"action": "cancel", "ok": False},
    ]
    _save(store, steps=steps)
    (row,) = csv.DictReader(io.StringIO(to_csv(store.attempts(), desk_scenario[1])))
    assert row["steps"] == "open_order; message_buyer; cancel (refused)"
    assert row["steps_in_words"] == "Open order; Contact buyer; Cancel order (refused)"
