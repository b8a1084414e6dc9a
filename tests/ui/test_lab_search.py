"""The lab's *Find a policy* tab under AppTest: the work said, the front found, a point loaded."""

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from simulator.search.result import dominates

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def lab(tmp_path, monkeypatch):
    monkeypatch.setenv("CANCEL_DESK_DATA", str(tmp_path / "data"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("ui/simulate/lab_page.py").run()
    assert not at.exception
    return at


def _small(at) -> None:
    at.multiselect(key="lab.search.objectives").set_value(["breach", "feedback"]).run()
    at.number_input(key="lab.search.trials").set_value(10).run()
    at.number_input(key="lab.search.runs").set_value(5).run()


def test_the_tab_says_the_work_and_finds_a_front_to_load(lab):
    _small(lab)
    captions = " ".join(c.value for c in lab.caption)
    assert "10 trials x 5 runs x" in captions and "run-days" in captions
    lab.button(key="lab.search.go").click().run()
    assert not lab.exception, [e.value for e in lab.exception]
    view = lab.session_state["lab"].search
    res = view.saved["result"]
    assert res.trials == 10 and res.front
    means = [p.means() for p in res.all_trials]
    assert all(not any(dominates(m, p.means()) for m in means) for p in res.front)
    assert set(view.saved["current"]) == {"breach", "feedback"}  # the policy in force, marked
    assert any("Pareto front:" in m.value for m in lab.markdown)
    specs = [c.proto.spec for c in lab.get("vega_lite_chart")]
    (front,) = [s for s in specs if '"cross"' in s]  # the front chart: the policy in force is the cross
    assert len(json.loads(front)["layer"]) == 4
    last = res.front[-1].trial
    lab.selectbox(key="lab.search.pick").set_value(last).run()
    lab.button(key="lab.search.load").click().run()
    assert not lab.exception
    assert lab.session_state["lab"].policy.name == f"trial_{last}"
    assert f"name: trial_{last}" in lab.text_area(key="lab.policy_text").value


def test_no_objective_is_a_message_not_a_traceback(lab):
    lab.multiselect(key="lab.search.objectives").set_value([]).run()
    assert not lab.exception
    assert any("name at least one objective" in e.value for e in lab.error)


def test_a_search_takes_its_turn_with_the_other_heavy_runs(lab, monkeypatch):
    """Issue 23: a search is many runs, so it takes a place on the server's heavy-run gate: a visitor
    whose other tab holds one is refused in words, and nothing runs."""
    import threading

    from ui.shared.run_gate import RunGate
    from ui.simulate import lab_search

    gate = RunGate(limit=1)
    monkeypatch.setattr(lab_search, "GATE", gate)
    monkeypatch.setattr(lab_search, "visitor", lambda: "me")
    held, release = threading.Event(), threading.Event()

    def other_visitor() -> None:
        with gate.slot("me"):  # my other tab's run
            held.set()
            release.wait(30)

    threading.Thread(target=other_visitor, daemon=True).start()
    assert held.wait(10)
    try:
        _small(lab)
        lab.button(key="lab.search.go").click().run()
    finally:
        release.set()
    assert not lab.exception
    assert lab.session_state["lab"].search.saved is None  # nothing ran
    assert any("already have a large simulation" in w.value for w in lab.warning)


def test_back_from_another_page_the_search_and_its_front_are_as_left(lab):
    """Streamlit drops the keys of widgets it did not draw; the tab's choices live in LabState."""
    _small(lab)
    lab.button(key="lab.search.go").click().run()
    front = lab.session_state["lab"].search.saved["result"].front
    for other in ("ui/simulate/replay_page.py", "ui/reference/rulebook_page.py"):
        lab.switch_page(other).run()
        assert not lab.exception
        lab.switch_page("ui/simulate/lab_page.py").run()
        assert not lab.exception
        assert lab.number_input(key="lab.search.trials").value == 10
        assert lab.number_input(key="lab.search.runs").value == 5
        assert lab.multiselect(key="lab.search.objectives").value == ["breach", "feedback"]
        assert lab.session_state["lab"].search.saved["result"].front == front
