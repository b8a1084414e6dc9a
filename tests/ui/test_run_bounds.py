"""Issue 23 item 2 under AppTest: a link never starts a large run by itself; a run refused by the
gate says why in words.  The gate itself: tests/ui/test_run_gate.py; five links in browsers at
once: tests/e2e/test_run_bounds.py."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from simulator.catalog import load_scenario, rulebook_for
from simulator.runs.budget import weigh_request
from ui.shared import run_gate
from ui.simulate import runs as lab_runs
from ui.simulate.lab_link import encode_edits

ROOT = Path(__file__).resolve().parents[2]
# The issue's link: ten years of 113,000 orders a day.
HUGE = encode_edits({"sc": {"days": 3660, "volume": 113000}})


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("CANCEL_DESK_DATA", str(tmp_path / "data"))
    lab_runs.clear()
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)


def test_every_shipped_default_is_small_and_the_issues_link_is_heavy():
    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        sc = load_scenario(path)
        weight = weigh_request(sc, rulebook_for(sc, None), 200)
        assert weight.small and not weight.heavy, path.name
    sc = load_scenario(ROOT / "scenarios" / "starter_shop.yaml")
    big = sc.model_copy(
        update={"days": 3660, "volume": sc.volume.model_copy(update={"mean_per_day": 113000})}
    )
    weight = weigh_request(big, rulebook_for(sc, None), 1)
    assert weight.heavy and not weight.small
    assert "1 run of about 4" in weight.words() and "simulated days" in weight.words()


def _link_run_button(at):
    return [b for b in at.button if b.key and b.key.endswith("-link-run")]


def test_a_large_gallery_link_shows_its_settings_and_a_run_button(app):
    app.query_params.update(
        {"scenario": "holiday_stockout", "policy": "by_the_book", "seed": "3", "runs": "2000"}
    )
    app.run()
    assert not app.exception
    assert lab_runs.MISSES["run"] == 0 and not app.metric  # nothing ran
    info = " ".join(i.value for i in app.info)
    assert "This link asks for a large simulation: 2,000 runs of about 57,830 orders each" in info
    assert [s.value for s in app.selectbox if s.label == "Monte Carlo runs"] == [2000]  # the settings
    (button,) = _link_run_button(app)
    button.click().run()
    assert not app.exception and lab_runs.MISSES["run"] == 1 and app.metric
    assert not _link_run_button(app)


def test_a_small_gallery_link_still_runs_by_itself(app):
    app.query_params.update({"scenario": "starter_shop", "policy": "by_the_book", "seed": "3", "runs": "200"})
    app.run()
    assert not app.exception and lab_runs.MISSES["run"] == 1 and app.metric
    assert not _link_run_button(app)


def test_a_large_lab_link_waits_for_run(app):
    app = AppTest.from_file(str(ROOT / "ui" / "simulate" / "lab_page.py"), default_timeout=60)  # opened first
    app.query_params.update({"scenario": "starter_shop", "seed": "1", "runs": "1", "edits": HUGE})
    app.run()
    assert not app.exception
    assert lab_runs.MISSES["run"] == 0 and not app.metric
    info = " ".join(i.value for i in app.info)
    assert "This link asks for a large simulation: 1 run of about 420,235,700 orders each" in info
    assert [n.value for n in app.number_input if n.label == "Days simulated"] == [3660]  # the settings
    assert _link_run_button(app)
    app.number_input(key="lab.seed").set_value(2).run()  # a setting changed: still the visitor's Run to press
    assert lab_runs.MISSES["run"] == 0 and _link_run_button(app)


def test_a_second_heavy_run_of_one_visitor_is_refused_in_words(app, monkeypatch):
    """The same browser (AppTest has no cookie: its session) already holds the gate's place."""
    gate = run_gate.RunGate(limit=2)
    monkeypatch.setattr(lab_runs, "GATE", gate)
    app.query_params.update(
        {"scenario": "holiday_stockout", "policy": "by_the_book", "seed": "4", "runs": "2000"}
    )
    app.run()
    monkeypatch.setattr(lab_runs, "visitor", lambda: "one-browser")
    with gate.slot("one-browser"):  # its other tab's run
        monkeypatch.setattr(run_gate, "POLL_S", 0.01)
        monkeypatch.setattr(lab_runs, "_relay", _always_heavy(lab_runs._relay))
        _link_run_button(app)[0].click().run()
    assert not app.exception and not app.metric
    warning = " ".join(w.value for w in app.warning)
    assert "You already have a large simulation running or waiting (perhaps in another tab)" in warning


def _always_heavy(relay):
    def heavy(progress, *args, **kwargs):
        r = relay(progress, *args, **kwargs)
        r.visitor = lab_runs.visitor()
        return r

    return heavy


def test_the_policy_lab_doc_quotes_real_weights():
    doc = " ".join((ROOT / "docs" / "policy-lab.md").read_text().split())
    sc = load_scenario(ROOT / "scenarios" / "holiday_stockout.yaml")
    rb = rulebook_for(sc, None)
    assert "`holiday_stockout` at 1000 runs is over" in doc and not weigh_request(sc, rb, 1000).small
    words = weigh_request(sc, rb, 2000).words()
    assert words.startswith("2,000 runs of about 57,830 orders each over 115 simulated days")
    assert '("' + words[: words.index(" days") + len(" days")] in doc
