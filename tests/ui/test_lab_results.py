"""Formatting and the comparison table of ui.lab_results (pure helpers, no page)."""

from ui.lab_results import _fmt, comparison_table, count, extra_windows


def test_counts_of_one_run_are_whole_numbers():
    assert count(26959, 1) == "26,959"
    assert count(None, 1) == "n/a"


def test_means_over_runs_drop_decimals_that_add_nothing():
    assert count(26959.04, 200) == "26,959"  # not "26,959.0"
    assert count(63.14, 200) == "63.1"
    assert count(0.04, 200) == "0.04"
    assert count(12.0, 200) == "12"


def test_signed_changes():
    assert _fmt(0.0123, "pct", signed=True) == "+1.23 pp"
    assert _fmt(-0.5, "prob", signed=True) == "-50 pp"
    assert _fmt(-0.001, "num", signed=True, runs=100) == "±0.00"
    assert _fmt(0.0, "money", signed=True, currency="USD") == "±USD 0.00"
    assert _fmt(-100.8, "num", signed=True, runs=100) == "-101"


def _result(name: str, counted: float, rate: float) -> dict:
    return {
        "runs": 100,
        "currency": "USD",
        "totals": {"counted_cancellations": counted},
        "cancellation_rate": {"max": rate, "breach_probability": 0.5},
        "order_defect_rate": {},
    }


def test_comparison_table_leads_with_the_baseline_whatever_the_key_order():
    comparison = {
        "runs": 100,
        "baseline": "zeta",
        "policies": {"alpha": _result("alpha", 90.0, 0.01), "zeta": _result("zeta", 150.0, 0.02)},
        "deltas": {"zeta": {}, "alpha": {"counted_cancellations": -60.0, "cancellation_rate_max": -0.01}},
    }
    table = comparison_table(comparison).set_index("Metric")
    assert list(table.columns) == ["zeta", "alpha", "alpha: change vs zeta"]
    assert table.loc["Counted cancellations (mean per run)", "alpha: change vs zeta"] == "-60"
    assert table.loc["Peak rolling rate", "alpha: change vs zeta"] == "-1.00 pp"
    assert table.loc["Breach probability", "zeta"] == "50%"


def test_extra_windows_are_the_ones_after_the_first():
    result = {
        "cancellation_rate": {
            "window_days": 7,
            "windows_days": [7, 30],
            "by_window": {"7": {"max": 0.02}, "30": {"max": 0.015}},
        }
    }
    assert extra_windows(result) == [(30, {"max": 0.015})]
    result["cancellation_rate"]["windows_days"] = [7]
    assert extra_windows(result) == []
