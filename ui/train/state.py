"""The desk's per-user state: everything lives in st.session_state under `desk_`.

Two browser sessions have two session states, so they never see each other's
desk or attempt in progress.
"""

from __future__ import annotations

import streamlit as st

from training import Desk, Finished, Result
from ui.shared.state import DESK as P

DESK, OPEN, RESULT, FINISHED = f"{P}_desk", f"{P}_open", f"{P}_result", f"{P}_finished"
TRAINEE = f"{P}_trainee"  # the name widget's key
NAME = f"{P}_name"  # the name kept for the attempt (widget state is dropped once the form is gone)


def desk() -> Desk | None:
    return st.session_state.get(DESK)


def start(new: Desk, trainee: str) -> None:
    st.session_state[DESK] = new
    st.session_state[NAME] = trainee.strip()
    st.session_state[OPEN] = None
    st.session_state[RESULT] = None
    st.session_state[FINISHED] = None


def leave() -> None:
    for key in (DESK, OPEN, RESULT, FINISHED):
        st.session_state.pop(key, None)


def open_id() -> str | None:
    return st.session_state.get(OPEN)


def set_open(order_id: str | None) -> None:
    st.session_state[OPEN] = order_id


def remember(result: Result | str, ok: bool = True) -> None:
    """The last thing the desk said, shown above the order detail."""
    if isinstance(result, Result):
        st.session_state[RESULT] = (result.ok, result.message, result.rule)
    else:
        st.session_state[RESULT] = (ok, result, "")


def last_result() -> tuple[bool, str, str] | None:
    return st.session_state.get(RESULT)


def trainee() -> str:
    return st.session_state.get(NAME, "")


def finished() -> Finished | None:
    return st.session_state.get(FINISHED)


def set_finished(f: Finished) -> None:
    st.session_state[FINISHED] = f
