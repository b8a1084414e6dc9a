"""The trainer's dashboard tab: totals, progress per trainee, pass rate per exercise,
the most-missed steps and traps, and the CSV export (built only when downloaded)."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from classroom.store import to_csv
from classroom.store.dashboard import Dashboard, Scope
from ui.shared.charts import FIT_WIDTH
from ui.shared.state import TRAINER as P

PCT = st.column_config.ProgressColumn(format="percent", min_value=0, max_value=1)


def draw(dash: Dashboard, scope: Scope, rb, exercises: list) -> None:
    titles = {e.id: e.title for e in exercises}
    s = dash.summary(scope)
    c1, c2, c3 = st.columns(3)
    c1.metric("Attempts", s["attempts"])
    c2.metric("Passed", s["passed"])
    c3.metric("Trainees", s["trainees"])
    progress(dash, scope)
    if not s["attempts"]:
        st.info(
            "No finished attempts yet. Trainees sign in and finish exercises on Manage Orders (training).",
            icon=":material/inbox:",
        )
        return
    rates(dash, scope)
    misses(dash, scope)
    st.download_button(
        "Export CSV (with deductions and traps)",
        # streamed from the database on click, with each attempt's cohort and assignment
        lambda: to_csv(dash.iter_attempts(scope), rb, dash.csv_context(scope, titles)),
        file_name="attempts.csv",
        mime="text/csv",
        icon=":material/download:",
        key=f"{P}_csv",
    )


def progress(dash: Dashboard, scope: Scope) -> None:
    st.markdown("#### Progress per trainee")
    rows = dash.progress(scope)
    if not rows:
        return
    table = pd.DataFrame(
        [
            {
                "Trainee": r["trainee"],
                "Attempts": r["attempts"],
                "Passed": r["passed"],
                "Best score": r["best_score"],
                "Last finished": r["last_ended_at"] or "",
                **({"Assignments passed": r["assignments_passed"]} if "assignments_passed" in r else {}),
            }
            for r in rows
        ]
    )
    cfg = {"Trainee": st.column_config.TextColumn(), "Best score": PCT}
    st.dataframe(table, hide_index=True, width="stretch", column_config=cfg, key=f"{P}_progress")


def rates(dash: Dashboard, scope: Scope) -> None:
    st.markdown("#### Pass rate per exercise")
    rows = [
        {
            "Exercise": r["title"],
            "Attempts": r["attempts"],
            "Passed": r["passed"],
            "Pass rate": r["pass_rate"],
            "Mean score": r["mean_score"],
        }
        for r in dash.pass_rates(scope)
    ]
    cfg = {"Pass rate": PCT, "Mean score": PCT}
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", column_config=cfg, key=f"{P}_rates")


def miss_table(rows: list[dict]) -> pd.DataFrame:
    """One row per bar, each with its own label: the same words missed under two rules are one bar,
    and a trap that reads like a step says so (a label two bars share is drawn for only one)."""
    data = pd.DataFrame(
        [{"Missed": r["label"], "Kind": "Trap" if r["kind"] == "trap" else "Step", "Times": r["times"]}
         for r in rows]
    )  # fmt: skip
    data = data.groupby(["Missed", "Kind"], as_index=False, sort=False)["Times"].sum()
    twice = data["Missed"].duplicated(keep=False) & (data["Kind"] == "Trap")
    data.loc[twice, "Missed"] = data.loc[twice, "Missed"] + " (trap)"
    return data.sort_values("Times", ascending=False, kind="stable").reset_index(drop=True)


def misses(dash: Dashboard, scope: Scope) -> None:
    st.markdown("#### Most-missed steps and traps")
    rows = dash.misses(scope)
    if not rows:
        st.text("Nothing missed: every attempt in view followed the rulebook.")
        return
    st.altair_chart(miss_chart(miss_table(rows)), width="stretch", key=f"{P}_misses")


def miss_chart(data: pd.DataFrame) -> alt.LayerChart:
    """A bar per step or trap missed, its words written above it across the plot's width (cut with an
    ellipsis there; the tooltip has them whole): beside the bars, long labels left a phone's bars
    no room, and vega dropped a label it thought collided."""
    y = alt.Y("Missed:N", sort=list(data["Missed"]), title=None, axis=None)  # most missed first
    colour = alt.Color(
        "Kind:N",
        scale=alt.Scale(domain=["Step", "Trap"], range=["#4c78a8", "#e45756"]),
        legend=alt.Legend(orient="bottom", direction="vertical", title=None),
    )
    tip = ["Missed", "Kind", "Times"]
    bars = (
        alt.Chart(data)
        .mark_bar(size=14, yOffset=8)
        .encode(
            x=alt.X("Times:Q", title="Times missed", axis=alt.Axis(tickMinStep=1)),
            y=y,
            color=colour,
            tooltip=tip,
        )
    )
    words = (
        alt.Chart(data)
        .mark_text(align="left", baseline="bottom", dy=-1, limit=alt.ExprRef("width"), fontSize=13)
        .encode(x=alt.datum(0), y=y, text="Missed:N", tooltip=tip)
    )
    # a 40 px row per bar (its words, then the bar); the legend adds height, takes none
    return alt.layer(bars, words).properties(height=alt.Step(40), autosize=FIT_WIDTH)
