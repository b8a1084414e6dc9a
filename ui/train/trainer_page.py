"""Trainer records: dashboard, attempts (notes, soft delete) and cohorts; trainers only.

Every number comes from the database by ``GROUP BY`` / ``LIMIT`` (classroom.store.dashboard),
so a redraw costs the same with a hundred attempts or a hundred thousand.
"""

import streamlit as st

from classroom.cohorts import Classroom
from classroom.store.dashboard import Dashboard, Scope
from classroom.store.errors import StoreError
from ui.auth import session as auth
from ui.auth.attempt_view import wording
from ui.shared.state import TRAINER as P
from ui.shared.state import bound_to
from ui.train import trainer_attempts, trainer_cohorts, trainer_dashboard
from ui.train.trainer_state import ALL_COHORTS, TABS, TrainerState, trainer_state

ALL = "All attempts"


def scope_picker(room: Classroom, view: TrainerState) -> Scope:
    cohorts = {c.id: c for c in room.cohorts()}
    if view.cohort not in cohorts:
        view.cohort = ALL_COHORTS

    def words(i: int) -> str:
        return ALL if i == ALL_COHORTS else f"{cohorts[i].name} ({cohorts[i].members} trainees)"

    pick = st.selectbox("Cohort", [ALL_COHORTS, *cohorts], format_func=words,
                        **bound_to(f"{P}_cohort", view, "cohort"))  # fmt: skip
    deleted = st.toggle("Include deleted attempts", **bound_to(f"{P}_deleted", view, "deleted"))
    return Scope(cohort_id=None if pick == ALL_COHORTS else pick, include_deleted=deleted)


def main() -> None:
    st.title("Trainer records")
    user = auth.require(trainer=True, what="trainer records")
    if user is None:
        return
    auth.signed_in_as(user)
    rb, exercises = wording()
    try:
        room, dash, view = Classroom(), Dashboard(), trainer_state()
        scope = scope_picker(room, view)
        if view.tab not in TABS:
            view.tab = TABS[0]
        # every tab is drawn (its .open is not asked): the tab bar only shows which is open
        board, attempts, cohorts = st.tabs(list(TABS), **bound_to(f"{P}_tab", view, "tab"))
        with board:
            trainer_dashboard.draw(dash, scope, rb, exercises)
        with attempts:
            trainer_attempts.draw(dash, scope, user, rb, exercises, view)
        with cohorts:
            trainer_cohorts.draw(room, user, exercises, view)
    except StoreError as e:  # the database went away mid-page: say so, keep the app running
        auth.store_error(e)


main()
