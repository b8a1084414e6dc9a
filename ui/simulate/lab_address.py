"""The lab's state in its address and back (see ``lab_link`` for the format).

:func:`write_link` runs on every rerun, so the address bar is always a link to what
is on screen; ``lab_state.take_link`` reads such a link back once per session.
"""

from __future__ import annotations

import streamlit as st

from ui.simulate.lab_link import encode_edits
from ui.simulate.scenario_editor import get_value

MAX_RUNS = 2000


def rulebook_values(rb) -> dict:
    """The rulebook tab's values for a rulebook as it stands (limits in %, an ordinary shop)."""
    m = rb.metrics
    return {
        "limit": round(m.cancellation_rate.limit * 100, 4),
        "windows": list(m.cancellation_rate.windows_days),
        "odr": round(m.order_defect_rate.limit * 100, 4),
        "sfp": False,
    }


def link_params(state, base_scenario, base_rb, fields: dict) -> dict[str, str]:
    """Query parameters for what is on screen (uploads cannot travel: they are left out)."""
    out: dict[str, str] = {"seed": str(int(state.seed)), "runs": str(int(state.runs))}
    choice, rb_choice = state.scenario_choice, state.rb_choice
    if not choice.startswith("uploaded"):
        out["scenario"] = choice
    if not rb_choice.startswith("uploaded"):
        out["rulebook"] = rb_choice
    edits: dict = {}
    stem, base_policy = state.policy_base
    policy = state.policy
    if stem and base_policy is not None and policy.model_dump() == base_policy.model_dump():
        out["policy"] = stem
    else:
        edits["policy"] = policy.model_dump(mode="json", exclude_none=True)
        if stem:
            edits["base"] = stem  # the file it was edited from: the header names the edits against it
    sc = {}
    for name, (path, scale) in fields.items():
        value = state.sc.get(name)
        if value is None:
            continue
        own = get_value(base_scenario, path)
        own = int(own) if name == "days" else round(float(own) * scale, 8)
        if value != own:
            sc[name] = value
    if sc:
        edits["sc"] = sc
    rb_now = {k: state.rb.get(k) for k in ("limit", "windows", "odr", "sfp")}
    if rb_now != rulebook_values(base_rb):
        edits["rb"] = rb_now
    if edits:
        out["edits"] = encode_edits(edits)
    return out


def write_link(state, base_scenario, base_rb, fields: dict) -> dict[str, str]:
    params = link_params(state, base_scenario, base_rb, fields)
    if dict(st.query_params) != params:
        st.query_params.from_dict(params)
    return params
