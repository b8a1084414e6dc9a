"""The file-upload box, with the limits stated once, in our own words.

Streamlit's drop zone prints its own "Limit 10MB per file • YAML" line in other units than
the app's ("1 MiB"). That line is hidden, and the label carries the app's limit instead, so
a person reads one size and one list of types everywhere.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from ui.shared.uploads import size_text, types_text

# Only our own CSS, never user text: hides the drop zone's built-in limit line.
_HIDE_LIMIT_LINE = "<style>[data-testid='stFileUploaderDropzoneInstructions'] small {display: none;}</style>"


def upload_box(
    what: str,
    types: tuple[str, ...],
    limit: int,
    *,
    key: str,
    widget_mb: int,
    on_change: Callable | None = None,
    args: tuple = (),
):
    """A file uploader labelled "What (.a or .b, up to N MiB)".

    ``widget_mb`` lets somewhat larger files through the widget so that our own check,
    not a bare red icon, explains a refusal.
    """
    st.markdown(_HIDE_LIMIT_LINE, unsafe_allow_html=True)
    return st.file_uploader(
        f"{what} ({types_text(types)}, up to {size_text(limit)})",
        type=list(types),
        key=key,
        on_change=on_change,
        args=args,
        max_upload_size=widget_mb,
    )
