"""Altair charts for simulation results (pure: data in, chart out).

Every chart has titled axes with units, percentages formatted as such, and
one legend naming each line, band and the limit.  Nothing here computes a
metric: the values are read from the typed results the core returns.

Charts carry no title (pages print it above the chart) and put the legend below the plot,
one entry a line: on the right it took most of a phone's width (a 390 px screen left the
plot 110 px and one date tick).  The plot keeps its height because each chart fits only its
width (``FIT_WIDTH``): Streamlit's default "fit" took a bottom legend out of the plot's height.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from simulator.reports.replay_result import ReplayResult
from simulator.runs.result_types import Comparison, SimulationResult, SweepPoint

Results = SimulationResult | ReplayResult  # a simulation's or a replay's: the same rate blocks

RATE_AXIS = alt.Axis(format=".1%", title="Cancellation Rate (% of seller-fulfilled)")
DATE_AXIS = alt.Axis(format="%b %d", title="Order date", labelAngle=0)
PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#17becf"]
LIMIT_COLOUR = "#d62728"
PEAK_COLOUR = "#555555"
HEIGHT = 300
PARTIAL = "partial window"  # in the name of a replay's first days' series
FIT_WIDTH = alt.AutoSizeParams(type="fit-x", contains="padding")  # the legend adds height, takes none


# Vega's layout of the legends below a plot: one under the other, from the left (side by side, the
# second ran off a phone's screen).  Vega-Lite passes it to Vega as is; altair's schema types it
# as an expression, so it is added to the spec after validation (:func:`as_spec`).
LEGEND_LAYOUT = {"bottom": {"anchor": "start", "direction": "vertical", "margin": 8}}


def _legend(**kw) -> alt.Legend:
    """Below the plot, one entry a line (a row of entries is wider than a phone)."""
    return alt.Legend(orient="bottom", direction="vertical", labelLimit=260, **kw)


def as_spec(chart: alt.TopLevelMixin) -> dict:
    """The chart as the Vega-Lite dict ``st.vega_lite_chart`` draws, its bottom legends stacked."""
    spec = chart.to_dict()
    spec.setdefault("config", {}).setdefault("legend", {})["layout"] = LEGEND_LAYOUT
    return spec


def window_columns(result: Results) -> list[tuple[int, str]]:
    """(window in days, daily column) for each window the rulebook names."""
    windows = result.cancellation_rate.windows_days
    return [
        (w, "rolling_cancellation_rate" if i == 0 else f"rolling_cancellation_rate_{w}d")
        for i, w in enumerate(windows)
    ]


def limit_label(limit: float) -> str:
    return f"Limit ({limit:.1%})"


def rate_frames(result: Results) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Long tables for the lines and the Monte Carlo bands of a result."""
    daily = pd.DataFrame(result.daily)
    lines, bands = [], []
    runs = result.get("runs", 1)  # a replay is one stream
    for i, (w, col) in enumerate(window_columns(result)):
        if col not in daily:
            continue
        name = f"{w}-day rate" + (f" (mean of {runs} runs)" if runs > 1 else "")
        flag = "partial_window" if i == 0 else f"partial_window_{w}d"  # a replay's first days
        partial = daily[flag].fillna(False).astype(bool) if flag in daily else pd.Series(False, daily.index)
        if partial.any():  # drawn apart, dotted: the report does not cover their whole window
            # the last partial day joins the first full one, so the line has no gap
            joined = partial | partial.shift(1, fill_value=False)
            label = f"{w}-day rate, {PARTIAL} (first {int(partial.sum())} days)"
            lines.append(
                pd.DataFrame({"date": daily["date"], "rate": daily[col].where(joined), "series": label})
            )
        lines.append(
            pd.DataFrame({"date": daily["date"], "rate": daily[col].where(~partial), "series": name})
        )
        lo, hi = f"{col}_p05", f"{col}_p95"
        if lo in daily and hi in daily:
            bands.append(
                pd.DataFrame(
                    {
                        "date": daily["date"],
                        "low": daily[lo],
                        "high": daily[hi],
                        "series": f"{w}-day: 5–95% of runs",
                    }
                )
            )
    line_df = (
        pd.concat(lines, ignore_index=True) if lines else pd.DataFrame(columns=["date", "rate", "series"])
    )
    band_df = (
        pd.concat(bands, ignore_index=True)
        if bands
        else pd.DataFrame(columns=["date", "low", "high", "series"])
    )
    return line_df, band_df


def _colour_scale(names: Sequence[str], limit_name: str) -> alt.Scale:
    others = [n for n in names if n != limit_name]
    colours = [PALETTE[i % len(PALETTE)] for i in range(len(others))]
    return alt.Scale(domain=[*others, limit_name], range=[*colours, LIMIT_COLOUR])


def rate_chart(result: Results, title: str = "Rolling Cancellation Rate against the limit") -> alt.LayerChart:
    """Rolling rate per window, the Monte Carlo 5–95% band and the limit line.

    Two legends: lines (drawn as strokes, the limit dashed) and bands (shaded squares),
    so a reader can tell a line from its band and both from the limit.
    """
    limit = result.cancellation_rate.limit
    line_df, band_df = rate_frames(result)
    lname = limit_label(limit)
    windows = window_columns(result)

    def colour_of(name: str) -> str:  # a window's band takes its line's colour
        i = next((i for i, (w, _c) in enumerate(windows) if name.startswith(f"{w}-day")), 0)
        return PALETTE[i % len(PALETTE)]

    line_names = list(dict.fromkeys(line_df["series"]))
    band_names = list(dict.fromkeys(band_df["series"]))
    band_df = band_df.rename(columns={"series": "band"})
    # The one peak figure the pages show, drawn where it lies (the mean line peaks lower:
    # runs peak on different days).
    peak = result.cancellation_rate.peak.median if result.cancellation_rate.peak else None
    pname = peak_label(peak, result.get("runs", 1)) if peak is not None else None
    extra = [pname] if pname else []
    scale = alt.Scale(
        domain=[*line_names, *extra, lname],
        range=[*map(colour_of, line_names), *([PEAK_COLOUR] if pname else []), LIMIT_COLOUR],
    )
    dashes = alt.Scale(
        domain=[*line_names, *extra, lname],
        range=[[1, 3] if PARTIAL in n else [1, 0] for n in line_names]
        + ([[2, 3]] if pname else [])
        + [[6, 4]],
    )
    legend = _legend(title="Rolling rate", symbolType="stroke", symbolStrokeWidth=3)
    colour = alt.Color("series:N", scale=scale, legend=legend)
    dash = alt.StrokeDash("series:N", scale=dashes, legend=legend)
    layers = []
    if len(band_df):
        band_legend = _legend(title="Monte Carlo band", symbolType="square", symbolOpacity=0.35)
        layers.append(
            alt.Chart(band_df)
            .mark_area(opacity=0.25)
            .encode(
                x=alt.X("date:T", axis=DATE_AXIS),
                y=alt.Y("low:Q", axis=RATE_AXIS),
                y2="high:Q",
                fill=alt.Fill(
                    "band:N",  # its own field, so the bands get their own legend
                    scale=alt.Scale(domain=band_names, range=list(map(colour_of, band_names))),
                    legend=band_legend,
                ),
            )
        )
    layers.append(
        alt.Chart(line_df)
        .mark_line(strokeWidth=2)
        .encode(
            x=alt.X("date:T", axis=DATE_AXIS),
            y=alt.Y("rate:Q", axis=RATE_AXIS),
            color=colour,
            strokeDash=dash,
            tooltip=[
                alt.Tooltip("date:T", title="Date"),
                alt.Tooltip("series:N", title="Series"),
                alt.Tooltip("rate:Q", format=".2%", title="Rate"),
            ],
        )
    )
    if pname:
        layers.append(
            alt.Chart(pd.DataFrame({"limit": [peak], "series": [pname]}))
            .mark_rule(strokeDash=[2, 3], strokeWidth=2)
            .encode(
                y=alt.Y("limit:Q", axis=RATE_AXIS),
                color=alt.Color("series:N", scale=scale, legend=legend),
                strokeDash=alt.StrokeDash("series:N", scale=dashes, legend=legend),
            )
        )
    layers.append(limit_rule(limit, colour_scale=scale, legend=legend, dash_scale=dashes))
    return alt.layer(*layers).properties(height=HEIGHT, description=title, autosize=FIT_WIDTH)


def peak_label(peak: float, runs: int) -> str:
    return f"Peak, median run ({peak:.2%})" if runs > 1 else f"Peak ({peak:.2%})"


def limit_rule(
    limit: float,
    *,
    colour_scale: alt.Scale | None = None,
    legend: alt.Legend | None = None,
    dash_scale: alt.Scale | None = None,
) -> alt.Chart:
    """The dashed horizontal limit line, named in the legend."""
    lname = limit_label(limit)
    scale = colour_scale or alt.Scale(domain=[lname], range=[LIMIT_COLOUR])
    encoding = {
        "y": alt.Y("limit:Q", axis=RATE_AXIS),
        "color": alt.Color("series:N", scale=scale, legend=legend),
    }
    if dash_scale is not None:
        encoding["strokeDash"] = alt.StrokeDash("series:N", scale=dash_scale, legend=legend)
    return (
        alt.Chart(pd.DataFrame({"limit": [limit], "series": [lname]}))
        .mark_rule(strokeDash=[6, 4], strokeWidth=2)
        .encode(**encoding)
    )


def compare_chart(comparison: Comparison, titles: dict[str, str] | None = None) -> alt.LayerChart:
    """The first window's rolling rate of each policy on the same orders, with the limit.

    Lines are named by ``titles`` (policy id -> shown name) when given.
    """
    titles = titles or {}
    frames, limit = [], None
    for name, res in comparison.policies.items():
        limit = res.cancellation_rate.limit
        daily = pd.DataFrame(res.daily)
        frames.append(
            pd.DataFrame(
                {
                    "date": daily["date"],
                    "rate": daily["rolling_cancellation_rate"],
                    "series": titles.get(name, name),
                }
            )
        )
    df = pd.concat(frames, ignore_index=True)
    window = next(iter(comparison.policies.values())).cancellation_rate.window_days
    lname = limit_label(limit)
    scale = _colour_scale([*dict.fromkeys(df["series"]), lname], lname)
    names = [*dict.fromkeys(df["series"])]
    dashes = alt.Scale(domain=[*names, lname], range=[[1, 0]] * len(names) + [[6, 4]])
    legend = _legend(title="Policy", symbolType="stroke", symbolStrokeWidth=3)
    lines = (
        alt.Chart(df)
        .mark_line(strokeWidth=2)
        .encode(
            x=alt.X("date:T", axis=DATE_AXIS),
            y=alt.Y("rate:Q", axis=RATE_AXIS),
            color=alt.Color("series:N", scale=scale, legend=legend),
            strokeDash=alt.StrokeDash("series:N", scale=dashes, legend=legend),
            tooltip=[
                alt.Tooltip("date:T", title="Date"),
                alt.Tooltip("series:N", title="Policy"),
                alt.Tooltip("rate:Q", format=".2%", title="Rate"),
            ],
        )
    )
    return alt.layer(
        lines, limit_rule(limit, colour_scale=scale, legend=legend, dash_scale=dashes)
    ).properties(
        height=HEIGHT,
        description=f"Rolling {window}-day Cancellation Rate by policy (same orders)",
        autosize=FIT_WIDTH,
    )


def sweep_chart(points: list[SweepPoint], parameter: str, *, percent: bool) -> alt.Chart:
    """Breach probability (y) for each value of one parameter (x), as the core's sweep returns them."""
    df = pd.DataFrame([p.to_dict() for p in points])
    x_axis = alt.Axis(format=".1~%" if percent else ",.0f", title=parameter)
    y_axis = alt.Axis(format=".0%", title="Breach probability (% of runs over the limit)")
    base = alt.Chart(df).encode(
        x=alt.X("value:Q", axis=x_axis),
        y=alt.Y("breach_probability:Q", axis=y_axis, scale=alt.Scale(domain=[0, 1])),
        tooltip=[
            alt.Tooltip("value:Q", title=parameter, format=".1%" if percent else ",.0f"),
            alt.Tooltip("breach_probability:Q", title="Breach probability", format=".0%"),
        ],
    )
    return (base.mark_line(point=True, strokeWidth=2)).properties(
        height=HEIGHT, description=f"Breach probability as {parameter} varies", autosize=FIT_WIDTH
    )


def cancellations_chart(result: Results) -> alt.Chart:
    """Daily cancellations stacked: counted toward the rate vs excluded (buyer-requested)."""
    daily = pd.DataFrame(result.daily)
    parts = {
        "Counted toward the rate": "counted_cancellations",
        "Excluded: buyer's official request": "buyer_requested_cancellations",
    }
    frames = [
        pd.DataFrame({"date": daily["date"], "orders": daily[col], "kind": label})
        for label, col in parts.items()
        if col in daily
    ]
    df = pd.concat(frames, ignore_index=True)
    unit = "mean of runs" if result.get("runs", 1) > 1 else "orders"
    return (
        alt.Chart(df)
        .mark_bar()
        .encode(
            x=alt.X("date:T", axis=DATE_AXIS),
            # One run counts whole orders: no 0.5 ticks. A mean over runs may be fractional.
            y=alt.Y(
                "orders:Q",
                axis=alt.Axis(
                    title=f"Cancelled / day ({unit})", **({"tickMinStep": 1} if unit == "orders" else {})
                ),
            ),
            color=alt.Color(
                "kind:N",
                scale=alt.Scale(domain=list(parts), range=[LIMIT_COLOUR, "#7f7f7f"]),
                legend=_legend(title=None),
            ),
            tooltip=[alt.Tooltip("date:T", title="Date"), "kind:N", alt.Tooltip("orders:Q", format=",.1f")],
        )
        .properties(height=260, description="Cancellations per day: counted vs excluded", autosize=FIT_WIDTH)
    )


def overview_chart(rows: list[dict]) -> alt.LayerChart:
    """Each scenario's sample-run peak rate as a bar (red when it breached), its limit a tick.

    ``rows`` as ``ui/simulate/gallery_cards.overview_rows``: scenario, peak, limit, status.
    """
    df = pd.DataFrame(rows, columns=["scenario", "peak", "limit", "status"])
    order = list(df["scenario"])
    y = alt.Y("scenario:N", sort=order, title=None, axis=alt.Axis(labelLimit=240, labelOverlap=False))
    tip = [
        alt.Tooltip("scenario:N", title="Scenario"),
        alt.Tooltip("peak:Q", title="Peak rate", format=".2%"),
        alt.Tooltip("limit:Q", title="Limit", format=".1%"),
        alt.Tooltip("status:N", title="Sample run"),
    ]
    bars = (
        alt.Chart(df)
        .mark_bar(height=16)
        .encode(
            x=alt.X(
                "peak:Q", axis=alt.Axis(format=".1%", title="Peak rolling Cancellation Rate, sample run")
            ),
            y=y,
            color=alt.Color(
                "status:N",
                scale=alt.Scale(domain=["OK", "Breach"], range=["#2ca02c", LIMIT_COLOUR]),
                legend=_legend(title="Sample run"),
            ),
            tooltip=tip,
        )
    )
    ticks = (
        alt.Chart(df).mark_tick(color="#000000", thickness=2, size=22).encode(x="limit:Q", y=y, tooltip=tip)
    )
    # One 32 px row per scenario: a fixed height squeezed the rows and vega dropped every other name.
    return alt.layer(bars, ticks).properties(
        height=alt.Step(32),
        description="Each scenario's sample-run peak rate against its limit",
        autosize=FIT_WIDTH,
    )
