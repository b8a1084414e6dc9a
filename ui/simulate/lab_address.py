"""The lab's state in its address and back (see ``lab_link`` for the format).

:func:`take_link` runs once per session, before the widgets are drawn: a link
opened in a fresh browser puts back the scenario, rulebook, policy, seed, runs and
every edit.  :func:`write_link` runs on every rerun, so the address bar is always
a link to what is on screen.
"""

from __future__ import annotations

import streamlit as st

from ui.shared.state import _int, read_link
from ui.simulate import catalog as lab_catalog
from ui.simulate.lab_link import decode_edits, encode_edits, policy_of_edits
from ui.simulate.scenario_editor import get_value

MAX_RUNS = 2000


def _rb_values(rb) -> dict:
    m = rb.metrics
    return {
        "limit": round(m.cancellation_rate.limit * 100, 4),
        "windows": list(m.cancellation_rate.windows_days),
        "odr": round(m.order_defect_rate.limit * 100, 4),
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
    rb_now = {k: state.rb.get(k) for k in ("limit", "windows", "odr")}
    if rb_now != _rb_values(base_rb):
        edits["rb"] = rb_now
    if edits:
        out["edits"] = encode_edits(edits)
    return out


def write_link(state, base_scenario, base_rb, fields: dict) -> dict[str, str]:
    params = link_params(state, base_scenario, base_rb, fields)
    if dict(st.query_params) != params:
        st.query_params.from_dict(params)
    return params


def take_link(state) -> None:
    """Put a link's state into the lab's ``state`` (called once, from ``lab_state.init``)."""
    # deferred: lab_state imports this module at its top, and these callbacks live there
    from ui.simulate.lab_state import (  # deferred: see the line above
        base_rulebook,
        choose_scenario,
        push_policy,
        rulebook_choices,
        scenario_choices,
    )

    params = st.query_params
    link = read_link(params)
    if link.scenario in scenario_choices():
        choose_scenario(link.scenario)
    rb_name = params.get("rulebook")
    if rb_name in rulebook_choices():
        state.rb_choice = rb_name
    rb = base_rulebook(state.rb_choice)
    edits = decode_edits(params.get("edits"))
    for k, v in (edits.get("rb") or {}).items():
        if k in ("limit", "odr") and isinstance(v, int | float):
            state.rb[k] = float(v)
        elif k == "windows" and isinstance(v, list) and all(isinstance(x, int) for x in v):
            state.rb["windows"] = v
    for k, v in (edits.get("sc") or {}).items():
        if k in state.sc and isinstance(v, int | float):
            state.sc[k] = int(v) if k == "days" else float(v)
    files = lab_catalog.policies()
    edited = policy_of_edits(edits, rb)
    if link.policy in files:
        push_policy(files[link.policy], rb, (link.policy, files[link.policy]))
    if edited is not None:
        stem = edits.get("base")
        base = (stem, files[stem]) if stem in files else (None, edited)
        push_policy(edited, rb, base)
    if "seed" in params:
        state.seed = link.seed
    if "runs" in params:
        state.runs = _int(params.get("runs"), state.runs, 1, MAX_RUNS)
