"""The trainer's attempts tab: numbered pages from the database, one attempt's steps,
notes and history, and soft delete / restore (who and when are recorded)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from classroom.accounts import User
from classroom.store.dashboard import Dashboard, Scope
from ui.auth.attempt_view import attempt_detail, attempt_label
from ui.shared.state import TRAINER as P
from ui.shared.state import bound_to
from ui.train.trainer_state import TrainerState

PAGE_SIZE = 50
# sized so every column fits the main area at 1280 px wide, sidebar open
COLUMNS = {
    "#": st.column_config.NumberColumn(width=50),
    "Trainee": st.column_config.TextColumn(width=110),
    "Exercise": st.column_config.TextColumn(width=190),
    "Score": st.column_config.ProgressColumn(format="percent", min_value=0, max_value=1, width=95),
    "Passed": st.column_config.CheckboxColumn(width=60),
    "Steps": st.column_config.NumberColumn(width=55),
    "Ended": st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm", width=125),
    "Deleted": st.column_config.CheckboxColumn(width=65),
}


def draw(dash: Dashboard, scope: Scope, user: User, rb, exercises: list, view: TrainerState) -> None:
    total = dash.count(scope)
    if not total:
        st.info("No attempts in view.", icon=":material/inbox:")
        return
    pages = (total + PAGE_SIZE - 1) // PAGE_SIZE
    c1, c2 = st.columns([1, 3], vertical_alignment="bottom")
    view.page = min(max(int(view.page), 1), pages)  # fewer pages in a narrower scope
    page = c1.number_input(f"Page (of {pages})", 1, pages, **bound_to(f"{P}_page", view, "page"))
    c2.caption(f"{total} attempts, newest first, {PAGE_SIZE} a page")
    attempts = dash.page(scope, limit=PAGE_SIZE, offset=(int(page) - 1) * PAGE_SIZE)
    rows = [
        {
            "#": a.id,
            "Trainee": a.trainee,
            "Exercise": a.exercise_title,
            "Score": a.score,
            "Passed": a.passed,
            "Steps": len(a.steps),
            "Ended": pd.Timestamp(a.ended_at),
            "Deleted": a.deleted_at is not None,
        }
        for a in attempts
    ]
    st.dataframe(
        pd.DataFrame(rows), hide_index=True, width="stretch", column_config=COLUMNS, key=f"{P}_table"
    )
    by_id = {a.id: a for a in attempts}
    if view.attempt not in by_id:
        view.attempt = next(iter(by_id))
    pick = st.selectbox(
        "Attempt",
        list(by_id),
        format_func=lambda i: attempt_label(by_id[i]),
        **bound_to(f"{P}_attempt", view, "attempt"),
    )
    chosen = by_id[pick]
    attempt_detail(chosen, dash.store.notes(pick), rb, exercises, key=f"{P}_one")
    actions(dash, chosen, user)


def actions(dash: Dashboard, a, user: User) -> None:
    with st.form(f"{P}_note_form", clear_on_submit=True, border=True):
        text = st.text_area("Note for this attempt (the trainee sees it)", key=f"{P}_note", max_chars=2000)
        if st.form_submit_button("Add note", icon=":material/edit_note:") and text.strip():
            dash.store.annotate(a.id, text, by=user.id)
            st.rerun()
    if a.deleted_at is None:
        if st.button("Delete attempt (kept, counted nowhere)", icon=":material/delete:", key=f"{P}_delete"):
            dash.store.delete(a.id, by=user.id)
            st.rerun()
    elif st.button("Restore attempt", icon=":material/restore:", key=f"{P}_restore"):
        dash.store.restore(a.id, by=user.id)
        st.rerun()
