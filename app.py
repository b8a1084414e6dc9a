"""Cancel Desk: the Streamlit router.  Every page lives in ui/pages/."""

import streamlit as st

st.set_page_config(page_title="Cancel Desk", page_icon=":material/inventory_2:", layout="wide")

PAGES = {
    "Simulate": [
        st.Page(
            "ui/pages/gallery.py",
            title="Scenario gallery",
            icon=":material/view_module:",
            url_path="gallery",
            default=True,
        ),
        st.Page("ui/pages/policy_lab.py", title="Policy lab", icon=":material/science:", url_path="lab"),
        st.Page(
            "ui/pages/replay.py",
            title="Order report replay",
            icon=":material/description:",
            url_path="replay",
        ),
    ],
    "Train": [
        st.Page(
            "ui/pages/desk.py", title="Manage Orders (training)", icon=":material/school:", url_path="desk"
        ),
        st.Page(
            "ui/pages/trainer.py", title="Trainer records", icon=":material/assignment:", url_path="trainer"
        ),
    ],
    "Reference": [
        st.Page("ui/pages/rulebook.py", title="Rulebook", icon=":material/menu_book:", url_path="rulebook"),
    ],
}

st.navigation(PAGES).run()
