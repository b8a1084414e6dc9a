"""My training: the signed-in trainee's assignments, status and debriefs, their own attempts only.

Its session state is one :class:`HomeState` under ``home``; the widgets only show it.
"""

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from classroom.cohorts import Classroom, settings_words
from classroom.store import AttemptStore
from classroom.store.dashboard import Dashboard, Scope
from classroom.store.errors import StoreError
from ui.auth import session as auth
from ui.auth.attempt_view import attempt_detail, attempt_label, wording
from ui.shared.state import HOME as P
from ui.shared.state import bound_to, page_state
from ui.train import assigned as assigned_start

PAGE_SIZE = 20
STATE_WORDS = {
    "passed": "Passed",
    "attempted": "Attempted, not passed yet",
    "overdue": "Overdue",
    "not started": "Not started",
    "not available yet": "Not available yet",
}


@dataclass
class HomeState:
    """The assignment picked to start, the page of attempts and the attempt shown (None: the first)."""

    start_pick: int | None = None
    confirm_start: int | None = None  # the assignment waiting for a yes: an attempt is in progress
    page: int = 1
    attempt: int | None = None


def _unseeded(a) -> str:
    """A shift's settings in the trainer's words, without its seed (classroom.sealed)."""
    return settings_words(a).replace(f", seed {a.params.get('seed')}", "")


def home_state() -> HomeState:
    return page_state(P, HomeState)


def assigned(room: Classroom, user, exercises: dict) -> None:
    st.markdown("#### Assigned work")
    statuses = room.home(user.id)
    rows = [
        {  # what the trainee looks for first on the left: the work and where it stands
            "Work": exercises.get(s.assignment.ref, s.assignment.ref),
            "Status": STATE_WORDS.get(s.state, s.state),
            "Due": s.assignment.due_on.isoformat() if s.assignment.due_on else "",
            "Pass mark": s.assignment.pass_mark,
            "Best score": s.best_score,
            "Attempts": s.attempts,
            "Kind": s.assignment.kind,
            "Cohort": s.cohort,
            "Settings": _unseeded(s.assignment),
        }
        for s in statuses
    ]
    if not rows:
        st.info(
            "Nothing assigned yet. Join your trainer's cohort on the Account page.", icon=":material/inbox:"
        )
        return
    pct = st.column_config.ProgressColumn(format="percent", min_value=0, max_value=1)
    st.dataframe(
        pd.DataFrame(rows),
        hide_index=True,
        width="stretch",
        column_config={"Pass mark": pct, "Best score": pct},
        key=f"{P}_assigned",
    )
    assigned_start.start_picker(statuses, user, exercises, home_state())


def my_attempts(user, rb, exercises_list) -> None:
    st.markdown("#### My attempts and debriefs")
    dash = Dashboard()
    scope = Scope(user_id=user.id)  # the trainee's own attempts, filtered by the database
    total = dash.count(scope)
    if not total:
        st.info(
            "No recorded attempts yet: start an exercise on Manage Orders (training); "
            "attempts you make there signed in, not as a guest, are recorded here.",
            icon=":material/school:",
        )
        return
    pages = (total + PAGE_SIZE - 1) // PAGE_SIZE
    view = home_state()
    view.page = min(max(int(view.page), 1), pages)
    if pages > 1:
        st.number_input("Page", 1, pages, **bound_to(f"{P}_page", view, "page"))
    attempts = dash.page(scope, limit=PAGE_SIZE, offset=(view.page - 1) * PAGE_SIZE)
    by_id = {a.id: a for a in attempts}
    if view.attempt not in by_id:
        view.attempt = next(iter(by_id))
    pick = st.selectbox(
        "Attempt",
        list(by_id),
        format_func=lambda i: attempt_label(by_id[i]),
        **bound_to(f"{P}_attempt", view, "attempt"),
    )
    attempt_detail(by_id[pick], AttemptStore().notes(pick), rb, exercises_list)


def main() -> None:
    st.title("My training")
    user = auth.require(what="your assignments and attempts")
    if user is None:
        return
    auth.signed_in_as(user)
    rb, exercises_list = wording()
    titles = {e.id: e.title for e in exercises_list}
    try:
        assigned(Classroom(), user, titles)
        my_attempts(user, rb, exercises_list)
    except StoreError as e:
        auth.store_error(e)


main()
