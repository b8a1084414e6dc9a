"""Cancel Desk: the Streamlit router.  Pages live in ui/simulate, ui/train, ui/sandbox and ui/reference."""

import streamlit as st

from ui.auth import session as auth
from ui.shared import upload_guard
from ui.shared.phone_sidebar import close_after_navigation
from ui.simulate import warmup

st.set_page_config(page_title="Cancel Desk", page_icon=":material/inventory_2:", layout="wide")

GALLERY = st.Page(
    "ui/simulate/gallery_page.py", title="Scenario gallery", icon=":material/view_module:", default=True
)


def gallery_address() -> None:
    """/gallery, typed or bookmarked: the default page lives at /, so send it there, link intact."""
    st.switch_page(GALLERY, query_params=st.query_params.to_dict())


PAGES = {
    "Simulate": [
        GALLERY,
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
    "Integrate": [
        st.Page(
            "ui/sandbox/sandbox_page.py",
            title="SP-API sandbox",
            icon=":material/api:",
            url_path="sandbox",
        ),
    ],
    "Reference": [
        st.Page(gallery_address, title="Scenario gallery", url_path="gallery", visibility="hidden"),
        st.Page(
            "ui/reference/rulebook_page.py",
            title="Rulebook",
            icon=":material/menu_book:",
            url_path="rulebook",
        ),
    ],
}

upload_guard.install()  # once per server: uploads bounded per session and in total
auth.sync_cookie()  # right after a sign-in or out: the browser's HttpOnly session cookie follows
warmup.start()  # once per server: the gallery's default runs, in the background
page = st.navigation(PAGES)
close_after_navigation(page.url_path)  # a phone's sidebar covers the page picked
page.run()
