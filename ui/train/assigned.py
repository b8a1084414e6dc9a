"""Start assigned work: the trainee's home starts an assignment on the desk, and the desk's
start form offers the shifts a trainer assigned, with exactly the trainer's settings.

The desk's recipe carries the assignment's id, so the finished attempt is counted against it
(``attempts.assignment_id``): the home page's status and the trainer's progress.
"""

from __future__ import annotations

import streamlit as st

from classroom.cohorts import Classroom, Status
from classroom.store.errors import StoreError
from training.session import build, new_seed
from training.shift import ShiftParams
from ui.auth import desk_identity
from ui.shared.state import DESK as P
from ui.train import reopen_view
from ui.train import state as desk_state

DESK_PAGE = "ui/train/desk_page.py"
CHOSEN = f"{P}_shift_assignment"  # the assignment the start form's shift settings come from


def start(status: Status, user) -> None:
    """Open the assignment's desk for ``user`` (recorded) and go to it."""
    desk = build(status.recipe(seed=new_seed()))  # a shift: the trainer's seed; an exercise: a fresh one
    st.session_state.pop(reopen_view.REOPENED, None)  # this is the trainee's own attempt, not a reopen
    st.session_state[desk_state.OWNER] = desk_state.owner(user.id)
    desk_identity.set_who(user.name, user.id)
    desk_state.start(desk, user.name, user.id)
    st.switch_page(DESK_PAGE)


def start_picker(statuses: list[Status], user, titles: dict) -> None:
    """The home page's way in: pick an assignment, Start (labels are drawn as text, not markdown)."""
    by_id = {s.assignment.id: s for s in statuses}
    if not by_id:
        return
    c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
    pick = c1.selectbox("Start assigned work", list(by_id), format_func=lambda i: _label(by_id[i], titles),
                        key="home_start_pick")  # fmt: skip
    if c2.button("Start on the desk", type="primary", icon=":material/play_arrow:", key="home_start"):
        start(by_id[pick], user)


def _label(s: Status, titles: dict) -> str:
    a = s.assignment
    if a.kind == "shift":
        p = ShiftParams(**a.params)
        return f"Shift: {a.ref} ({p.orders} orders, {p.rulebook}, seed {p.seed}) · {s.cohort}"
    return f"Exercise: {titles.get(a.ref, a.ref)} · {s.cohort}"


def assigned_shifts() -> list[Status]:
    """The signed-in trainee's shift assignments ([] for a guest or without a database)."""
    uid = desk_identity.current_user_id()
    if uid is None:
        return []
    try:
        return [s for s in Classroom().home(uid) if s.assignment.kind == "shift"]
    except StoreError:
        return []


def shift_choice() -> ShiftParams | None:
    """On the start form: an assigned shift, whose settings are the trainer's (None: my own)."""
    shifts = {s.assignment.id: s for s in assigned_shifts()}
    st.session_state[CHOSEN] = None
    if not shifts:
        return None

    def words(i: int | None) -> str:
        return "My own settings" if i is None else _label(shifts[i], {})

    pick = st.selectbox("Settings", [None, *shifts], format_func=words, key=f"{P}_shift_assigned")
    if pick is None:
        return None
    s = shifts[pick]
    st.session_state[CHOSEN] = pick
    p = ShiftParams(**s.assignment.params)
    due = f", due {s.assignment.due_on.isoformat()}" if s.assignment.due_on else ""
    mark = f"pass mark {s.assignment.pass_mark:.0%}{due}"
    st.text(f"Assigned by your trainer: {p.orders} orders, {p.rulebook}, incidents {p.incidents:.0%}, "
            f"buyer messages {p.messages:.0%}, seed {p.seed}; {mark}.")  # fmt: skip
    return p


def chosen_assignment() -> int | None:
    return st.session_state.get(CHOSEN)
