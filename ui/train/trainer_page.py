"""Trainer records: every finished attempt, pass rate per exercise, CSV export."""

import pandas as pd
import streamlit as st

from formats.errors import RulebookError
from training import AttemptStore, pass_rates, to_csv
from training.exercises import cached_desk_scenario
from training.wording import rule_name, step_rows
from ui.shared.state import TRAINER as P

# sized so every column fits the main area at 1280 px wide, sidebar open
ATTEMPT_COLUMNS = {
    "#": st.column_config.NumberColumn(width=40),
    "Trainee": st.column_config.TextColumn(width=110),
    "Exercise": st.column_config.TextColumn(width=190),
    "Score": st.column_config.ProgressColumn(format="percent", min_value=0, max_value=1, width=95),
    "Passed": st.column_config.CheckboxColumn(width=60),
    "Steps": st.column_config.NumberColumn(width=55),
    "Started": st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm", width=125),
    "Ended": st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm", width=125),
}


def wording() -> tuple:
    """The rulebook and exercises that give the stored ids their words (None, [] if they do not load)."""
    try:
        _scenario, rb, exercises = cached_desk_scenario()
    except RulebookError:  # without them the ids are spelled out plainly
        return None, []
    return rb, exercises


def summary(attempts: list) -> None:
    c1, c2, c3 = st.columns(3)
    c1.metric("Attempts", len(attempts))
    c2.metric("Passed", sum(a.passed for a in attempts))
    c3.metric("Trainees", len({a.trainee for a in attempts}))


def attempts_table(attempts: list, rb) -> None:
    st.markdown("#### Attempts")
    rows = [
        {
            "#": a.id,
            "Trainee": a.trainee,
            "Exercise": a.exercise_title,
            "Score": a.score,
            "Passed": a.passed,
            "Steps": len(a.steps),
            "Started": pd.Timestamp(a.started_at),
            "Ended": pd.Timestamp(a.ended_at),
        }
        for a in attempts
    ]
    st.dataframe(
        pd.DataFrame(rows), hide_index=True, width="stretch", column_config=ATTEMPT_COLUMNS, key=f"{P}_table"
    )
    st.download_button(
        "Export CSV",
        to_csv(attempts, rb),
        file_name="attempts.csv",
        mime="text/csv",
        icon=":material/download:",
        key=f"{P}_csv",
    )


def pass_rate_table(attempts: list) -> None:
    st.markdown("#### Pass rate per exercise")
    rows = [
        {
            "Exercise": r["title"],
            "Attempts": r["attempts"],
            "Passed": r["passed"],
            "Pass rate": r["pass_rate"],
        }
        for r in pass_rates(attempts)
    ]
    st.dataframe(
        pd.DataFrame(rows),
        hide_index=True,
        width="stretch",
        column_config={
            "Pass rate": st.column_config.ProgressColumn(format="percent", min_value=0, max_value=1)
        },
        key=f"{P}_rates",
    )


def attempt_steps(attempts: list, rb, exercises: list) -> None:
    st.markdown("#### Steps of one attempt")
    pick = st.selectbox(
        "Attempt", [a.id for a in attempts], format_func=lambda i: f"#{i}", key=f"{P}_attempt"
    )
    chosen = next(a for a in attempts if a.id == pick)
    rows = step_rows(rb, chosen.steps, exercises)
    for row, step in zip(rows, chosen.steps, strict=True):
        row["Hour"] = f"{row['Hour']:g} h"
        row["Allowed"] = "Yes" if row["Allowed"] else "**Refused**"
        row["Rule"] += f" :small[:gray[({step.get('rule', '')})]]"
    # a static table wraps the long wording instead of cutting it off
    st.table(pd.DataFrame(rows), hide_index=True)
    for d in chosen.deductions:
        rule = d.get("rule_label") or rule_name(rb, d["rule"], exercises)
        st.markdown(f"- **{d['what']}** (-{d['points']:g}): {d['why']} *{rule}* :small[:gray[({d['rule']})]]")


def main() -> None:
    st.title("Trainer records")
    st.caption("Finished training-desk attempts, as saved in the attempts database.")
    try:
        store = AttemptStore()
    except OSError as exc:  # unwritable data folder: say so, keep the app running
        st.error(f"Cannot open the attempts database: {exc}")
        return
    rb, exercises = wording()
    who = st.selectbox("Trainee", ["All trainees", *store.trainees()], key=f"{P}_who")
    attempts = store.attempts(None if who == "All trainees" else who)
    if not attempts:
        st.info(
            "No finished attempts yet. Trainees finish exercises on Manage Orders (training).",
            icon=":material/inbox:",
        )
        return
    summary(attempts)
    attempts_table(attempts, rb)
    pass_rate_table(attempts)
    attempt_steps(attempts, rb, exercises)


main()
