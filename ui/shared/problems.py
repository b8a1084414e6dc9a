"""Show a RulebookError's problems as one error box, one line per problem (file:line:col, hint)."""

from __future__ import annotations

import streamlit as st

from formats.errors import RulebookError
from ui.shared.uploads import problem_lines


def show_problems(title: str, exc: RulebookError) -> None:
    st.error(title + ":\n\n" + "\n".join(f"- {line}" for line in problem_lines(exc)), icon=":material/error:")
