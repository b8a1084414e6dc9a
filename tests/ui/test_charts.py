"""Chart helpers on small hand-made results (a short run's typed result with its figures replaced)."""

import json
from dataclasses import replace
from functools import cache

from simulator import simulate
from simulator.record import ABSENT
from simulator.runs.result_types import Comparison, SimulationResult, SweepPoint
from ui.shared.charts import (
    cancellations_chart,
    compare_chart,
    limit_label,
    overview_chart,
    rate_chart,
    rate_frames,
    sweep_chart,
)


def _result(runs=1, windows=(7,), limit=0.025):
    daily = []
    for i in range(3):
        row = {
            "date": f"2026-01-0{i + 1}",
            "orders": 100,
            "seller_fulfilled_orders": 80,
            "counted_cancellations": i,
            "buyer_requested_cancellations": 1,
            "rolling_cancellation_rate": 0.01 * i,
        }
        if 30 in windows:
            row["rolling_cancellation_rate_30d"] = 0.005 * i
        if runs > 1:
            row["rolling_cancellation_rate_p05"] = 0.0
            row["rolling_cancellation_rate_p95"] = 0.02 * i
        daily.append(row)
    base = _base()
    cr = replace(
        base.cancellation_rate, limit=limit, window_days=windows[0], windows_days=list(windows), peak=ABSENT
    )
    return replace(base, runs=runs, cancellation_rate=cr, daily=daily)


@cache
def _base() -> SimulationResult:
    return simulate("starter_shop", days=3)


def _comparison(policies: dict) -> Comparison:
    return Comparison(
        scenario="s", rulebook="amazon_us", seed=0, days=3, runs=1, baseline="", policies=policies, deltas={}
    )


def _point(value: float, breach: float) -> SweepPoint:
    none = dict.fromkeys(("peak", "peak_p05", "peak_p95", "mean_rate", "mean_rate_p05", "mean_rate_p95"))
    return SweepPoint(value=value, breach_probability=breach, **none)


def _layers(chart):
    return chart.to_dict()["layer"]


def test_single_run_has_line_and_limit_but_no_band():
    spec = _layers(rate_chart(_result()))
    marks = [layer["mark"]["type"] for layer in spec]
    assert marks == ["line", "rule"]
    assert spec[0]["encoding"]["y"]["axis"]["format"] == ".1%"
    assert "Cancellation Rate" in spec[0]["encoding"]["y"]["axis"]["title"]
    assert spec[0]["encoding"]["x"]["axis"]["title"] == "Order date"
    # below the plot (issue 22: on the right it squeezed a phone's plot), which keeps its height
    assert spec[0]["encoding"]["color"]["legend"]["orient"] == "bottom"
    assert rate_chart(_result()).to_dict()["autosize"]["type"] == "fit-x"


def test_monte_carlo_result_has_a_line_legend_and_a_band_legend():
    chart = rate_chart(_result(runs=200, windows=(7, 30), limit=0.02))
    spec = chart.to_dict()
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["area", "line", "rule"]
    band, line, rule = spec["layer"]
    colour = line["encoding"]["color"]
    assert colour["scale"]["domain"] == [
        "7-day rate (mean of 200 runs)",
        "30-day rate (mean of 200 runs)",
        "Limit (2.0%)",
    ]
    assert colour["legend"]["symbolType"] == "stroke"  # lines look like lines in the legend
    dashes = line["encoding"]["strokeDash"]["scale"]["range"]
    assert dashes[-1] == [6, 4] and dashes[0] == [1, 0]  # only the limit is dashed
    assert rule["encoding"]["strokeDash"]["scale"]["range"] == dashes
    fill = band["encoding"]["fill"]
    assert fill["field"] == "band" != line["encoding"]["color"]["field"]  # a separate legend
    assert fill["scale"]["domain"] == ["7-day: 5–95% of runs"]
    assert fill["scale"]["range"][0] == colour["scale"]["range"][0] != colour["scale"]["range"][1]
    assert fill["legend"]["title"] == "Monte Carlo band"
    assert "0.02" in json.dumps(spec["datasets"])


def test_thirty_day_line_only_when_the_rulebook_has_one():
    lines, bands = rate_frames(_result(windows=(7,)))
    assert set(lines["series"]) == {"7-day rate"}
    assert bands.empty
    lines, _ = rate_frames(_result(windows=(7, 30)))
    assert set(lines["series"]) == {"7-day rate", "30-day rate"}
    assert list(lines[lines["series"] == "30-day rate"]["rate"]) == [0.0, 0.005, 0.01]


def test_limit_label_is_a_percentage():
    assert limit_label(0.025) == "Limit (2.5%)"


def test_compare_chart_has_a_line_per_policy_and_the_limit():
    comparison = _comparison({"by_the_book": _result(), "cancel_fast": _result()})
    spec = compare_chart(comparison).to_dict()
    domain = spec["layer"][0]["encoding"]["color"]["scale"]["domain"]
    assert domain == ["by_the_book", "cancel_fast", "Limit (2.5%)"]
    assert spec["layer"][0]["encoding"]["color"]["legend"]["title"] == "Policy"


def test_sweep_chart_axes_are_percentages_with_titles():
    points = [_point(0.0, 0.0), _point(0.1, 0.7)]
    spec = sweep_chart(points, "Out of stock incidence", percent=True).to_dict()
    assert spec["encoding"]["x"]["axis"] == {"format": ".1~%", "title": "Out of stock incidence"}
    assert spec["encoding"]["y"]["scale"]["domain"] == [0, 1]
    assert "Breach probability" in spec["encoding"]["y"]["axis"]["title"]


def test_cancellations_chart_splits_counted_and_excluded():
    spec = cancellations_chart(_result()).to_dict()
    assert spec["encoding"]["color"]["scale"]["domain"] == [
        "Counted toward the rate",
        "Excluded: buyer's official request",
    ]
    assert spec["encoding"]["y"]["axis"]["title"] == "Cancelled / day (orders)"
    assert spec["encoding"]["y"]["axis"]["tickMinStep"] == 1  # whole orders, no 0.5 ticks
    spec = cancellations_chart(_result(runs=200)).to_dict()
    assert spec["encoding"]["y"]["axis"]["title"] == "Cancelled / day (mean of runs)"


def test_compare_chart_names_policies_by_their_titles_when_given():
    comparison = _comparison({"by_the_book": _result(), "cancel_first": _result()})
    titles = {"by_the_book": "By the book", "cancel_first": "Cancel first"}
    spec = compare_chart(comparison, titles).to_dict()
    domain = spec["layer"][0]["encoding"]["color"]["scale"]["domain"]
    assert domain == ["By the book", "Cancel first", "Limit (2.5%)"]
    assert "by_the_book" not in str(spec["datasets"])


def test_the_overview_draws_each_scenario_as_a_bar_coloured_by_its_verdict_and_its_limit_as_a_tick():
    rows = [
        {"scenario": "Calm shop", "peak": 0.012, "limit": 0.025, "status": "OK"},
        {"scenario": "Bad week", "peak": 0.041, "limit": 0.025, "status": "Breach"},
    ]
    spec = overview_chart(rows).to_dict()
    bars, ticks = spec["layer"]
    assert bars["mark"]["type"] == "bar" and ticks["mark"]["type"] == "tick"
    assert bars["encoding"]["x"]["field"] == "peak" and ticks["encoding"]["x"]["field"] == "limit"
    assert bars["encoding"]["y"]["sort"] == ["Calm shop", "Bad week"]  # the gallery's order, not alphabetical
    colour = bars["encoding"]["color"]["scale"]
    assert dict(zip(colour["domain"], colour["range"], strict=True))["Breach"] == "#d62728"
    (data,) = spec["datasets"].values()
    assert [(r["scenario"], r["peak"], r["limit"]) for r in data] == [
        ("Calm shop", 0.012, 0.025),
        ("Bad week", 0.041, 0.025),
    ]
    assert spec["height"] == {"step": 32}  # a row's room per scenario, however many there are
    assert bars["encoding"]["y"]["axis"]["labelOverlap"] is False  # every scenario named
