"""The desk's per-user state: one :class:`DeskState` under the key ``desk`` (widgets only show
it, through ``ui.shared.state.bound``) and, while an attempt is in progress, server-side in the
live-attempts table (``classroom.store.live``), keyed to the trainee: ``user:<id>`` when signed
in, else ``guest:<token>`` with the token in the page's URL (``?trainee=...``), so a reload or a
server restart finds the attempt again (a token the server issued, never one a link chose).

Each write names the version of the row this tab last read or wrote; when another tab (or
window) of the same trainee wrote in between, the write is refused, this tab reloads the row
and says so in words (:func:`show_notice`), and writes nothing more until it has said it.
"""

from __future__ import annotations

import contextlib
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import streamlit as st

from classroom.store import LiveStore
from classroom.store.errors import StaleAttempt, StoreError
from formats.loader import DEFAULT_RULEBOOK
from training import Desk, Finished, Result
from training.session import rebuild
from ui.shared.state import DESK as P
from ui.shared.state import page_state

TOKEN_PARAM = "trainee"
TOKEN_BYTES = 16  # 128 random bits: a guest's token cannot be guessed


@dataclass
class ShiftSettings:
    """The start form's settings of a shift of the trainee's own (0 as seed: a fresh one)."""

    orders: int = 20
    rulebook: str = DEFAULT_RULEBOOK
    incidents: float = 0.25
    messages: float = 0.15
    seed: int = 0
    sfp: bool = False  # a Seller Fulfilled Prime shop (202072550), where the marketplace has a target
    assignment: int | None = None  # an assigned shift whose settings are the trainer's instead


@dataclass
class StartForm:
    """The start form's choices, kept for the next attempt."""

    mode: str = "Exercise"
    exercise: str | None = None  # None: the first one
    guest: bool = False  # a signed-in trainee practising as a guest (not recorded)
    sfp: bool = False  # an exercise or practice desk whose shop is in Seller Fulfilled Prime
    shift: ShiftSettings = field(default_factory=ShiftSettings)


@dataclass
class CancelDraft:
    """The Cancel order page being filled in for ``order_id``."""

    order_id: str | None = None
    scope: str = "Cancel entire order"
    qty: dict[str, int] = field(default_factory=dict)  # per SKU
    reason: str | None = None
    memo: str = ""


@dataclass
class Working:
    """What the trainee has in sight on a working desk; each attempt starts a fresh one."""

    open: str | None = None  # the open order
    view: str = "list"  # list | order | cancel
    result: tuple[bool, str, str] | None = None  # the last thing the desk said
    result_order: str | None = None  # the order it was about: said in that order's row
    confirm_finish: bool = False  # Finish asked "nothing done yet: finish anyway?"
    search: str = ""
    status: str = "All"  # the list's status filter: all but Pending (orders_table.ALL)
    page: int = 1
    purposes: dict[str, str] = field(default_factory=dict)  # template per order (and its default)
    drafts: dict[str, str] = field(default_factory=dict)  # message typed per order and template
    cancel: CancelDraft = field(default_factory=CancelDraft)


@dataclass
class DeskState:
    """The desk page's session state: the attempt, who it is for, and what is in sight."""

    desk: Desk | None = None
    trainee: str = ""  # the name kept for the attempt
    user_id: int | None = None  # the account the attempt is recorded for (None: guest)
    who: tuple[str, int | None] = ("guest", None)  # (name, user id) as fixed at Start
    owner: str | None = None  # the live-attempts key: user:<id>, guest:<token> or reopen:<token>
    started: Any = None
    finished: Any = None  # Finished | FinishedShift once graded
    reopened: dict | None = None  # the recipe this tab runs as a reopened practice desk
    form: StartForm = field(default_factory=StartForm)
    at: Working = field(default_factory=Working)
    version: int | None = None  # the live row's version this tab read or wrote (None: none yet)
    notice: str | None = None  # another tab's write was found: said once, at the top of the page


def state() -> DeskState:
    return page_state(P, DeskState)


def owner(user_id: int | None) -> str:
    """The key the attempt in progress is kept under (a guest's token lives in the URL).

    Only a token this server issued is honoured: this tab's own, or one an attempt in progress
    is kept under (a reload).  A token chosen in a link (``?trainee=a``) would let someone plant
    an attempt on another's desk, so an unknown one is replaced, with a word."""
    if user_id is not None:
        return f"user:{user_id}"
    kind, _, mine = str(state().owner or "").partition(":")
    mine = mine if kind in ("guest", "reopen") else ""
    token = st.query_params.get(TOKEN_PARAM)
    if token and (token == mine or _issued(token)):
        return f"guest:{token}"
    if token:
        st.info(
            "The trainee token in this address is not one this server gave out, so it was ignored: "
            "this tab has its own.",
            icon=":material/link_off:",
        )
    token = mine or secrets.token_hex(TOKEN_BYTES)
    st.query_params[TOKEN_PARAM] = token
    return f"guest:{token}"


def _issued(token: str) -> bool:
    """Is ``token`` one of ours: the shape we issue, with an attempt kept under it?"""
    if len(token) != 2 * TOKEN_BYTES or not all(c in "0123456789abcdef" for c in token):
        return False
    live = _live()
    if live is None:
        return False
    try:
        return live.exists(f"guest:{token}", f"reopen:{token}")
    except StoreError:
        return False


def keep_token() -> None:
    """This tab's guest token back in the address after the sidebar's link dropped it, so a
    reload still finds the attempt kept under it (a guest's or a reopened practice desk)."""
    kind, _, token = str(state().owner or "").partition(":")
    if kind in ("guest", "reopen") and token and TOKEN_PARAM not in st.query_params:
        st.query_params[TOKEN_PARAM] = token


def _live() -> LiveStore | None:
    try:
        return LiveStore()
    except StoreError:
        return None


def restore(key: str) -> Desk | None:
    """The attempt in progress kept for ``key``, rebuilt exactly; None when there is none."""
    state().owner = key
    live = _live()
    if live is None:
        return None
    try:
        row = live.get(key)
    except StoreError:
        return None
    if row is None:
        return None
    s = state()
    s.desk, s.trainee, s.user_id = rebuild(row.recipe, row.journal), row.trainee, row.user_id
    s.desk.started_at = datetime.fromisoformat(row.started_at)  # its own start, not the reload's
    s.started, s.finished, s.version = row.started_at, None, row.version
    s.at = Working(open=row.view.get("open"), view=row.view.get("view", "list"))
    return s.desk


def save() -> None:
    """Write the attempt in progress (recipe + journal + what is open) for its owner: a new
    attempt's row with its own start time, else the next version of the row this tab read."""
    s = state()
    d, key = s.desk, s.owner
    if d is None or key is None or s.finished is not None or s.notice:
        return  # a tab that found another's write writes nothing before it has said so
    live = _live()
    if live is None:
        return
    row = {
        "trainee": trainee(),
        "recipe": d.recipe,
        "journal": d.journal,
        "view": {"open": open_id(), "view": view()},
        "user_id": s.user_id,
    }
    try:
        if s.version is None:
            s.version = live.start(key, started_at=d.started_at.isoformat(timespec="seconds"), **row)
        else:
            s.version = live.put(key, version=s.version, **row)
    except StaleAttempt as e:
        stale(str(e))
    except StoreError as e:
        st.warning(f"{e} Your attempt is kept in this browser tab only.", icon=":material/database:")


def stale(words: str) -> None:
    """Another tab wrote or finished this attempt: show the attempt as the database has it."""
    s = state()
    key = s.owner
    s.desk, s.version, s.finished, s.at = None, None, None, Working()
    if key is not None and restore(key) is not None:
        s.who = (s.trainee, s.user_id)
        s.notice = words
    else:
        record = " Its record is on My training." if s.user_id is not None else ""
        s.notice = (
            f"This attempt was finished in another tab or window, so it is over here too.{record} "
            "Start another when you are ready."
        )


def show_notice() -> None:
    """What happened in another tab, once, at the top of the desk."""
    s = state()
    if s.notice:
        st.warning(s.notice, icon=":material/sync_problem:")
        s.notice = None


def desk() -> Desk | None:
    return state().desk


def start(new: Desk, trainee: str, user_id: int | None = None) -> None:
    s = state()
    s.desk, s.trainee, s.user_id, s.finished = new, trainee.strip(), user_id, None
    s.at, s.version = Working(), None  # a new row: its own version and start time
    save()


def leave() -> None:
    s = state()
    live = _live()
    if s.owner and live is not None:
        with contextlib.suppress(StoreError):  # the database is away: the tab forgets it anyway
            live.drop(s.owner)
    s.desk, s.finished, s.at, s.version = None, None, Working(), None


def open_id() -> str | None:
    return state().at.open


def view() -> str:
    return state().at.view


def set_open(order_id: str | None, to: str = "order") -> None:
    at = state().at
    at.open, at.view = order_id, to if order_id else "list"
    save()


def _said(result: Result | str, ok: bool, order_id: str | None = None) -> None:
    at = state().at
    if isinstance(result, Result):
        at.result = (result.ok, result.message, result.rule)
    else:
        at.result = (ok, result, "")
    at.result_order = order_id


def remember(result: Result | str, ok: bool = True, order_id: str | None = None) -> None:
    """The last thing the desk said (about ``order_id``: said in its row); every action ends
    here, so save."""
    _said(result, ok, order_id)
    save()


def opened(result: Result, order_id: str) -> None:
    """An order opened from the list, in one save (``remember`` then ``set_open`` wrote the live
    attempt twice per click).  Opening is routine: it says nothing unless refused."""
    if result.ok:
        state().at.result, state().at.result_order = None, None
    else:
        _said(result, True, order_id)
    set_open(order_id)  # saves


def last_result() -> tuple[bool, str, str] | None:
    return state().at.result


def trainee() -> str:
    return state().trainee


def user_id() -> int | None:
    return state().user_id


def finished() -> Finished | None:
    return state().finished


def set_finished(f) -> None:
    """The attempt is over: it leaves the live table (the finished attempt is in the store)."""
    key = state().owner
    live = _live()
    if key and live is not None:
        with contextlib.suppress(StoreError):  # already saved; a stale row is replaced at the next Start
            live.drop(key)
    state().finished = f
