"""On a phone the sidebar covers the page; close it once a page has been picked there.

Streamlit (1.67) leaves the sidebar open over the page after a link in it is tapped.  A
tiny script, drawn in the sidebar with the page's path in it, runs once per page change
(the same page rerunning draws the same element, so the script does not run again and a
sidebar opened on purpose stays open).  Below 768 px is Streamlit's own phone layout,
where the sidebar overlays the page.
"""

from __future__ import annotations

import json

import streamlit as st

PHONE_WIDTH = 768  # px: below it, Streamlit's sidebar covers the page instead of sitting beside it

_SCRIPT = """<script>
/* page: {page} */
if (window.innerWidth < {width}) {{
  const button = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
  const sidebar = document.querySelector('[data-testid="stSidebar"]');
  if (button && sidebar && sidebar.dataset.collapsed === 'false') button.click();
}}
</script>"""


def close_after_navigation(page_path: str) -> None:
    """Draw the script for ``page_path`` (the page about to run)."""
    st.sidebar.html(
        _SCRIPT.format(page=json.dumps(page_path)[1:-1].replace("*/", ""), width=PHONE_WIDTH),
        unsafe_allow_javascript=True,
    )
