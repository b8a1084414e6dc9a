"""The headline figures of a result and its rate charts (every number read from the core's result)."""

from __future__ import annotations

import streamlit as st

from ui.shared import charts
from ui.simulate.formatting import count, pct


def note_metric(col, label: str, value: str, note: str | None = None, help: str | None = None) -> None:
    """A metric with a grey side note (no arrow: the note is context, not a change)."""
    col.metric(label, value, delta=note, delta_color="off", delta_arrow="off", help=help, border=True)


def extra_windows(result: dict) -> list[tuple[int, dict]]:
    """(window, figures) for each window after the first one the rulebook names (e.g. India's 30 days)."""
    cr = result["cancellation_rate"]
    by_window = cr.get("by_window") or {}
    return [
        (w, by_window[str(w)])
        for w in (cr.get("windows_days") or [])[1:]
        if str(w) in by_window and w != cr["window_days"]
    ]


def headline(result: dict) -> None:
    """The figures a seller asks about first: rates on top, counts per run below."""
    cr, odr, tot, runs = (
        result["cancellation_rate"],
        result["order_defect_rate"],
        result["totals"],
        result["runs"],
    )
    over_runs = f" (mean of {runs} runs)" if runs > 1 else ""
    extra = extra_windows(result)
    w = cr["window_days"]
    top = st.columns(4)
    note_metric(
        top[0],
        "Breach probability",
        pct(cr["breach_probability"], 0),
        f"{w}-day, {runs} run(s)" if extra else f"of {runs} run(s)",
        f"Share of the runs in which the rolling {w}-day rate went over the "
        f"{pct(cr['limit'])} limit on at least one day.",
    )
    note_metric(
        top[1],
        f"Peak {w}-day rate",
        pct(cr["max"], 2),
        f"limit {pct(cr['limit'])}",
        "Highest rolling Cancellation Rate, seller-fulfilled orders only" + over_runs,
    )
    note_metric(
        top[2],
        "Days over the limit",
        count(cr["days_over_limit"], runs),
        f"of {result['days']} days" + (", mean" if runs > 1 else ""),
        f"Days on which the rolling {w}-day rate was above the limit" + over_runs,
    )
    note_metric(
        top[3],
        f"Peak ODR ({odr['window_days']} d)",
        pct(odr["max"], 2),
        f"limit {pct(odr['limit'])}",
        "Order Defect Rate: orders with negative feedback, A-to-z claims or chargebacks"
        + over_runs
        + "".join(  # per fulfilment channel (G200205250): the headline is seller-fulfilled
            f"; {ch.replace('_', '-')} peak {pct(b['max'], 2)}" for ch, b in odr.get("by_channel", {}).items()
        ),
    )
    for ew, fig in extra:  # e.g. India also watches a 30-day window: one row per window
        more = st.columns(4)
        note_metric(
            more[0],
            f"Breach prob. ({ew} d)",
            pct(fig.get("breach_probability"), 0),
            f"{ew}-day, {runs} run(s)",
            f"Share of the runs in which the rolling {ew}-day rate went over the "
            f"{pct(cr['limit'])} limit on at least one day.",
        )
        note_metric(
            more[1],
            f"Peak {ew}-day rate",
            pct(fig.get("max"), 2),
            f"limit {pct(cr['limit'])}",
            f"Highest rolling {ew}-day Cancellation Rate" + over_runs,
        )
        note_metric(
            more[2],
            f"Days over ({ew} d)",
            count(fig.get("days_over_limit"), runs),
            f"of {result['days']} days" + (", mean" if runs > 1 else ""),
            f"Days on which the rolling {ew}-day rate was above the limit" + over_runs,
        )
        note_metric(
            more[3],
            f"Mean {ew}-day rate",
            pct(fig.get("mean"), 2),
            "over the period",
            f"Average of the rolling {ew}-day rate over the days simulated" + over_runs,
        )
    if runs > 1:
        st.caption(
            f"**Orders per run**, mean of {runs} runs (each run is one possible {result['days']} days):"
        )
    row = st.columns(4)
    note_metric(
        row[0],
        "Counted cancels",
        count(tot["counted_cancellations"], runs),
        "count toward the rate",
        "Seller cancellations (and Amazon's auto-cancels) that count toward the Cancellation Rate"
        + over_runs,
    )
    note_metric(
        row[1],
        "Excluded: requests",
        count(tot["buyer_requested_cancellations"], runs),
        "official buyer requests",
        "Cancelled after the buyer filed an official request: left out of the rate" + over_runs,
    )
    note_metric(
        row[2],
        "Excluded: direct",
        count(tot.get("buyer_direct_cancellations"), runs),
        "within minutes",
        "The buyer cancelled in the first minutes, before the seller could act: left out" + over_runs,
    )
    note_metric(
        row[3],
        "Negative feedback",
        count(tot["negative_feedback"], runs),
        "1-2 star ratings",
        "Expected negative feedback; the chances behind it are rulebook assumptions" + over_runs,
    )
    per_run = f"; figures are means per run over {runs} runs." if runs > 1 else "."
    st.caption(
        f"{'About ' if runs > 1 else ''}{count(tot['orders'], runs)} orders, "
        f"{count(tot['seller_fulfilled_orders'], runs)} seller-fulfilled, "
        f"over {result['days']} days" + per_run
    )


def rate_section(result: dict, title: str = "Rolling Cancellation Rate against the limit") -> None:
    windows = " and ".join(f"{w}-day" for w, _ in charts.window_columns(result))
    st.markdown(f"**{title}** ({windows} windows, dashed line = the rulebook's limit)")
    st.altair_chart(charts.rate_chart(result, title), width="stretch")
    if result.get("runs", 1) > 1:
        st.caption("The shaded band holds 90% of the runs (5th to 95th percentile) on each day.")
    st.markdown("**Cancellations per day: counted toward the rate vs excluded**")
    st.altair_chart(charts.cancellations_chart(result), width="stretch")


# Column order and widths (px) chosen so that at 1280 wide the order, the buyer, where it goes,
# what it is, its status, whether it counts and the start of *Why* fit without scrolling.
