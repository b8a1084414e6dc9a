"""The core sweep (simulator.runs.sweep) and the paths it takes (simulator.runs.params)."""

from __future__ import annotations

import pytest

from formats.errors import RulebookError
from simulator import load_scenario, simulate
from simulator.runs.params import get_param, param_paths, parse_param, with_values
from simulator.runs.sweep import sweep

WINDOW = "situations.out_of_stock.days_20-40"


@pytest.fixture(scope="module")
def holiday():
    return load_scenario("holiday_stockout")


def test_each_situation_entry_has_its_own_path(holiday):
    paths = param_paths(holiday)
    assert paths.count("situations.out_of_stock") == 1 and WINDOW in paths
    assert get_param(holiday, ("situations", "out_of_stock")) == 0.005
    assert get_param(holiday, tuple(WINDOW.split("."))) == 0.035


def test_setting_the_base_rate_keeps_the_window_and_the_reverse(holiday):
    base = with_values(holiday, {("situations", "out_of_stock"): 0.02})
    assert [(s.rate, s.from_day) for s in base.situations if s.situation == "out_of_stock"] == [
        (0.02, None),
        (0.035, 20),
    ]
    window = with_values(holiday, {("situations", "out_of_stock", "days_20-40"): 0.0})
    assert [(s.rate, s.from_day) for s in window.situations if s.situation == "out_of_stock"] == [
        (0.005, None),
        (0.0, 20),
    ]


def test_a_base_rate_the_scenario_lacks_is_added_as_a_base_entry(holiday):
    changed = with_values(holiday, {("situations", "price_error"): 0.01})
    added = [s for s in changed.situations if s.situation == "price_error"]
    assert len(added) == 1 and added[0].rate == 0.01 and added[0].from_day is None


def test_a_misspelt_path_is_refused_with_a_did_you_mean(holiday):
    with pytest.raises(RulebookError) as exc:
        parse_param("situations.out_of_stok", holiday)
    assert "did you mean 'situations.out_of_stock'?" in str(exc.value)
    assert "--param" in str(exc.value)


def test_points_match_simulate_on_the_same_variant(holiday):
    res = sweep(holiday, WINDOW, [0.0, 0.035], runs=20, seed=3)
    assert [p.value for p in res.points] == [0.0, 0.035]
    for point in res.points:
        variant = with_values(holiday, {tuple(WINDOW.split(".")): point.value})
        cr = simulate(variant, runs=20, seed=3).cancellation_rate
        assert (point.breach_probability, point.peak, point.mean_rate) == (
            cr.breach_probability,
            cr.peak.median,  # the one peak figure: the median run's
            cr.mean,
        )
    no_window, with_window = res.points
    assert no_window.breach_probability < with_window.breach_probability
    assert (res.parameter, res.current, res.runs, res.seed) == (WINDOW, 0.035, 20, 3)


def test_bands_hold_the_centre_of_the_runs(holiday):
    (point,) = sweep(holiday, "seller_fulfilled_share", [0.7], runs=30, seed=1).points
    for name in ("peak", "mean_rate"):
        assert getattr(point, f"{name}_p05") <= getattr(point, name) <= getattr(point, f"{name}_p95")
        assert getattr(point, f"{name}_p05") < getattr(point, f"{name}_p95")


def test_same_inputs_and_seed_give_identical_output_and_the_seed_matters():
    def text(seed):
        return sweep("starter_shop", "volume.mean_per_day", [100, 300], runs=5, seed=seed, days=20).to_json()

    assert text(4) == text(4)
    assert text(4) != text(5)


def test_a_value_the_scenario_refuses_names_the_parameter_and_hints():
    with pytest.raises(RulebookError) as exc:
        sweep("starter_shop", "situations.out_of_stock", [0.01, 2.5], runs=2)
    assert "situations.out_of_stock = 2.5" in str(exc.value) and "did you mean 0.025?" in str(exc.value)


def test_a_whole_number_parameter_refuses_fractions():
    with pytest.raises(RulebookError, match=r"days = 20\.5: takes whole numbers"):
        sweep("starter_shop", "days", [20, 20.5], runs=2)


def test_no_values_is_refused():
    with pytest.raises(RulebookError, match="1 to 50 values"):
        sweep("starter_shop", "days", [], runs=2)
