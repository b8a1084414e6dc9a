"""The desk's per-user state: the desk lives in st.session_state under `desk_` and, while an
attempt is in progress, server-side in the live-attempts table (``classroom.store.live``),
keyed to the trainee: ``user:<id>`` when signed in, else ``guest:<token>`` with the token in
the page's URL (``?trainee=...``), so a reload or a server restart finds the attempt again.
"""

from __future__ import annotations

import contextlib
import secrets

import streamlit as st

from classroom.store import LiveStore
from classroom.store.errors import StoreError
from training import Desk, Finished, Result
from training.session import rebuild
from ui.shared.state import DESK as P

DESK, OPEN, RESULT, FINISHED = f"{P}_desk", f"{P}_open", f"{P}_result", f"{P}_finished"
VIEW = f"{P}_view"  # list | order | cancel
TRAINEE = f"{P}_trainee"  # the name widget's key
NAME = f"{P}_name"  # the name kept for the attempt (widget state is dropped once the form is gone)
UID = f"{P}_uid"  # the account the attempt is recorded for (None: guest)
OWNER = f"{P}_owner"
STARTED = f"{P}_started"
TOKEN_PARAM = "trainee"


def owner(user_id: int | None) -> str:
    """The key the attempt in progress is kept under (a guest's token lives in the URL)."""
    if user_id is not None:
        return f"user:{user_id}"
    token = st.query_params.get(TOKEN_PARAM)
    if not token or not token.isalnum() or len(token) > 40:
        token = secrets.token_hex(8)
        st.query_params[TOKEN_PARAM] = token
    return f"guest:{token}"


def keep_token() -> None:
    """This tab's guest token back in the address after the sidebar's link dropped it, so a
    reload still finds the attempt kept under it (a guest's or a reopened practice desk)."""
    kind, _, token = str(st.session_state.get(OWNER) or "").partition(":")
    if kind in ("guest", "reopen") and token and TOKEN_PARAM not in st.query_params:
        st.query_params[TOKEN_PARAM] = token


def _live() -> LiveStore | None:
    try:
        return LiveStore()
    except StoreError:
        return None


def restore(key: str) -> Desk | None:
    """The attempt in progress kept for ``key``, rebuilt exactly; None when there is none."""
    st.session_state[OWNER] = key
    live = _live()
    if live is None:
        return None
    try:
        row = live.get(key)
    except StoreError:
        return None
    if row is None:
        return None
    d = rebuild(row.recipe, row.journal)
    st.session_state[DESK] = d
    st.session_state[NAME] = row.trainee
    st.session_state[UID] = row.user_id
    st.session_state[STARTED] = row.started_at
    st.session_state[OPEN] = row.view.get("open")
    st.session_state[VIEW] = row.view.get("view", "list")
    st.session_state[RESULT] = None
    st.session_state[FINISHED] = None
    return d


def save() -> None:
    """Write the attempt in progress (recipe + journal + what is open) for its owner."""
    d, key = desk(), st.session_state.get(OWNER)
    if d is None or key is None or finished() is not None:
        return
    live = _live()
    if live is None:
        return
    try:
        live.put(
            key,
            trainee=trainee(),
            recipe=d.recipe,
            journal=d.journal,
            view={"open": open_id(), "view": view()},
            user_id=st.session_state.get(UID),
        )
    except StoreError as e:
        st.warning(f"{e} Your attempt is kept in this browser tab only.", icon=":material/database:")


def desk() -> Desk | None:
    return st.session_state.get(DESK)


def start(new: Desk, trainee: str, user_id: int | None = None) -> None:
    st.session_state[DESK] = new
    st.session_state[NAME] = trainee.strip()
    st.session_state[UID] = user_id
    st.session_state[OPEN] = None
    st.session_state[VIEW] = "list"
    st.session_state[RESULT] = None
    st.session_state[FINISHED] = None
    save()


def leave() -> None:
    key = st.session_state.get(OWNER)
    live = _live()
    if key and live is not None:
        with contextlib.suppress(StoreError):  # the database is away: the tab forgets it anyway
            live.drop(key)
    for k in (DESK, OPEN, RESULT, FINISHED, VIEW):
        st.session_state.pop(k, None)


def open_id() -> str | None:
    return st.session_state.get(OPEN)


def view() -> str:
    return st.session_state.get(VIEW, "list")


def set_open(order_id: str | None, to: str = "order") -> None:
    st.session_state[OPEN] = order_id
    st.session_state[VIEW] = to if order_id else "list"
    save()


def _said(result: Result | str, ok: bool) -> None:
    if isinstance(result, Result):
        st.session_state[RESULT] = (result.ok, result.message, result.rule)
    else:
        st.session_state[RESULT] = (ok, result, "")


def remember(result: Result | str, ok: bool = True) -> None:
    """The last thing the desk said, shown above the order; every action ends here, so save."""
    _said(result, ok)
    save()


def opened(result: Result, order_id: str) -> None:
    """An order opened from the list: what the desk said and the open order, in one save
    (``remember`` then ``set_open`` wrote the live attempt twice per click)."""
    _said(result, True)
    set_open(order_id)  # saves


def last_result() -> tuple[bool, str, str] | None:
    return st.session_state.get(RESULT)


def trainee() -> str:
    return st.session_state.get(NAME, "")


def user_id() -> int | None:
    return st.session_state.get(UID)


def finished() -> Finished | None:
    return st.session_state.get(FINISHED)


def set_finished(f) -> None:
    """The attempt is over: it leaves the live table (the finished attempt is in the store)."""
    key = st.session_state.get(OWNER)
    live = _live()
    if key and live is not None:
        with contextlib.suppress(StoreError):  # already saved; a stale row is replaced at the next Start
            live.drop(key)
    st.session_state[FINISHED] = f
