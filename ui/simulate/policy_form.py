"""The lab's Policy tab: one form per situation, drawn from the policy actions' own description.

Nothing here knows an action id: the fields, their words, their choices and which of
them apply come from ``simulator.policy_actions``; the form only draws each kind of
widget.  Beside the forms, the policy as YAML (kept in sync by the callbacks).
"""

from __future__ import annotations

import streamlit as st

from simulator.policy_actions import ACTIONS, EDITOR_FIELDS, EditorField, enabled_fields, field_choices
from simulator.runs.compliance import compliance_block
from ui.shared.state import bound
from ui.shared.text import plain
from ui.simulate import catalog as lab_catalog
from ui.simulate.compliance_view import compliance_badge
from ui.simulate.lab_state import (
    P,
    lab,
    on_load_policy,
    on_policy_text,
    on_policy_widgets,
    policy_heading,
    policy_widget_values,
    push_policy,
    store_policy_widget,
    widget_key,
)


def policy_tab(rb) -> None:
    state = lab()
    policy = state.policy
    top1, top2 = st.columns([3, 2])
    files = lab_catalog.policies()
    with top2:
        st.selectbox(
            "Start from a policy file",
            list(files),
            index=None,
            placeholder="Pick a file to load it",
            key=f"{P}.policy_file",
            format_func=lab_catalog.policy_title,
            on_change=on_load_policy,
            args=(rb,),
        )
    with top1:
        st.markdown(f"**{plain(policy_heading(policy, rb))}**  \n{plain(policy.description)}")
        # Visible without opening a situation: what the rulebook flags in this policy.
        compliance_badge(compliance_block(rb, policy))
    left, right = st.columns([3, 2])
    with left:
        st.markdown("##### Per situation")
        for si in rb.situations:
            if si.id not in state.pw:  # a rulebook with other situations
                push_policy(policy, rb)
            situation_form(rb, si)
    with right:
        yaml_editor(rb)


def _keep_open(situation: str):
    """An expander's open or closed, kept in the lab's state (its label changes with the action)."""

    def store(opened: bool) -> None:
        (lab().open_situations.add if opened else lab().open_situations.discard)(situation)

    return store


def situation_form(rb, si) -> None:
    """The widgets of one situation: only the ones the chosen action uses (a greyed-out, ticked
    box read as "this happens, and you cannot change it")."""
    values = policy_widget_values(si.id)
    act = ACTIONS.get(values.action)
    label = act.label if act else values.action
    enabled = enabled_fields(values)
    opened = si.id in lab().open_situations
    with st.expander(f"{si.label}: {label.lower()}", **bound(f"{P}.open.{si.id}", opened, _keep_open(si.id))):
        cols = st.columns(2)
        for f in EDITOR_FIELDS:
            if f.attr in enabled:  # an action names the attributes it uses
                _widget(cols[f.column], f, rb, si, values.action)
        proc = act.procedure if act else None
        risk = si.compliance_risks.get(proc) if proc else None
        if risk:
            st.warning(f"Compliance risk: {risk}", icon=":material/warning:")


def _widget(col, f: EditorField, rb, si, action: str) -> None:
    value = getattr(lab().pw[si.id], f.attr)
    value = float(value) if f.widget == "number" else value
    store = store_policy_widget(si.id, f.attr)
    common = bound(widget_key(si.id, f.key), value, store, on_policy_widgets, (rb,))
    if f.widget == "select":
        choices = field_choices(f.key, rb, si, action)
        col.selectbox(f.label, list(choices), format_func=lambda x: choices.get(x, x), **common)
    elif f.widget == "number":
        col.number_input(f.label, min_value=f.minimum, max_value=f.maximum, step=f.step, **common)
    else:
        col.checkbox(f.label, **common)


def _keep_text(text: str) -> None:
    lab().policy_text = text


def yaml_editor(rb) -> None:
    st.markdown("##### As YAML")
    state = lab()
    st.text_area(
        "Policy YAML",
        height=420,
        help="Checked when you leave the box or press Ctrl+Enter.",
        **bound(f"{P}.policy_text", state.policy_text, _keep_text, on_policy_text, (rb,)),
    )
    problems = state.policy_problems
    if problems:
        st.error(
            "Not applied; the last valid policy stays in force:\n\n" + "\n".join(f"- {p}" for p in problems),
            icon=":material/error:",
        )
    else:
        st.success("Valid: this policy is in force.", icon=":material/check_circle:")
