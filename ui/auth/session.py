"""Who is signed in, for every page: the session token in the session's state (one
:class:`AuthState` under ``auth``), never in a widget's key nor in the address bar.

A reload keeps the sign-in through an HttpOnly session cookie, which a script cannot set:
right after a sign-in, :func:`sync_cookie` (run by ``app.py`` on every run) puts a one-time
code in the page, and a tiny script posts it to ``POST /auth/session``, which answers with
the cookie (``ui/auth/cookie_routes.py``, mounted by ``serve.py``).  A later websocket (a
reload, a new tab) arrives with the cookie, read here through ``st.context.cookies``.
Signing out deletes the session rows of the tab and of its cookie, clears every page's state,
and has the browser post ``/auth/signout`` to drop the cookie.  Served by ``streamlit run
app.py`` (no routes) a reload asks to sign in again, as before.

Text a person typed (names, cohort names, notes) is drawn with ``st.text`` or in a
dataframe, never through markdown, so ``**b**`` or ``<img>`` stays text.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from classroom.accounts import MIN_PASSWORD, AccountError, Accounts, SignInError, User
from classroom.store.errors import StoreError
from ui.auth.cookie_routes import COOKIE, SESSION_PATH, SIGNOUT_PATH
from ui.shared.state import page_state

AUTH = "auth"  # the state's key, and the prefix of the sign-in widgets' keys
ACCOUNT_PAGE = "ui/auth/account_page.py"
TRUST_PROXY = "CANCEL_DESK_TRUST_PROXY"  # set behind our own proxy, which sets X-Real-IP


@dataclass
class AuthState:
    """The session token (the page reads the user from the database each run); left out of the
    object's repr, so a page or a log that prints the session state does not show it."""

    token: str | None = field(default=None, repr=False)
    cookie_due: bool = False  # signed in this run: the browser is to get its session cookie
    cookie_gone: bool = False  # signed out: the browser is to drop its cookie
    said: tuple[str, str, str] | None = None  # (where, what changed, a typed name) for the next run


def auth_state() -> AuthState:
    return page_state(AUTH, AuthState)


def keep_session(token: str) -> None:
    """This browser session is signed in with ``token`` from now on, and so is the browser
    after a reload (its cookie is set in the next run, :func:`sync_cookie`)."""
    state = auth_state()
    state.token, state.cookie_due = token, True


def confirm(where: str, words: str, detail: str = "") -> None:
    """Say once, at ``where`` in the next run, that something changed (then ``st.rerun()``)."""
    auth_state().said = (where, words, detail)


def show_confirmation(where: str) -> None:
    """The confirmation left for ``where``, once: the app's one style (a green line with a tick);
    a name someone typed follows as text, never markdown."""
    said = auth_state().said
    if said is None or said[0] != where:
        return
    auth_state().said = None
    st.success(said[1], icon=":material/check_circle:")
    if said[2]:
        st.text(said[2])


def _cookie_token() -> str | None:
    """The session token of the cookie this tab's websocket opened with (None: none)."""
    value = st.context.cookies.get(COOKIE)
    return value if isinstance(value, str) and value else None  # AppTest: a mock, not a cookie


def _post(path: str, body: str) -> None:
    """A script in the page that posts ``body`` to ``path`` on this site (the cookie routes)."""
    js = (
        f"fetch({json.dumps(path)}, {{method: 'POST', credentials: 'same-origin', body: {json.dumps(body)}}})"
    )
    st.html(f"<script>{js}</script>", unsafe_allow_javascript=True, width=1)


def sync_cookie() -> None:
    """After a sign-in, trade a one-time code for the HttpOnly cookie; after a sign-out, drop it.
    ``app.py`` calls this first on every run; it draws nothing on most runs."""
    state = auth_state()
    if state.cookie_due and state.token:
        state.cookie_due = False
        try:
            code = accounts().cookie_code(state.token)
        except StoreError:  # the tab stays signed in; a reload will ask again
            code = None
        if code:
            _post(SESSION_PATH, code)
    if state.cookie_gone:
        state.cookie_gone = False
        _post(SIGNOUT_PATH, "")


def accounts() -> Accounts:
    return Accounts()


def client_address() -> str:
    """The browser's address for rate limits: the proxy's X-Real-IP when we trust it."""
    if os.environ.get(TRUST_PROXY):
        headers = st.context.headers
        real = headers.get("X-Real-IP") or (headers.get("X-Forwarded-For") or "").split(",")[0].strip()
        if isinstance(real, str) and real:
            return real
    ip = st.context.ip_address
    return ip if isinstance(ip, str) and ip else "local"  # None on localhost


def provider_configured() -> bool:
    """An ``[auth]`` section in .streamlit/secrets.toml: people sign in through ``st.login``."""
    try:
        return "auth" in st.secrets
    except StreamlitSecretNotFoundError:  # no secrets file: local accounts only
        return False


def _provider_token() -> str | None:
    """A session for the person the identity provider signed in, if any (docs/deploy.md)."""
    if not (provider_configured() and st.user.is_logged_in):
        return None
    try:
        _user, token = accounts().external_session(str(st.user.get("email") or ""))
    except AccountError as e:
        st.error(str(e))
        return None
    keep_session(token)
    return token


def current_user() -> User | None:
    """The signed-in user, ``None`` for a guest or once the session expired.  Raises StoreError."""
    state = auth_state()
    token = state.token or _cookie_token() or _provider_token()
    if not token:
        return None
    user = accounts().user_for(token)
    state.token = None if user is None else token  # a reload: the cookie's session is the tab's
    return user


def sign_out() -> None:
    """End the tab's and the cookie's sessions and forget every page's state, so the next
    person at this tab finds nothing of the last one's (an attempt, a draft, a pick)."""
    accounts().sign_out(auth_state().token, _cookie_token())
    for key in list(st.session_state):
        del st.session_state[key]
    auth_state().cookie_gone = True
    if provider_configured() and st.user.is_logged_in:
        st.logout()  # the provider's cookie too, or the next run would sign them in again


def store_error(err: StoreError) -> None:
    st.error(str(err), icon=":material/database:")


def provider_sign_in() -> None:
    """With an identity provider configured, its button comes before the local form."""
    if provider_configured():
        st.button(
            "Sign in with your organisation",
            type="primary",
            icon=":material/badge:",
            key=f"{AUTH}_provider",
            on_click=st.login,
        )
        st.caption("Or with a Cancel Desk account:")


def sign_in_form(key: str = "signin") -> None:
    """Name and password; the message on failure never says which one was wrong."""
    with st.form(f"{AUTH}_{key}", border=True):
        st.markdown("##### Sign in")
        name = st.text_input("Name", key=f"{AUTH}_{key}_name", max_chars=40)
        password = st.text_input("Password", type="password", key=f"{AUTH}_{key}_pw")
        if st.form_submit_button("Sign in", type="primary", icon=":material/login:"):
            try:
                _user, token = accounts().sign_in(name, password, client_address())
            except SignInError as e:
                st.error(str(e))
                return
            except StoreError as e:
                store_error(e)
                return
            keep_session(token)
            st.rerun()


def change_password_form(user: User, key: str = "pw") -> None:
    with st.form(f"{AUTH}_{key}", border=True):
        st.markdown(
            "##### Change your password" if not user.must_change else "##### Choose your own password"
        )
        show_confirmation(key)
        if user.must_change:
            st.info("You signed in with a one-time password. Choose your own before going on.")
        old = st.text_input("Current password", type="password", key=f"{AUTH}_{key}_old")
        new = st.text_input(
            f"New password (at least {MIN_PASSWORD} characters; a phrase of a few words is best)",
            type="password",
            key=f"{AUTH}_{key}_new",
        )
        again = st.text_input("New password again", type="password", key=f"{AUTH}_{key}_again")
        if st.form_submit_button("Change password", type="primary"):
            if new != again:
                st.error("The two new passwords differ.")
                return
            try:
                # throttled per account and address; every other session of the account ends
                keep = auth_state().token
                accounts().change_password(user.id, old, new, address=client_address(), keep=keep)
            except AccountError as e:
                st.error(str(e))
                return
            except StoreError as e:
                store_error(e)
                return
            if _cookie_token() != keep:  # the cookie's session ended with the others: a new one
                auth_state().cookie_due = True
            for field_key in ("old", "new", "again"):
                st.session_state.pop(f"{AUTH}_{key}_{field_key}", None)
            confirm("gate" if key == "gate_pw" else key, "Password changed.")
            st.rerun()


def require(*, trainer: bool = False, what: str = "this page") -> User | None:
    """The user if allowed here; otherwise draws why (and a sign-in form) and returns ``None``."""
    try:
        user = current_user()
    except StoreError as e:
        store_error(e)
        return None
    if user is None:
        st.info(f"Sign in to see {what}.", icon=":material/lock:")
        sign_in_form(key="gate")
        return None
    if user.must_change:
        change_password_form(user, key="gate_pw")
        return None
    show_confirmation("gate")
    if trainer and not user.is_trainer:
        st.error("This page is for trainers. Your own attempts are on My training.", icon=":material/lock:")
        return None
    return user


def signed_in_as(user: User) -> None:
    """One line naming the user, drawn as text."""
    st.text(f"Signed in as {user.name} ({user.role})")
