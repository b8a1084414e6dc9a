"""The desk's two ways in: guest practice (graded, not recorded) or a signed-in attempt
(recorded under the account, never under a typed name).

``choose`` draws the choice in the start form and remembers it for the attempt, in the
desk's state (``DeskState.who``; the toggle only shows ``DeskState.form.guest``);
``finish`` grades and, for a signed-in attempt, saves.  If the save fails (database
down, data folder full) the page shows why and keeps the desk, so pressing Finish
again saves the same attempt.
"""

from __future__ import annotations

import streamlit as st

from classroom.store import AttemptStore
from classroom.store.errors import StaleAttempt, StoreError
from training import Desk, Finished
from training import finish as grade_and_save
from training.session import FinishedShift
from ui.auth import session as auth
from ui.shared.state import bound_to
from ui.train import state as desk_state

GUEST = f"{auth.AUTH}.desk_guest"  # the toggle's key


def choose() -> str:
    """Draw who the next attempt is for; returns the name the debrief shows."""
    try:
        user = auth.current_user()
    except StoreError as e:  # no database: guests can still practise
        auth.store_error(e)
        user = None
    if user is not None and not user.must_change:
        guest = st.toggle(
            "Practise as a guest (not recorded)", **bound_to(GUEST, desk_state.state().form, "guest")
        )
        if guest:
            st.caption("Guest practice: graded, but not recorded.")
        else:
            st.text(f"Signed in as {user.name}: this attempt is recorded for your trainer.")
        who = None if guest else user
    else:
        st.info(
            "Guest practice: graded, not recorded. To record attempts for your trainer, "
            "sign in on the Account page first.",
            icon=":material/person:",
        )
        who = None
    desk_state.state().who = (who.name, who.id) if who else ("guest", None)
    return who.name if who else "guest"


def who() -> tuple[str, int | None]:
    """(name, user id or None) the attempt is for, as fixed at Start."""
    return desk_state.state().who


def set_who(name: str, user_id: int | None) -> None:
    """Put back who an attempt is for (an attempt restored after a reload)."""
    desk_state.state().who = (name, user_id)


def current_user_id() -> int | None:
    """The signed-in account, or None (a guest, or no database)."""
    try:
        user = auth.current_user()
    except StoreError:
        return None
    return None if user is None or user.must_change else user.id


def recorded() -> bool:
    return desk_state.state().who[1] is not None


class _Claiming:
    """The attempts store, saving with a claim on the live row this tab read: of two tabs'
    Finish on one attempt, one records it and the other is told (``AttemptStore.save``)."""

    def __init__(self, store: AttemptStore, claim: tuple[str, int] | None) -> None:
        self._store, self._claim = store, claim

    def save(self, **attempt) -> int:
        return self._store.save(**attempt, claim=self._claim)


def _claim() -> tuple[str, int] | None:
    s = desk_state.state()
    return (s.owner, s.version) if s.owner is not None and s.version is not None else None


def finish(desk: Desk, grader=grade_and_save) -> Finished | FinishedShift | None:
    """Grade; save a signed-in attempt.  ``None``: not saved, the reason is on the page.

    ``grader`` is ``training.finish`` for an exercise, ``training.session.finish_shift`` for a shift."""
    name, uid = desk_state.state().who
    if uid is None:
        return grader(desk, name, None)
    try:
        user = auth.current_user()
        if user is None or user.id != uid:
            st.warning(
                "Your session ended. Sign in again on the Account page, then come back and press "
                "Finish again: this desk keeps your attempt.",
                icon=":material/lock_clock:",
            )
            return None
        return grader(desk, user.name, _Claiming(AttemptStore(), _claim()), user_id=user.id)
    except StaleAttempt as e:
        desk_state.stale(str(e))
        st.rerun()
    except StoreError as e:
        st.error(
            f"{e} Your attempt is still here: press Finish again to save it.", icon=":material/database:"
        )
        return None
