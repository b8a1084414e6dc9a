"""The trainer page, driven headless with AppTest."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import Path

from streamlit.testing.v1 import AppTest

from training import AttemptStore, to_csv

PAGE = str(Path(__file__).resolve().parents[2] / "ui" / "train" / "trainer_page.py")


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
                {"hour": 0, "action": "open_order", "ok": True, "rule": "statuses.Unshipped", "detail": "ok"},
                {
                    "hour": 4,
                    "action": "cancel",
                    "ok": True,
                    "rule": "reasons.BuyerCanceled.counts_toward_rate",
                    "detail": "excluded",
                    "reason": "BuyerCanceled",
                    "status": "Canceled",
                },
            ],
            deductions=[]
            if passed
            else [
                {
                    "what": "Missing step",
                    "why": "because",
                    "rule": "procedures.ask_buyer.steps.message_buyer",
                    "points": 1,
                }
            ],
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
    return to_csv(AttemptStore(path).attempts(who))


def test_steps_read_in_seller_central_words(monkeypatch, tmp_path):
    path = tmp_path / "a.sqlite3"
    monkeypatch.setenv("CANCEL_DESK_DB", str(path))
    _seed(path)
    at = AppTest.from_file(PAGE, default_timeout=30).run()
    at.selectbox(key="trainer_attempt").set_value(2).run()
    steps = at.table[0].value
    assert list(steps["Action"]) == ["Open order", "Cancel order"]
    assert list(steps["Reason"]) == ["", "Buyer Cancelled"] and list(steps["Hour"]) == ["0 h", "4 h"]
    rule = steps["Rule"].iloc[1]
    # the plain-language name leads; the id is only a small muted reference after it
    assert rule.startswith("Rulebook: reason Buyer Cancelled › counts toward the rate :small[:gray[(")
    assert "open_order" not in steps.to_string() and "BuyerCanceled " not in steps.to_string()
    (deduction,) = [m.value for m in at.markdown if "Missing step" in m.value]
    assert "*Rulebook: procedure “The seller asks the buyer to request the cancellation” › step " in deduction


def test_attempts_columns_fit_at_1280(monkeypatch, tmp_path):
    """Every column, Ended included, has a fixed width and all fit the ~820 px main area."""
    path = tmp_path / "a.sqlite3"
    monkeypatch.setenv("CANCEL_DESK_DB", str(path))
    _seed(path)
    at = AppTest.from_file(PAGE, default_timeout=30).run()
    config = json.loads(at.dataframe[0].proto.columns)
    names = ["#", "Trainee", "Exercise", "Score", "Passed", "Steps", "Started", "Ended"]
    assert list(at.dataframe[0].value.columns) == names
    widths = [config[n]["width"] for n in names]
    assert all(isinstance(w, int) for w in widths) and sum(widths) <= 800
