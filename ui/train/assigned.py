"""Start assigned work: the trainee's home starts an assignment on the desk, and the desk's
start form offers the shifts a trainer assigned, with exactly the trainer's settings.

The desk's recipe carries the assignment's id, so the finished attempt is counted against it
(``attempts.assignment_id``): the home page's status and the trainer's progress.  The home page
hands the desk a typed :class:`~ui.shared.state.DeskStart`; the desk starts it (:func:`take`).
With an attempt in progress it asks first: starting ends that attempt unrecorded.
"""

from __future__ import annotations

import streamlit as st

from classroom.cohorts import Classroom, Status
from classroom.store import LiveStore
from classroom.store.errors import StoreError
from training.session import build, new_seed
from training.shift import ShiftParams
from ui.auth import desk_identity
from ui.shared.state import DESK as P
from ui.shared.state import DESK_PAGE, DeskStart, bound_to, hand_to_desk, take_for_desk
from ui.train import state as desk_state


def start(status: Status, user) -> None:
    """Hand the assignment's desk for ``user`` (recorded) to the desk page and go to it."""
    # a shift: the trainer's seed; an exercise: a fresh one
    hand_to_desk(DeskStart(status.recipe(seed=new_seed()), user.name, user.id))
    st.switch_page(DESK_PAGE)


def take() -> bool:
    """On the desk page: start the assignment My training handed over, if any, for the account
    signed in now (it is the trainee's own attempt, not a reopen)."""
    item = take_for_desk()
    if item is None or item.user_id != desk_identity.current_user_id():
        return False
    desk_state.state().reopened = None
    desk_state.state().owner = desk_state.owner(item.user_id)
    desk_identity.set_who(item.trainee, item.user_id)
    desk_state.start(build(item.recipe), item.trainee, item.user_id)
    return True


def in_progress(user) -> bool:
    """Has ``user`` an attempt under way: kept for the account, or open in this tab's desk?"""
    s = desk_state.state()
    if s.desk is not None and s.finished is None and s.reopened is None:
        return True
    try:
        return LiveStore().exists(f"user:{user.id}")
    except StoreError:
        return False


def start_picker(statuses: list[Status], user, titles: dict, home) -> None:
    """The home page's way in: pick an assignment, Start (labels are drawn as text, not markdown).

    ``home`` is the page's state: its ``start_pick`` is the assignment picked, ``confirm_start``
    the one waiting for a yes because an attempt is in progress."""
    by_id = {s.assignment.id: s for s in statuses}
    if not by_id:
        return
    if home.start_pick not in by_id:
        home.start_pick = next(iter(by_id))
    c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
    pick = c1.selectbox("Start assigned work", list(by_id), format_func=lambda i: _label(by_id[i], titles),
                        **bound_to("home_start_pick", home, "start_pick"))  # fmt: skip
    if c2.button("Start on the desk", type="primary", icon=":material/play_arrow:", key="home_start"):
        if not in_progress(user):
            start(by_id[pick], user)
        home.confirm_start = pick
    if home.confirm_start in by_id:
        _ask_first(by_id[home.confirm_start], user, home)


def _ask_first(status: Status, user, home) -> None:
    """An attempt is in progress: starting this work would end it, so ask."""
    st.warning(
        "You have an attempt in progress on the desk. Starting this work ends that attempt "
        "without recording it.",
        icon=":material/help:",
    )
    c1, c2 = st.columns(2)
    if c1.button("Start the new work", key="home_start_replace", type="primary", width="stretch"):
        home.confirm_start = None
        start(status, user)
    if c2.button("Back to the attempt in progress", key="home_start_keep", width="stretch"):
        home.confirm_start = None
        st.switch_page(DESK_PAGE)


def _label(s: Status, titles: dict) -> str:
    a = s.assignment
    if a.kind == "shift":
        p = ShiftParams(**a.params)
        return f"Shift: {a.ref} ({p.orders} orders, {p.marketplace}) · {s.cohort}"  # its seed is sealed
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
    form = desk_state.state().form.shift
    if form.assignment not in shifts:
        form.assignment = None
    if not shifts:
        return None

    def words(i: int | None) -> str:
        return "My own settings" if i is None else _label(shifts[i], {})

    pick = st.selectbox("Settings", [None, *shifts], format_func=words,
                        **bound_to(f"{P}_shift_assigned", form, "assignment"))  # fmt: skip
    if pick is None:
        return None
    s = shifts[pick]
    p = ShiftParams(**s.assignment.params)
    due = f", due {s.assignment.due_on.isoformat()}" if s.assignment.due_on else ""
    mark = f"pass mark {s.assignment.pass_mark:.0%}{due}"
    st.text(
        f"Assigned by your trainer: {p.orders} orders, {p.marketplace}, incidents {p.incidents:.0%}, "
        f"buyer messages {p.messages:.0%}; {mark}."
    )  # fmt: skip  (never its seed: classroom.sealed)
    return p


def chosen_assignment() -> int | None:
    """The assigned shift the start form's settings come from (None: the trainee's own)."""
    return desk_state.state().form.shift.assignment
