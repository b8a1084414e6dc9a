"""The lab's editors change one number at a time and re-validate (situation entries one by one)."""

from __future__ import annotations

import itertools

import pytest

from formats.errors import RulebookError
from rules import load_rulebook
from simulator import load_scenario
from ui.simulate.results_sweep import sweep_parameters
from ui.simulate.scenario_editor import (
    entry_label,
    get_value,
    situation_paths,
    situation_rates,
    updated,
)


@pytest.fixture(scope="module")
def holiday():
    return load_scenario("holiday_stockout")


def test_situation_paths_list_every_base_rate_then_each_window(holiday):
    paths = situation_paths(holiday, load_rulebook("amazon_us"))
    oos = [p for p in paths if p[1] == "out_of_stock"]
    assert oos == [("situations", "out_of_stock"), ("situations", "out_of_stock", "days_20-40")]
    assert all(p[1] != "buyer_changed_mind" for p in paths)
    assert ("situations", "price_error") in paths  # a rulebook situation the scenario does not set


def test_labels_name_the_window():
    labels = {"out_of_stock": "Out of stock"}
    assert entry_label(("situations", "out_of_stock"), labels) == "Out of stock"
    assert entry_label(("situations", "out_of_stock", "days_20-40"), labels) == "Out of stock, days 20-40"
    assert entry_label(("situations", "out_of_stock", "from_5"), labels) == "Out of stock, from day 5"


def test_base_rates_leave_windows_out(holiday):
    assert situation_rates(holiday)["out_of_stock"] == 0.005


def test_editing_the_window_keeps_the_base(holiday):
    edited = updated(holiday, {("situations", "out_of_stock", "days_20-40"): 0.05})
    assert [s.rate for s in edited.situations if s.situation == "out_of_stock"] == [0.005, 0.05]
    assert get_value(edited, ("situations", "out_of_stock", "days_20-40")) == 0.05


def test_a_rate_over_1_is_refused_with_the_hint(holiday):
    with pytest.raises(RulebookError, match=r"did you mean 0\.025\?"):
        updated(holiday, {("situations", "out_of_stock"): 2.5}, "scenario figures")


def test_sweep_parameters_start_from_the_entrys_own_rate(holiday):
    params = sweep_parameters(holiday, load_rulebook("amazon_us"))
    assert params["Out of stock incidence"][3] == 0.025  # the limit: more than 1.5 x the 0.5% base
    assert params["Out of stock, days 20-40 incidence"][3] == 0.0525  # 1.5 x the window's 3.5%
    assert params["Orders per day"] == (("volume", "mean_per_day"), False, 10.0, 500.0)


def test_the_default_sweep_crosses_the_limit_in_several_steps():
    """Issue 22: 0-10% in 6 points put the whole rise of the breach probability in one step."""
    from simulator.runs.sweep import sweep

    starter = load_scenario("starter_shop")
    _, _, lo, hi = sweep_parameters(starter, load_rulebook("amazon_us"))["Out of stock incidence"]
    values = [lo + (hi - lo) * i / 10 for i in range(11)]
    points = sweep(starter, "situations.out_of_stock", values, runs=60, seed=0)["points"]
    probs = [p["breach_probability"] for p in points]
    assert probs[0] == 0.0 and probs[-1] == 1.0
    rising = [i for i, (a, b) in enumerate(itertools.pairwise(probs)) if b > a]
    assert len(rising) >= 2, probs  # the rise is drawn over two steps or more
