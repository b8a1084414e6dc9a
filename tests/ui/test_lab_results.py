"""Formatting and the comparison table of ui.simulate.results (pure helpers, no page)."""

from dataclasses import replace
from functools import cache

from simulator import simulate
from simulator.runs.result_types import CancellationRate, Comparison, Peak, SimulationResult, WindowFigures
from ui.simulate.formatting import count
from ui.simulate.order_table import order_detail, order_label
from ui.simulate.results_compare import _fmt, comparison_table
from ui.simulate.results_figures import extra_windows


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


@cache
def _base() -> SimulationResult:
    return simulate("starter_shop", days=3)


def _result(name: str, counted: float, rate: float) -> SimulationResult:
    base = _base()
    peak = Peak(median=rate, p95=rate, definition="")
    cr = replace(base.cancellation_rate, max=rate, peak=peak, breach_probability=0.5)
    totals = replace(base.totals, counted_cancellations=counted)
    return replace(base, policy=name, runs=100, currency="USD", totals=totals, cancellation_rate=cr)


def _comparison(baseline: str, policies: dict, deltas: dict) -> Comparison:
    return Comparison(
        scenario="s",
        rulebook="amazon_us",
        seed=0,
        days=3,
        runs=100,
        baseline=baseline,
        policies=policies,
        deltas=deltas,
    )


def test_comparison_table_leads_with_the_baseline_whatever_the_key_order():
    comparison = _comparison(
        "zeta",
        {"alpha": _result("alpha", 90.0, 0.01), "zeta": _result("zeta", 150.0, 0.02)},
        {"zeta": {}, "alpha": {"counted_cancellations": -60.0, "cancellation_rate_peak_median": -0.01}},
    )
    table = comparison_table(comparison).set_index("Metric")
    assert list(table.columns) == ["zeta", "alpha", "alpha: change vs zeta"]
    assert table.loc["Counted cancellations (mean per run)", "alpha: change vs zeta"] == "-60"
    assert table.loc["Peak rate, median run", "alpha: change vs zeta"] == "-1.00 pp"
    assert table.loc["Breach probability", "zeta"] == "50%"


def test_extra_windows_are_the_ones_after_the_first():
    thirty = WindowFigures(max=0.015, mean=None, days_over_limit=0)
    cr = CancellationRate(
        limit=0.025,
        window_days=7,
        windows_days=[7, 30],
        max=0.02,
        mean=None,
        days_over_limit=0,
        breach_probability=0.0,
        by_window={"7": WindowFigures(max=0.02, mean=None, days_over_limit=0), "30": thirty},
    )
    result = replace(_base(), cancellation_rate=cr)
    assert extra_windows(result) == [(30, thirty)]
    result = replace(result, cancellation_rate=replace(cr, windows_days=[7]))
    assert extra_windows(result) == []


def test_comparison_table_heads_columns_with_titles():
    comparison = _comparison(
        "by_the_book",
        {"by_the_book": _result("a", 90.0, 0.01), "cancel_first": _result("b", 150.0, 0.02)},
        {"cancel_first": {"counted_cancellations": 60.0}},
    )
    titles = {"by_the_book": "By the book", "cancel_first": "Cancel first"}
    table = comparison_table(comparison, titles).set_index("Metric")
    assert list(table.columns) == ["By the book", "Cancel first", "Cancel first: change vs By the book"]
    assert table.loc["Counted cancellations (mean per run)", "Cancel first: change vs By the book"] == "+60"


ROW = {
    "order_id": "111-4737779-3342515",
    "buyer_name": "Cassandra Miller",
    "ship_city": "Donnaborough",
    "product": "Linen Plant Pot, Large",
    "channel": "MFN",
    "status": "Canceled",
    "situation": "out_of_stock",
    "outcome": "Seller cancelled with No Inventory after contacting the buyer",
    "counted": True,
    "reason": "A seller cancellation with reason No Inventory counts toward the Cancellation Rate.",
    "negative_feedback": False,
    "feedback_reason": "Cancelled after contacting the buyer: 4.0% chance of negative feedback.",
}


def test_order_detail_gives_the_long_texts_in_full():
    text = order_detail(ROW, {"out_of_stock": "Out of stock"})
    assert text.startswith("**111-4737779-3342515**: Linen Plant Pot, Large, for Cassandra Miller")
    assert "**Situation:** Out of stock" in text
    assert "**What happened:** " + ROW["outcome"] in text
    assert ROW["reason"] + " This order counts toward the Cancellation Rate." in text
    assert "**Feedback risk:** " + ROW["feedback_reason"] in text
    quiet = order_detail({**ROW, "situation": None, "counted": False, "feedback_reason": ""}, {})
    assert "**Situation:** none" in quiet and "does not count" in quiet and "Feedback" not in quiet


def test_order_label_names_the_order_the_buyer_and_the_status():
    assert order_label(ROW) == "111-4737779-3342515 · Cassandra Miller · Canceled"
