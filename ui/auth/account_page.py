"""Sign in (or join a cohort as a new trainee), change the password, sign out."""

import streamlit as st

from classroom.accounts import AccountError
from classroom.cohorts import Classroom, CohortError
from classroom.store.errors import StoreError
from ui.auth import session as auth
from ui.shared.text import plain


def join_form(user=None) -> None:
    """A join code from the trainer; without an account, also a name and password for a new one."""
    with st.form(f"{auth.AUTH}_join", border=True):
        st.markdown("##### Join a cohort" if user else "##### New trainee: join with a code")
        auth.show_confirmation("join")
        code = st.text_input("Join code (from your trainer)", key=f"{auth.AUTH}_join_code", max_chars=20)
        if user is None:
            name = st.text_input("Your name", key=f"{auth.AUTH}_join_name", max_chars=40)
            pw = st.text_input(
                "Password (at least 10 characters)", type="password", key=f"{auth.AUTH}_join_pw"
            )
            again = st.text_input("Password again", type="password", key=f"{auth.AUTH}_join_again")
        if not st.form_submit_button("Join", type="primary", icon=":material/group_add:"):
            return
        try:
            room = Classroom()
            if user is not None:
                cohort = room.join(code, user, address=auth.client_address())
                st.session_state.pop(f"{auth.AUTH}_join_code", None)  # the box is empty again
                auth.confirm("join", "Joined the cohort:", cohort.name)
                st.rerun()
            if pw != again:
                st.error("The two passwords differ.")
                return
            _new, token = room.register(code, name, pw, address=auth.client_address())
        except (CohortError, AccountError) as e:
            st.error(plain(e))  # it may quote the name typed: shown as the characters it is
            return
        except StoreError as e:
            auth.store_error(e)
            return
        auth.keep_session(token)
        auth.confirm("join", "Your account is made and you joined the cohort.")
        st.rerun()


def main() -> None:
    st.title("Account")
    try:
        user = auth.current_user()
    except StoreError as e:
        auth.store_error(e)
        return
    if user is None:
        st.caption(
            "Sign in to record desk attempts and see your assignments. Simulate and Rulebook need no account."
        )
        left, right = st.columns(2, gap="large")
        with left:
            auth.provider_sign_in()
            auth.sign_in_form()
        with right:
            join_form()
        return
    auth.signed_in_as(user)
    if user.must_change:
        auth.change_password_form(user)
        return
    if st.button("Sign out", icon=":material/logout:", key=f"{auth.AUTH}_signout"):
        auth.sign_out()
        st.rerun()
    left, right = st.columns(2, gap="large")
    with left:
        auth.change_password_form(user)
    with right:
        join_form(user)


main()
