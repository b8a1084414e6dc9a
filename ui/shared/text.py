"""Text that came from a user (a page address, an uploaded file's name or contents, a typed
message), made safe to put inside markdown: shown as the characters it is, never as a link,
an image, HTML, an icon or a colour (issue 23)."""

from __future__ import annotations

import re

# CommonMark lets any ASCII punctuation be backslash-escaped; these are the ones that start
# markup here (links, images, emphasis, code, headings, tables, Streamlit's :icon: and $math$).
_MARKUP = re.compile(r"([\\`*_\[\]()!#~$:|{}])")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def plain(text: object) -> str:
    """``text`` escaped for st.markdown, st.caption and the alert boxes: it renders as itself."""
    escaped = _MARKUP.sub(r"\\\1", str(text))
    return re.sub(r"[&<>]", lambda m: _ENTITIES[m.group()], escaped)
