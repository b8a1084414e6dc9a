"""Show a RulebookError's problems as one error box, one line per problem (file:line:col, hint);
the lines quote file names and values from uploads, so they are escaped, never rendered."""

from __future__ import annotations

import streamlit as st

from formats.errors import RulebookError
from ui.shared.text import plain
from ui.shared.uploads import problem_lines


def show_problems(title: str, exc: RulebookError) -> None:
    lines = "\n".join(f"- {plain(line)}" for line in problem_lines(exc))
    st.error(f"{title}:\n\n{lines}", icon=":material/error:")
