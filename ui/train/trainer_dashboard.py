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


def miss_chart(data: pd.DataFrame) -> alt.Chart:
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("Times:Q", title="Times missed", axis=alt.Axis(tickMinStep=1)),
            # every bar's own label, cut with an ellipsis (the tooltip has it whole) so a phone keeps
            # room for the bars
            # labelOverlap off: vega otherwise drops a label it thinks collides (a bar went unnamed)
            y=alt.Y("Missed:N", sort="-x", title=None, axis=alt.Axis(labelLimit=300, labelOverlap=False)),
            color=alt.Color(
                "Kind:N",
                scale=alt.Scale(domain=["Step", "Trap"], range=["#4c78a8", "#e45756"]),
                legend=alt.Legend(orient="bottom", direction="vertical", title=None),
            ),
            tooltip=["Missed", "Kind", "Times"],
        )
        .properties(height=alt.Step(28), autosize=FIT_WIDTH)  # a row per bar; the legend adds height
    )
