"""Manage Orders (training): practise both cancellation procedures, graded step by step."""

import streamlit as st

from formats.errors import RulebookError
from training import Desk, new_desk
from training.exercises import cached_desk_scenario
from ui.auth import desk_identity
from ui.shared.state import DESK as P
from ui.train import panels as desk_panels
from ui.train import state as desk_state


def start_form(exercises: list) -> None:
    """Name, mode and exercise; Start puts a new desk in the session."""
    by_id = {e.id: e for e in exercises}
    with st.container(border=True, key=f"{P}_setup"):
        st.markdown("##### Start")
        c1, c2 = st.columns([1, 2])
        with c1:
            name = desk_identity.choose()  # guest (not recorded) or the signed-in account (recorded)
        mode = c1.radio("Mode", ["Exercise", "Free practice"], horizontal=True, key=f"{P}_mode")
        pick = c2.selectbox(
            "Exercise",
            list(by_id),
            format_func=lambda i: by_id[i].title,
            key=f"{P}_exercise",
            disabled=mode != "Exercise",
        )
        if mode == "Exercise":
            c2.info(by_id[pick].card, icon=":material/assignment:")
        else:
            c2.info(
                "Free practice: every order on the desk, no grading, nothing saved.", icon=":material/sports:"
            )
        if st.button("Start", type="primary", key=f"{P}_start", icon=":material/play_arrow:"):
            desk_state.start(new_desk(pick if mode == "Exercise" else None), name)
            st.rerun()


def debrief() -> None:
    """The finished attempt's score and steps, and the way to the next one."""
    desk_panels.debrief(desk_state.finished(), desk_state.trainee())
    if st.button("Start another exercise", key=f"{P}_again", icon=":material/restart_alt:"):
        desk_state.leave()
        st.rerun()


def on_finish(desk: Desk) -> None:
    """Free practice just ends; an exercise is graded and saved."""
    if desk.exercise is None:
        desk_state.leave()
    else:
        done = desk_identity.finish(desk)  # None: not saved, the page says why and keeps the desk
        if done is None:
            return
        desk_state.set_finished(done)
    st.rerun()


@st.fragment
def order_list(desk: Desk) -> None:
    """Searching and filtering rerun only this panel; its Open order button reruns the page."""
    desk_panels.order_list(desk)


def working_desk(desk: Desk) -> None:
    desk_panels.exercise_card(desk, lambda: on_finish(desk))
    left, right = st.columns([3, 2], gap="medium")
    with left:
        order_list(desk)
        desk_panels.order_detail(desk)
    with right:
        desk_panels.account_panel(desk)
        desk_panels.messaging(desk)


def main() -> None:
    st.title("Manage Orders")
    st.caption("Training desk: a Seller Central look-alike. Nothing here touches a real account.")
    try:
        _scenario, _rb, exercises = cached_desk_scenario()
    except RulebookError as exc:
        st.error(f"The training scenario has problems:\n\n```\n{exc}\n```")
        return
    desk = desk_state.desk()
    if desk is None:
        start_form(exercises)
    elif desk_state.finished() is not None:
        debrief()
    else:
        working_desk(desk)


main()
