"""Cancel Desk: the Streamlit router.  Pages live in ui/simulate, ui/train and ui/reference."""

import streamlit as st

from ui.auth import session as auth
from ui.simulate import warmup

st.set_page_config(page_title="Cancel Desk", page_icon=":material/inventory_2:", layout="wide")

PAGES = {
    "Simulate": [
        st.Page(
            "ui/simulate/gallery_page.py",
            title="Scenario gallery",
            icon=":material/view_module:",
            url_path="gallery",
            default=True,
        ),
        st.Page("ui/simulate/lab_page.py", title="Policy lab", icon=":material/science:", url_path="lab"),
        st.Page(
            "ui/simulate/replay_page.py",
            title="Order report replay",
            icon=":material/description:",
            url_path="replay",
        ),
    ],
    "Train": [
        st.Page(
            "ui/train/desk_page.py",
            title="Manage Orders (training)",
            icon=":material/school:",
            url_path="desk",
        ),
        st.Page("ui/auth/home_page.py", title="My training", icon=":material/person_book:", url_path="home"),
        st.Page(
            "ui/train/trainer_page.py",
            title="Trainer records",
            icon=":material/assignment:",
            url_path="trainer",
        ),
    ],
    "Account": [
        st.Page(
            "ui/auth/account_page.py", title="Sign in / account", icon=":material/login:", url_path="account"
        ),
    ],
    "Reference": [
        st.Page(
            "ui/reference/rulebook_page.py",
            title="Rulebook",
            icon=":material/menu_book:",
            url_path="rulebook",
        ),
    ],
}

auth.sync_cookie()  # right after a sign-in or out: the browser's HttpOnly session cookie follows
warmup.start()  # once per server: the gallery's default runs, in the background
st.navigation(PAGES).run()
