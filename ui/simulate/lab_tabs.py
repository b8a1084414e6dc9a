"""The lab's other tabs: the rulebook's limits, the scenario's figures, file uploads.

Each tab function draws its widgets and returns what is in force: the last valid
rulebook or scenario stays in force while the widgets hold something invalid.
"""

from __future__ import annotations

import streamlit as st

from formats.errors import RulebookError
from formats.scenario import MAX_DAYS
from rules.sfp import offers_sfp, seller_fulfilled_prime
from ui.shared.state import bound
from ui.shared.text import plain
from ui.shared.upload_widget import upload_box
from ui.shared.uploads import YAML_LIMIT, YAML_TYPES, YAML_WIDGET_MB, size_text, types_text
from ui.simulate.lab_state import P, lab, on_upload, push_scenario, scenario_fields, upload_key
from ui.simulate.results import show_problems
from ui.simulate.scenario_editor import get_value, updated

WINDOW_CHOICES = [7, 30, 60]
UPLOAD_KINDS = ("scenario", "policy", "rulebook")


def _percent(col, label: str, widget: dict) -> None:
    col.number_input(label, min_value=0.0, max_value=100.0, step=0.1, format="%.2f", **widget)


def _rb(name: str) -> dict:
    """A limit's widget, showing and keeping ``LabState.rb[name]``."""
    return bound(f"{P}.rb.{name}", lab().rb[name], lambda v: lab().rb.__setitem__(name, v))


def _sc(name: str) -> dict:
    """A scenario figure's widget, showing and keeping ``LabState.sc[name]``."""
    return bound(f"{P}.sc.{name}", lab().sc[name], lambda v: lab().sc.__setitem__(name, v))


def rulebook_tab(base_rb):
    """Thresholds of the chosen rulebook; returns the rulebook in force."""
    st.caption(f"Thresholds of {plain(base_rb.name)}. Change them to ask e.g. *what if the limit were 2%?*")
    r1, r2, r3 = st.columns(3)
    state = lab()
    _percent(r1, "Cancellation Rate limit (%)", _rb("limit"))
    windows_options = sorted({*WINDOW_CHOICES, *base_rb.metrics.cancellation_rate.windows_days})
    r2.multiselect("Rolling windows (days)", windows_options, **_rb("windows"))
    _percent(r3, "Order Defect Rate limit (%)", _rb("odr"))
    try:
        rb = updated(
            base_rb,
            {
                ("metrics", "cancellation_rate", "limit"): round(state.rb["limit"] / 100, 6),
                ("metrics", "cancellation_rate", "windows_days"): sorted(state.rb["windows"]),
                ("metrics", "order_defect_rate", "limit"): round(state.rb["odr"] / 100, 6),
            },
            "rulebook limits",
        )
        state.rb_last = rb
    except RulebookError as exc:
        show_problems("These limits are not valid; the last valid ones stay in force", exc)
        rb = state.rb_last or base_rb
    return _sfp(rb, state)


def _sfp(rb, state):
    """A Seller Fulfilled Prime shop: the Cancellation Rate is held to the SFP target (202072550)."""
    if not offers_sfp(rb):
        st.caption(f"{plain(rb.name)} gives no Seller Fulfilled Prime target.")
        return rb
    st.toggle("Seller Fulfilled Prime shop", **_rb("sfp"))
    if not state.rb.get("sfp"):
        return rb
    sfp = seller_fulfilled_prime(rb)
    m = sfp.metrics.cancellation_rate
    st.caption(f"Held to {m.label}: {m.target.replace('_', ' ')} {m.limit:.1%}. Source: {m.source}")
    return sfp


def scenario_tab(base_scenario, rb):
    """The scenario's main figures; returns the scenario in force."""
    st.caption(
        f"Main figures of *{plain(base_scenario.name)}*. Incidence is a share of seller-fulfilled orders."
    )
    labels = {si.id: si.label for si in rb.situations}
    s1, s2, s3 = st.columns(3)
    state = lab()
    fields = scenario_fields(rb)
    if any(name not in state.sc for name in fields):  # a rulebook with other situations
        push_scenario(base_scenario, rb)
    s1.number_input("Orders per day (mean)", min_value=1.0, max_value=1_000_000.0, step=10.0, **_sc("volume"))
    s2.number_input("Seller-fulfilled share (%)", min_value=0.0, max_value=100.0, step=5.0, **_sc("sf"))
    # Up to what the scenario format allows: a file with days: 800 keeps its 800 days.
    s3.number_input("Days simulated", min_value=1, max_value=MAX_DAYS, step=7, **_sc("days"))
    st.markdown("###### How often each situation happens (% of seller-fulfilled orders)")
    sit_keys = [n for n in fields if n.startswith("sit.")]
    cols = st.columns(3)
    for i, name in enumerate(sit_keys):
        _percent(cols[i % 3], labels[name[4:]], _sc(name))
    st.markdown("###### Buyers (assumptions: no published figures)")
    b1, b2, b3 = st.columns(3)
    b1.number_input(
        "Buyer files the request when asked (%)",
        min_value=0.0,
        max_value=100.0,
        step=5.0,
        **_sc("request"),
    )
    b2.number_input(
        "Buyers who change their mind (%)", min_value=0.0, max_value=100.0, step=0.1, **_sc("changed")
    )
    b3.number_input(
        "Seller answers within 24 h (%)", min_value=0.0, max_value=100.0, step=5.0, **_sc("reply")
    )
    changes = {}
    for name, (path, scale) in fields.items():
        value = state.sc[name]
        value = int(value) if name == "days" else round(float(value) / scale, 6)
        if value != get_value(base_scenario, path):
            changes[path] = value
    try:
        scenario = updated(base_scenario, changes, "scenario figures") if changes else base_scenario
        state.scenario_last = scenario
    except RulebookError as exc:
        show_problems("These figures are not valid; the last valid ones stay in force", exc)
        scenario = state.scenario_last or base_scenario
    return scenario


def upload_tab() -> None:
    st.caption(
        f"{types_text(YAML_TYPES)} files up to {size_text(YAML_LIMIT)}. A file with problems is refused "
        "with its line numbers; what you had stays in force. Uploads are kept in your session only."
    )
    for col, kind in zip(st.columns(len(UPLOAD_KINDS)), UPLOAD_KINDS, strict=True):
        with col:
            upload_box(
                f"{kind.capitalize()} YAML",
                YAML_TYPES,
                YAML_LIMIT,
                key=upload_key(kind),
                widget_mb=YAML_WIDGET_MB,
                on_change=on_upload,
                args=(kind,),
            )
            msg = lab().up_msg.get(kind)
            if msg and msg[0] == "error":
                st.error("\n".join(f"- {plain(line)}" for line in msg[1]), icon=":material/error:")
            elif msg:
                st.success(plain(msg[1][0]), icon=":material/check_circle:")
