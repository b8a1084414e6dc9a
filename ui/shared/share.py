"""The *Copy link* button and scrolling a page to a place, for demos that flow.

Streamlit has no clipboard call of its own: the link is shown in a code box
(selectable; its copy icon shows on hover) inside a popover named *Copy link*, so it works in
every browser without clipboard permissions.
"""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st


def page_url(params: dict[str, str]) -> str:
    """This page's address with ``params`` as its query (what a colleague opens)."""
    base = (st.context.url or "").split("?", 1)[0]
    return f"{base}?{urlencode(params)}" if params else base


def copy_link(params: dict[str, str], key: str) -> None:
    """A *Copy link* popover holding this page's address with ``params``."""
    url = page_url(params)
    with st.popover("Copy link", icon=":material/link:", key=key):
        # The code box's copy icon shows only on hover (and never on a phone): point to what is always there.
        st.caption(
            "This link reopens these inputs and figures. Your browser's address bar holds the same "
            "link: copy it from there, or select the text below."
        )
        st.code(url, language=None, wrap_lines=True)


def scroll_to(anchor_key: str, nonce: int) -> None:
    """Scroll the page to the element with Streamlit key ``anchor_key`` (``nonce`` makes it run again)."""
    st.html(
        f"""<script>/* {nonce} */
        (function go(tries) {{
          const el = document.querySelector('.st-key-{anchor_key}');
          if (el) el.scrollIntoView({{behavior: 'instant', block: 'start'}});
          else if (tries > 0) setTimeout(() => go(tries - 1), 50);
        }})(40);
        </script>""",
        unsafe_allow_javascript=True,
    )
