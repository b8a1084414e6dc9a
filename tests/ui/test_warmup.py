"""The server's warm-up: what it computes is exactly what a gallery visitor's first look asks for."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from formats.errors import RulebookError
from ui.shared import chart_specs
from ui.simulate import gallery_cards, warmup
from ui.simulate import runs as lab_runs

ROOT = Path(__file__).resolve().parents[2]


def _misses() -> tuple[int, int]:
    """What was computed: simulator calls and card texts, chart specs built."""
    return sum(lab_runs.MISSES.values()), chart_specs.MISSES[0]


@pytest.fixture
def cold():
    lab_runs.clear()
    chart_specs.clear()
    yield
    lab_runs.clear()
    chart_specs.clear()


def test_after_the_warm_up_the_gallery_and_a_default_links_run_are_all_cache_hits(
    cold, tmp_path, monkeypatch
):
    loadable = [s for s, sc in gallery_cards.ordered_catalog().items() if not isinstance(sc, RulebookError)]
    assert warmup.warm() == loadable[: warmup.MAX_SCENARIOS]
    warmed = _misses()
    assert warmed[0] >= 2 * len(loadable) and warmed[1] >= 2 * len(loadable)  # card + run; two charts

    monkeypatch.setenv("CANCEL_DESK_DATA", str(tmp_path / "data"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()  # the cards
    assert not at.exception
    for stem in ("starter_shop", loadable[-1]):  # a card's Run, then the switcher's button below it
        at.button(key=f"gallery-run-{stem}").click().run()  # the default link: its policy, seed 0, 200 runs
        assert not at.exception
        assert at.query_params["scenario"] == stem
        assert any("Rolling Cancellation Rate" in m.value for m in at.markdown)
        assert _misses() == warmed  # nothing was computed for this visitor


def test_the_warm_up_starts_once_per_process_and_not_at_all_when_turned_off(monkeypatch):
    calls, release = [], threading.Event()
    monkeypatch.setattr(warmup, "warm", lambda: calls.append(1) or release.wait(5))
    monkeypatch.setattr(warmup, "_thread", None)
    monkeypatch.setenv(warmup.ENV, "0")
    assert warmup.start() is None and calls == []

    monkeypatch.setenv(warmup.ENV, "1")
    first = warmup.start()
    assert first is not None and first.daemon  # never keeps a stopping server alive
    assert warmup.start() is first
    release.set()
    first.join(5)
    assert calls == [1]


def test_a_scenario_that_cannot_be_warmed_is_skipped_and_the_others_still_are(cold, monkeypatch, caplog):
    catalog = gallery_cards.ordered_catalog()
    broken = RulebookError.single("scenarios/broken.yaml", "not a scenario")
    monkeypatch.setattr(
        gallery_cards,
        "ordered_catalog",
        lambda: {
            "broken": broken,
            "starter_shop": catalog["starter_shop"],
            "pricing_glitch": catalog["pricing_glitch"],
        },
    )
    real_card_body = gallery_cards.card_body

    def card_body(scenario):
        if scenario is catalog["starter_shop"]:
            raise RuntimeError("disk on fire")
        return real_card_body(scenario)

    monkeypatch.setattr(gallery_cards, "card_body", card_body)
    assert warmup.warm() == ["pricing_glitch"]
    assert "warm-up of scenario starter_shop failed" in caplog.text
