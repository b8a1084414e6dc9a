"""The headline figures of a result and its rate charts (every number read from the core's result)."""

from __future__ import annotations

import streamlit as st

from simulator.runs.result_types import CancellationRate, SimulationResult, WindowFigures
from ui.shared import chart_specs, charts
from ui.shared.charts import Results
from ui.simulate.formatting import count, pct


def note_metric(col, label: str, value: str, note: str | None = None, help: str | None = None) -> None:
    """A metric with a grey side note (no arrow: the note is context, not a change)."""
    col.metric(label, value, delta=note, delta_color="off", delta_arrow="off", help=help, border=True)


def extra_windows(result: Results) -> list[tuple[int, WindowFigures]]:
    """(window, figures) for each window after the first one the rulebook names (e.g. India's 30 days)."""
    cr = result.cancellation_rate
    return [(w, cr.by_window[str(w)]) for w in cr.windows_days[1:] if str(w) in cr.by_window]


def peak_figure(fig: CancellationRate | WindowFigures, runs: int, limit: float) -> tuple[str, str, str]:
    """(label with {w}, value, note) of the one peak figure: the median run's peak and the 95th percentile."""
    p = fig.peak  # ABSENT (falsy) in a block without one
    limit_text = f"limit {pct(limit)}"
    if runs <= 1:
        return "Peak {w}-day rate", pct(p.median if p else fig.max, 2), limit_text
    note = f"95th pct {pct(p.p95 if p else None, 2)} · {limit_text}"
    return "Median peak, {w}-day", pct(p.median if p else None, 2), note


def peak_help(fig: CancellationRate | WindowFigures, runs: int) -> str:
    text = (fig.peak.definition if fig.peak else "") or "The highest rolling Cancellation Rate of a run."
    return text if runs > 1 else text.split(" Median")[0] + " (one run)."


def headline(result: SimulationResult) -> None:
    """The figures a seller asks about first: rates on top, counts per run below."""
    cr, odr, tot, runs = result.cancellation_rate, result.order_defect_rate, result.totals, result.runs
    over_runs = f" (mean of {runs} runs)" if runs > 1 else ""
    extra = extra_windows(result)
    w = cr.window_days
    top = st.columns(4)
    note_metric(
        top[0],
        "Breach probability",
        pct(cr.breach_probability, 0),
        f"{w}-day, {runs} run(s)" if extra else f"of {runs} run(s)",
        f"Share of the runs in which the rolling {w}-day rate went over the "
        f"{pct(cr.limit)} limit on at least one day.",
    )
    label, value, note = peak_figure(cr, runs, cr.limit)
    note_metric(top[1], label.format(w=w), value, note, peak_help(cr, runs))
    note_metric(
        top[2],
        "Days over the limit",
        count(cr.days_over_limit, runs),
        f"of {result.days} days" + (", mean" if runs > 1 else ""),
        f"Days on which the rolling {w}-day rate was above the limit" + over_runs,
    )
    note_metric(
        top[3],
        f"Peak ODR ({odr.window_days} d)",
        pct(odr.max, 2),
        f"limit {pct(odr.limit)}",
        "Order Defect Rate: orders with negative feedback, A-to-z claims or chargebacks"
        + over_runs
        + "".join(  # per fulfilment channel (G200205250): the headline is seller-fulfilled
            f"; {ch.replace('_', '-')} peak {pct(b.max, 2)}" for ch, b in (odr.by_channel or {}).items()
        ),
    )
    for ew, fig in extra:  # e.g. India also watches a 30-day window: one row per window
        more = st.columns(4)
        note_metric(
            more[0],
            f"Breach prob. ({ew} d)",
            pct(fig.breach_probability, 0),
            f"{ew}-day, {runs} run(s)",
            f"Share of the runs in which the rolling {ew}-day rate went over the "
            f"{pct(cr.limit)} limit on at least one day.",
        )
        label, value, note = peak_figure(fig, runs, cr.limit)
        note_metric(more[1], label.format(w=ew), value, note, peak_help(fig, runs))
        note_metric(
            more[2],
            f"Days over ({ew} d)",
            count(fig.days_over_limit, runs),
            f"of {result.days} days" + (", mean" if runs > 1 else ""),
            f"Days on which the rolling {ew}-day rate was above the limit" + over_runs,
        )
        note_metric(
            more[3],
            f"Mean {ew}-day rate",
            pct(fig.mean, 2),
            "over the period",
            f"Average of the rolling {ew}-day rate over the days simulated" + over_runs,
        )
    if runs > 1:
        st.caption(f"**Orders per run**, mean of {runs} runs (each run is one possible {result.days} days):")
    row = st.columns(4)
    note_metric(
        row[0],
        "Counted cancels",
        count(tot.counted_cancellations, runs),
        "count toward the rate",
        "Seller cancellations (and Amazon's auto-cancels) that count toward the Cancellation Rate"
        + over_runs,
    )
    note_metric(
        row[1],
        "Buyer asked to cancel",
        count(tot.buyer_requested_cancellations, runs),
        "not counted",
        "Cancelled after the buyer filed an official request: left out of the rate" + over_runs,
    )
    note_metric(
        row[2],
        "Cancelled by the buyer",
        count(tot.buyer_direct_cancellations, runs),
        "not counted",
        "The buyer cancelled the order themselves (Your Orders > Cancel items) while it was still "
        "pending, before the seller had to act; such cancellations are left out of the rate" + over_runs,
    )
    note_metric(
        row[3],
        "Negative feedback",
        count(tot.negative_feedback, runs),
        "1-2 star ratings",
        "Expected negative feedback; the chances behind it are rulebook assumptions" + over_runs,
    )
    per_run = f"; figures are means per run over {runs} runs." if runs > 1 else "."
    st.caption(
        f"{'About ' if runs > 1 else ''}{count(tot.orders, runs)} orders, "
        f"{count(tot.seller_fulfilled_orders, runs)} seller-fulfilled, "
        f"over {result.days} days" + per_run
    )


RATE_TITLE = "Rolling Cancellation Rate against the limit"


def rate_specs(result: Results, title: str = RATE_TITLE) -> tuple[dict, dict]:
    """The rate chart and the cancellations chart of a result (shared, built once per result)."""
    return chart_specs.spec(charts.rate_chart, result, title), chart_specs.spec(
        charts.cancellations_chart, result
    )


def rate_section(result: Results, title: str = RATE_TITLE) -> None:
    rates, cancellations = rate_specs(result, title)
    windows = " and ".join(f"{w}-day" for w, _ in charts.window_columns(result))
    st.markdown(f"**{title}** ({windows} windows, dashed line = the rulebook's limit)")
    st.vega_lite_chart(spec=rates, width="stretch")
    if result.get("runs", 1) > 1:
        st.caption("The shaded band holds 90% of the runs (5th to 95th percentile) on each day.")
    st.markdown("**Cancellations per day: counted toward the rate vs excluded**")
    st.vega_lite_chart(spec=cancellations, width="stretch")


# Column order and widths (px) chosen so that at 1280 wide the order, the buyer, where it goes,
# what it is, its status, whether it counts and the start of *Why* fit without scrolling.
