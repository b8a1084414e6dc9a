"""Reopen an attempt's instance as an interactive desk: the link (trainer's attempt view,
the trainee's debrief and home page) and the desk page's side of it.

The link is the desk page with the instance in its query parameters (``training.reopen``),
so it can be shared.  A reopened desk is practice: graded in the tab, never recorded, and
kept server-side under its own key (``reopen:<token>``), so it never replaces the attempt a
signed-in trainee has in progress.
"""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from classroom.sealed import Sealed
from classroom.store.errors import StoreError
from training import Desk, DeskKind
from training.reopen import KEYS, ReopenError, query_of, recipe_of, requested, same_instance
from training.session import build
from ui.auth import desk_identity
from ui.auth import session as auth
from ui.shared.state import DESK as P
from ui.shared.state import DESK_PAGE
from ui.shared.text import plain
from ui.train import state as desk_state

LABEL = "Reopen this instance"


def link(instance: dict | None) -> None:
    """The "Reopen this instance" link and its shareable address; nothing for free practice."""
    q = query_of(instance)
    if q is None:
        return
    address = f"desk?{urlencode(q)}"
    try:  # in this tab, so a signed-in trainer stays signed in
        st.page_link(DESK_PAGE, label=LABEL, icon=":material/replay:", query_params=q)
    except StreamlitPageNotFoundError:  # a page run without the app's navigation (one page on its own)
        st.link_button(LABEL, address, icon=":material/replay:")
    st.caption(f"Practice on the same instance, not recorded. Shareable address: {address}")


def wanted() -> dict | None:
    """The recipe the page's address asks to reopen (None: it asks for none, or a bad one, said)."""
    q = {k: st.query_params.get(k) for k in KEYS if k in st.query_params}
    if not requested(q):
        return None
    try:
        recipe = recipe_of(q)
    except ReopenError as e:
        st.error(f"This link does not open an instance: {plain(e)}", icon=":material/link_off:")
        return None
    if recipe.get("kind") == DeskKind.SHIFT and not _may_open(int(recipe["seed"])):
        st.error(
            "This link opens a shift a trainer assigned. It opens for the trainer, and for a trainee "
            "after their own recorded attempt on it; to work it, start it from My training.",
            icon=":material/lock:",
        )
        return None
    return recipe


def _may_open(seed: int) -> bool:
    """An assigned shift's seed is not rehearsed through a link (classroom.sealed)."""
    try:
        return Sealed().may_open(seed, auth.current_user())
    except StoreError:  # no database: no assignment exists to keep it for
        return True


def _key() -> str:
    """This tab's own key for the reopened desk (the guest token in the address, made if missing)."""
    return "reopen:" + desk_state.owner(None).split(":", 1)[1]


def open_desk(recipe: dict) -> Desk:
    """The desk the address names: this tab's reopened desk, the one kept for it, or a fresh one."""
    d = desk_state.desk()
    if d is not None and same_instance(desk_state.state().reopened, recipe):
        return d
    d = desk_state.restore(_key())  # after a reload: what was done on it is kept
    if d is None or not same_instance(d.recipe, recipe):
        d = build(recipe)
        desk_state.start(d, "guest", None)
    desk_identity.set_who("guest", None)  # practice: never recorded
    desk_state.state().reopened = recipe
    return d


def active() -> bool:
    return desk_state.state().reopened is not None


def resume() -> dict | None:
    """This tab's reopened desk, back in the address: the sidebar's links drop a page's query
    parameters, and a look at the Rulebook must not throw away the practice done so far."""
    recipe = desk_state.state().reopened
    st.query_params.update(query_of(recipe) or {})
    return recipe


def leave() -> None:
    """Back to the trainee's own desk: the reopened desk and its address are dropped."""
    if active():
        desk_state.leave()
    desk_state.state().reopened = None
    for k in KEYS:
        st.query_params.pop(k, None)


def banner(d: Desk) -> None:
    if active():
        st.info(
            f"Reopened instance #{d.recipe.get('seed')}: the same orders, buyers and wording as the "
            "attempt it comes from. Practice: graded here, not recorded.",
            icon=":material/replay:",
        )
        st.button("Back to my own desk", key=f"{P}_leave_reopened", icon=":material/undo:", on_click=leave)
