"""Policy lab: edit a policy (widgets or YAML, kept in sync), the scenario's main
figures and the rulebook's thresholds, then run, compare and sweep.

A thin composition: state and callbacks in ``lab_state``, the policy forms in
``policy_form``, the other tabs in ``lab_tabs``, results in ``results``.
While the policy YAML is invalid, the last valid policy stays in force.
"""

import streamlit as st

from ui.shared.share import copy_link
from ui.shared.state import bound
from ui.shared.text import plain
from ui.simulate import catalog as lab_catalog
from ui.simulate.compliance_view import compliance_badge
from ui.simulate.lab_address import write_link
from ui.simulate.lab_search import search_tab
from ui.simulate.lab_state import (
    LabState,
    P,
    base_rulebook,
    init,
    lab,
    on_rulebook_choice,
    on_scenario_choice,
    policy_heading,
    rulebook_choices,
    scenario_choices,
    scenario_fields,
    take_imports,
)
from ui.simulate.lab_tabs import rulebook_tab, scenario_tab, upload_tab
from ui.simulate.policy_form import policy_tab
from ui.simulate.results import RunInputs, run_main, show_results
from ui.simulate.run_inputs import held_for_run

RUN_CHOICES = [1, 100, 200, 500, 1000]
# short words and no icons: the five fit a phone's width (390 px), where the last ones hid
# behind the tab bar's arrow
TABS = ["Policy", "Figures", "Limits", "Uploads", "Find a policy"]


def header() -> None:
    st.title("Policy lab")
    st.caption(
        "Try a cancellation policy on a simulated shop: change what the seller does in each situation, "
        "the shop's figures or the rulebook's limits, and see the Cancellation Rate move."
    )


def choosers(state: LabState) -> None:
    c1, c2, c3, c4 = st.columns([3, 2, 1, 1])
    scenarios, rulebooks = scenario_choices(), rulebook_choices()

    def keep(attr: str):
        return lambda value: setattr(state, attr, value)

    c1.selectbox(
        "Scenario",
        list(scenarios),
        format_func=lambda k: lab_catalog.scenario_title(k, scenarios.get(k)),
        **bound(f"{P}.scenario_choice", state.scenario_choice, keep("scenario_choice"), on_scenario_choice),
    )
    c2.selectbox(
        "Rulebook",
        list(rulebooks),
        format_func=lambda k: lab_catalog.rulebook_title(k, rulebooks.get(k)),
        **bound(f"{P}.rb_choice", state.rb_choice, keep("rb_choice"), on_rulebook_choice),
    )
    c3.number_input("Seed", min_value=0, step=1, **bound(f"{P}.seed", int(state.seed), keep("seed")))
    c4.selectbox(
        "Monte Carlo runs",
        sorted({*RUN_CHOICES, int(state.runs)}),
        **bound(f"{P}.runs", int(state.runs), keep("runs")),
    )


def editors(state: LabState):
    """The five tabs; returns the scenario and rulebook in force."""
    base_scenario = scenario_choices()[state.scenario_choice]
    base_rb = base_rulebook(state.rb_choice)
    tab_policy, tab_scenario, tab_rules, tab_upload, tab_search = st.tabs(TABS)
    with tab_rules:
        rb = rulebook_tab(base_rb)
    with tab_policy:
        policy_tab(rb)
    with tab_scenario:
        scenario = scenario_tab(base_scenario, rb)
    with tab_upload:
        upload_tab()
    with tab_search:
        search_tab(scenario, rb)
    params = write_link(state, base_scenario, base_rb, scenario_fields(rb))
    return scenario, rb, params


def release_link() -> None:
    """The Run button under a large link's settings."""
    lab().link_hold = False


def results(state: LabState, scenario, rb, params) -> None:
    st.divider()
    head = st.columns([3, 1], vertical_alignment="center")
    head[0].header("Results")
    with head[1]:
        copy_link(params, key=f"{P}-copy-link")
    policy = state.policy
    scenario_id = state.scenario_choice.removeprefix("uploaded: ").removesuffix(".yaml")
    inputs = RunInputs(scenario, policy, rb, int(state.seed), int(state.runs), P, scenario_id)
    if state.link_hold and held_for_run(inputs, release_link):
        return
    state.link_hold = False  # from now on, what is on screen is the visitor's own doing
    result = run_main(inputs)
    if result is not None:
        st.markdown(f"**{plain(policy_heading(policy, rb))}**")
        compliance_badge(result.compliance)
        choices = {"this policy": policy, **lab_catalog.policies()}
        show_results(inputs, result, state.results, choices, "this policy")


def page() -> None:
    init()
    take_imports()
    state = lab()
    header()
    choosers(state)
    results(state, *editors(state))


page()
