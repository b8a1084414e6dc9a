"""Manage Orders (training): practise both cancellation procedures, graded step by step,
one exercise at a time or a whole shift at the desk."""

import streamlit as st

from formats.errors import RulebookError
from rules.sfp import offers_sfp
from training import Desk, DeskKind, new_desk
from training.exercises import cached_desk_scenario
from training.session import FinishedShift, finish_shift, new_seed
from ui.auth import desk_identity
from ui.shared.state import DESK as P
from ui.shared.state import bound_to
from ui.train import assigned, orders_table, reopen_view, shift_view
from ui.train import panels as desk_panels
from ui.train import state as desk_state
from ui.train.order_page import back, cancel_page, order_detail, result_line
from ui.train.shift_view import SFP_HELP

MODES = ["Exercise", "Shift at the desk", "Free practice"]


def start_form(exercises: list) -> None:
    """Name, mode and exercise (or the shift's settings); Start puts a new desk in the session."""
    by_id = {e.id: e for e in exercises}
    form = desk_state.state().form
    if form.exercise not in by_id:
        form.exercise = next(iter(by_id))
    if form.mode not in MODES:
        form.mode = MODES[0]
    with st.container(border=True, key=f"{P}_setup"):
        st.markdown("##### Start")
        c1, c2 = st.columns([1, 2])
        with c1:
            name = desk_identity.choose()  # guest (not recorded) or the signed-in account (recorded)
        mode = c1.radio("Mode", MODES, **bound_to(f"{P}_mode", form, "mode"))
        params = None
        with c2:
            if mode == "Shift at the desk":
                params = shift_view.settings()
            else:
                pick = st.selectbox(
                    "Exercise",
                    list(by_id),
                    format_func=lambda i: by_id[i].title,
                    **bound_to(f"{P}_exercise", form, "exercise"),
                    disabled=mode != "Exercise",
                )
                if offers_sfp(cached_desk_scenario()[1]):
                    st.toggle(
                        "Seller Fulfilled Prime shop", help=SFP_HELP, **bound_to(f"{P}_sfp", form, "sfp")
                    )
                if mode == "Exercise":
                    st.info(by_id[pick].card, icon=":material/assignment:")
                else:
                    st.info(
                        "Free practice: every order on the desk, no grading, nothing saved.",
                        icon=":material/sports:",
                    )
        if st.button("Start", type="primary", key=f"{P}_start", icon=":material/play_arrow:"):
            if params is not None:
                desk = shift_view.new_shift_desk(params)
            else:
                # each attempt its own instance: a fresh seed, stored with the attempt
                desk = new_desk(pick if mode == "Exercise" else None, seed=new_seed(), sfp=form.sfp)
            desk_state.start(desk, name, desk_identity.who()[1])
            st.rerun()


def debrief() -> None:
    """The finished attempt's score and steps, and the way to the next one."""
    f = desk_state.finished()
    if isinstance(f, FinishedShift):
        shift_view.debrief(f, desk_state.trainee())
    else:
        desk_panels.debrief(f, desk_state.trainee())
    if not reopen_view.active():  # a recorded or guest attempt: practise on exactly its instance
        reopen_view.link(desk_state.desk().recipe)
    if st.button("Start another", key=f"{P}_again", icon=":material/restart_alt:"):
        reopen_view.leave()
        desk_state.leave()
        st.rerun()


def on_finish(desk: Desk) -> None:
    """Free practice just ends; an exercise or a shift is graded and saved."""
    if desk.kind is DeskKind.PRACTICE:
        desk_state.leave()
    else:
        done = (
            desk_identity.finish(desk, finish_shift)
            if desk.kind is DeskKind.SHIFT
            else desk_identity.finish(desk)
        )
        if done is None:  # not saved: the page says why and keeps the desk
            return
        desk_state.set_finished(done)
    st.rerun()


@st.fragment
def order_list(desk: Desk) -> None:
    """Searching, filtering and paging rerun only this panel; its buttons rerun the page."""
    orders_table.order_list(desk)


def working_desk(desk: Desk) -> None:
    reopen_view.banner(desk)
    desk_panels.exercise_card(desk, lambda: on_finish(desk))
    oid, view = desk_state.open_id(), desk_state.view()
    if oid is not None and view == "cancel":
        cancel_page(desk, oid)
        return
    if oid is not None and view == "order":
        left, right = st.columns([3, 2], gap="medium")
        with left:
            back()
            result_line(desk)
            order_detail(desk, oid)
        with right:
            desk_panels.messaging(desk)
        desk_panels.account_panel(desk)
        return
    order_list(desk)  # says what the last action did, in the row it was about
    left, right = st.columns([3, 2], gap="medium")
    with left:
        desk_panels.messaging(desk)
    with right:
        desk_panels.account_panel(desk)


def _restore() -> Desk | None:
    """The trainee's attempt in progress: this tab's, or the one kept server-side for them."""
    desk = desk_state.desk()
    if desk is not None:
        return desk
    desk = desk_state.restore(desk_state.owner(desk_identity.current_user_id()))
    if desk is not None:
        desk_identity.set_who(desk_state.trainee(), desk_state.user_id())
    return desk


# The desk must fit 1280x800 with the sidebar open: less empty space above the page's title.
_COMPACT = "<style>.stMainBlockContainer{padding-top:2.5rem}</style>"


def main() -> None:
    st.html(_COMPACT)
    st.title("Manage Orders")
    st.caption("Training desk: a Seller Central look-alike. Nothing here touches a real account.")
    try:
        _scenario, _rb, exercises = cached_desk_scenario()
    except RulebookError as exc:
        st.error(f"The training scenario has problems:\n\n```\n{exc}\n```")
        return
    desk_state.keep_token()
    desk_state.show_notice()  # another tab wrote or finished this attempt: said once, here
    assigned.take()  # My training's "Start on the desk": the trainee's own assigned attempt
    recipe = reopen_view.wanted()  # ?exercise=...&seed=...: reopen an attempt's instance as practice
    if recipe is None and reopen_view.active():
        recipe = reopen_view.resume()  # back from another page: the reopened desk goes on
    desk = reopen_view.open_desk(recipe) if recipe is not None else _restore()
    if desk is None:
        start_form(exercises)
    elif desk_state.finished() is not None:
        debrief()
    else:
        working_desk(desk)


main()
