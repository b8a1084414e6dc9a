"""One attempt drawn for people: its label, steps, deductions and history (trainer and trainee)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from classroom.store import Attempt
from classroom.store.attempts import Note
from formats.errors import RulebookError
from training.exercises import cached_desk_scenario
from training.session import instance_words
from training.wording import rule_name, step_rows
from ui.train import reopen_view

NOTE_WORDS = {"note": "Note", "deleted": "Deleted", "restored": "Restored"}


def wording() -> tuple:
    """The rulebook and exercises that give the stored ids their words (None, [] if they do not load)."""
    try:
        _scenario, rb, exercises = cached_desk_scenario()
    except RulebookError:  # without them the ids are spelled out plainly
        return None, []
    return rb, exercises


def attempt_label(a: Attempt) -> str:
    """``#12 · Ann · Refund a shipped order · 2025-11-01 09:12 · 80%`` (a selectbox shows it as text)."""
    gone = " · deleted" if a.deleted_at else ""
    when = a.ended_at.replace("T", " ")[:16]
    return f"#{a.id} · {a.trainee} · {a.exercise_title} · {when} · {a.score:.0%}{gone}"


def attempt_detail(a: Attempt, notes: list[Note], rb, exercises: list, key: str = "attempt") -> None:
    c1, c2, c3 = st.columns(3)
    c1.metric("Score", f"{a.score:.0%}")
    c2.metric("Result", "Passed" if a.passed else "Not passed")
    c3.metric("Steps", len(a.steps))
    if a.instance:  # the instance the trainee worked, reopened from its seed and journal
        st.text(instance_words(a.instance))
        reopen_view.link(a.instance)  # ... and as an interactive desk, for practice
    st.markdown("##### Steps")
    rows = step_rows(rb, a.steps, exercises)
    for row, step in zip(rows, a.steps, strict=True):
        row["Hour"] = f"{row['Hour']:g} h"
        row["Allowed"] = "Yes" if row["Allowed"] else "Refused"
        row["Rule id"] = step.get("rule", "")
    # a dataframe: a memo the trainee typed is shown as text, never as markdown
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key=f"{key}_steps")
    st.markdown("##### Deductions")
    if not a.deductions:
        st.text("None: every step followed the rulebook.")
    else:
        ded = [
            {
                "What": d.get("what", ""),
                "Points": -float(d.get("points") or 0),
                "Why": d.get("why", ""),
                "Rule": d.get("rule_label") or rule_name(rb, d.get("rule", ""), exercises),
                "Trap": d.get("trap") or "",
            }
            for d in a.deductions
        ]
        st.dataframe(pd.DataFrame(ded), hide_index=True, width="stretch", key=f"{key}_deductions")
    if notes:
        st.markdown("##### Trainer's notes and history")
        hist = [
            {"When": n.created_at.replace("T", " "), "Who": n.author, "What": NOTE_WORDS.get(n.kind, n.kind),
             "Text": n.text}
            for n in notes
        ]  # fmt: skip
        st.dataframe(pd.DataFrame(hist), hide_index=True, width="stretch", key=f"{key}_notes")
