"""Trainer records: every finished attempt, pass rate per exercise, CSV export."""

import pandas as pd
import streamlit as st

from training import AttemptStore, pass_rates, to_csv

st.title("Trainer records")
st.caption("Finished training-desk attempts, as saved in the attempts database.")

try:
    store = AttemptStore()
except OSError as exc:  # unwritable data folder: say so, keep the app running
    st.error(f"Cannot open the attempts database: {exc}")
    st.stop()

trainees = store.trainees()
who = st.selectbox("Trainee", ["All trainees", *trainees], key="trainer_who")
attempts = store.attempts(None if who == "All trainees" else who)
if not attempts:
    st.info(
        "No finished attempts yet. Trainees finish exercises on Manage Orders (training).",
        icon=":material/inbox:",
    )
    st.stop()

c1, c2, c3 = st.columns(3)
c1.metric("Attempts", len(attempts))
c2.metric("Passed", sum(a.passed for a in attempts))
c3.metric("Trainees", len({a.trainee for a in attempts}))

st.markdown("#### Attempts")
st.dataframe(
    pd.DataFrame(
        [
            {
                "#": a.id,
                "Trainee": a.trainee,
                "Exercise": a.exercise_title,
                "Score": a.score,
                "Passed": a.passed,
                "Steps": len(a.steps),
                "Started": a.started_at.replace("T", " "),
                "Ended": a.ended_at.replace("T", " "),
            }
            for a in attempts
        ]
    ),
    hide_index=True,
    width="stretch",
    column_config={"Score": st.column_config.ProgressColumn(format="percent", min_value=0, max_value=1)},
    key="trainer_table",
)
st.download_button(
    "Export CSV",
    to_csv(attempts),
    file_name="attempts.csv",
    mime="text/csv",
    icon=":material/download:",
    key="trainer_csv",
)

st.markdown("#### Pass rate per exercise")
rates = pass_rates(attempts)
st.dataframe(
    pd.DataFrame(
        [
            {
                "Exercise": r["title"],
                "Attempts": r["attempts"],
                "Passed": r["passed"],
                "Pass rate": r["pass_rate"],
            }
            for r in rates
        ]
    ),
    hide_index=True,
    width="stretch",
    column_config={"Pass rate": st.column_config.ProgressColumn(format="percent", min_value=0, max_value=1)},
    key="trainer_rates",
)

st.markdown("#### Steps of one attempt")
pick = st.selectbox("Attempt", [a.id for a in attempts], format_func=lambda i: f"#{i}", key="trainer_attempt")
chosen = next(a for a in attempts if a.id == pick)
st.dataframe(
    pd.DataFrame(
        [
            {
                "Hour": s["hour"],
                "Action": s["action"],
                "Allowed": s["ok"],
                "Reason": s.get("reason") or "",
                "Rule": s["rule"],
                "What the desk said": s["detail"],
            }
            for s in chosen.steps
        ]
    ),
    hide_index=True,
    width="stretch",
)
for d in chosen.deductions:
    st.markdown(f"- **{d['what']}** (-{d['points']:g}): {d['why']} *Rule:* `{d['rule']}`")
