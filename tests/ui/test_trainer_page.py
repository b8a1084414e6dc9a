"""The trainer page, driven headless with AppTest."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

from streamlit.testing.v1 import AppTest

from training import AttemptStore

PAGE = str(Path(__file__).resolve().parents[2] / "ui" / "pages" / "trainer.py")


def _seed(path: Path) -> None:
    store = AttemptStore(path)
    for trainee, ex, passed in [("Ann", "a", True), ("Ann", "a", False), ("Bo", "b", True)]:
        store.save(
            trainee=trainee,
            exercise_id=ex,
            exercise_title=f"Exercise {ex}",
            score=1.0 if passed else 0.5,
            passed=passed,
            steps=[
                {"hour": 0, "action": "open_order", "ok": True, "rule": "statuses.Unshipped", "detail": "ok"}
            ],
            deductions=[]
            if passed
            else [{"what": "Missing step", "why": "because", "rule": "r.x", "points": 1}],
            started_at=datetime(2025, 11, 1, 9),
            ended_at=datetime(2025, 11, 1, 9, 5),
        )


def test_empty_database_says_so(monkeypatch, tmp_path):
    monkeypatch.setenv("CANCEL_DESK_DB", str(tmp_path / "new" / "a.sqlite3"))
    at = AppTest.from_file(PAGE, default_timeout=30).run()
    assert not at.exception
    assert "No finished attempts yet" in at.info[0].value
    assert (tmp_path / "new" / "a.sqlite3").exists()


def test_lists_filters_rates_and_exports(monkeypatch, tmp_path):
    path = tmp_path / "a.sqlite3"
    monkeypatch.setenv("CANCEL_DESK_DB", str(path))
    _seed(path)
    at = AppTest.from_file(PAGE, default_timeout=30).run()
    assert not at.exception
    assert at.metric[0].value == "3" and at.metric[1].value == "2"
    rates = at.dataframe[1].value
    assert list(rates["Pass rate"]) == [0.5, 1.0]
    at.selectbox(key="trainer_who").set_value("Ann").run()
    assert at.metric[0].value == "2"
    assert set(at.dataframe[0].value["Trainee"]) == {"Ann"}
    at.selectbox(key="trainer_attempt").set_value(2).run()
    assert any("Missing step" in m.value for m in at.markdown)
    data = at.get("download_button")[0].proto.url
    assert data  # the CSV itself is checked in tests/training/test_store.py
    rows = list(csv.DictReader(io.StringIO(_csv(path, "Ann"))))
    assert [r["trainee"] for r in rows] == ["Ann", "Ann"]


def _csv(path: Path, who: str) -> str:
    from training import to_csv

    return to_csv(AttemptStore(path).attempts(who))
