"""The Rulebook page: each metric's target in its page's words, assumptions shown as such."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


def thresholds(at: AppTest):
    return next(t.value for t in at.table if "Target" in t.value.columns)


def test_targets_use_the_pages_words_and_assumptions_are_labelled(tmp_path, monkeypatch):
    monkeypatch.setenv("CANCEL_DESK_DATA", str(tmp_path / "data"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("ui/reference/rulebook_page.py").run()
    at.selectbox[0].set_value("amazon_uk").run()
    assert not at.exception
    table = thresholds(at)
    assert table.loc["Cancellation Rate", "Target"] == "under 2.5%"
    assert table.loc["Valid Tracking Rate", "Target"] == "at least 95.0%"
    assert "(assumption" in table.loc["Order Defect Rate", "Source"]
    assert "(assumption" not in table.loc["Cancellation Rate", "Source"]
