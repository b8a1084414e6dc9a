"""Issue 9, part 6: the lab's situation-rate editor overwrote every entry of a situation."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from rules import load_rulebook
from simulator import load_scenario
from simulator.runs.sweep import sweep
from ui.simulate.results_sweep import sweep_parameters
from ui.simulate.scenario_editor import get_value, updated

ROOT = Path(__file__).resolve().parents[2]


def out_of_stock(scenario) -> list[tuple[float, int | None, int | None]]:
    return [(s.rate, s.from_day, s.to_day) for s in scenario.situations if s.situation == "out_of_stock"]


@pytest.fixture(scope="module")
def holiday():
    return load_scenario("holiday_stockout")


def test_editing_the_base_rate_keeps_the_stock_out_window(holiday):
    """ "editing or sweeping "out of stock" wipes out the stock-out window" (holiday_stockout)."""
    assert out_of_stock(holiday) == [(0.005, None, None), (0.035, 20, 40)]
    assert get_value(holiday, ("situations", "out_of_stock")) == 0.005
    edited = updated(holiday, {("situations", "out_of_stock"): 0.01})
    assert out_of_stock(edited) == [(0.01, None, None), (0.035, 20, 40)]


def test_the_window_is_its_own_sweep_parameter(holiday):
    """ "windowed entries are their own rows": the sweep offers the window apart from the base rate."""
    params = sweep_parameters(holiday, load_rulebook("amazon_us"))
    base, window = params["Out of stock incidence"], params["Out of stock, days 20-40 incidence"]
    assert base[0] == ("situations", "out_of_stock") and window[0] == (
        "situations",
        "out_of_stock",
        "days_20-40",
    )
    assert get_value(holiday, window[0]) == 0.035


def test_sweeping_the_base_rate_leaves_the_window_in_force(holiday):
    """ "Each entry must keep its own value": with the base rate at 0 the window still breaches."""
    (point,) = sweep(holiday, "situations.out_of_stock", [0.0], runs=10, seed=0).points
    (no_window,) = sweep(holiday, "situations.out_of_stock.days_20-40", [0.0], runs=10, seed=0).points
    assert point.breach_probability == 1.0  # the 3.5% window alone takes the rate over 2.5%
    assert no_window.breach_probability == 0.0


def test_the_lab_editor_keeps_the_window(tmp_path, monkeypatch):
    """The lab's scenario tab: changing "Out of stock" on holiday_stockout changes only the base entry."""
    monkeypatch.setenv("CANCEL_DESK_DATA", str(tmp_path / "data"))
    lab = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    lab.run()
    lab.switch_page("ui/simulate/lab_page.py").run()
    lab.selectbox(key="lab.scenario_choice").set_value("holiday_stockout").run()
    assert lab.number_input(key="lab.sc.sit.out_of_stock").value == 0.5
    lab.number_input(key="lab.sc.sit.out_of_stock").set_value(1.0).run()
    assert not lab.exception
    assert out_of_stock(lab.session_state["lab"].scenario_last) == [(0.01, None, None), (0.035, 20, 40)]
