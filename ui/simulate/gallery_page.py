"""Scenario gallery, the landing page: one card per scenario, one click to run it.

The address bar carries scenario, policy, seed and runs, so a link reopens
the same run with the same numbers.
"""

import streamlit as st
from pydantic import BaseModel

from formats.errors import RulebookError
from ui.shared.share import copy_link, scroll_to
from ui.shared.state import GALLERY as P
from ui.shared.state import LAB_IMPORT, LAB_PAGE, Link, read_link
from ui.simulate import catalog as lab_catalog
from ui.simulate.compliance_view import compliance_badge
from ui.simulate.gallery_cards import (
    PEAK_HELP,
    Catalog,
    card_body,
    chosen_policy,
    ordered_catalog,
    overview_spec,
)
from ui.simulate.results import RunInputs, run_main, show_problems, show_results

RUN_CHOICES = [1, 100, 200, 500, 1000]


def open_run(stem: str, scenario: BaseModel) -> None:
    """Button callback: put the run in the URL (keeps the current seed and runs)."""
    current = read_link(st.query_params)
    new = Link(stem, lab_catalog.policy_stem(scenario), current.seed, current.runs)
    st.query_params.from_dict(new.to_params())
    for key in (f"{P}.policy", f"{P}.seed", f"{P}.runs"):
        st.session_state.pop(key, None)
    st.session_state[f"{P}.scroll"] = st.session_state.get(f"{P}.scroll", 0) + 1  # to the results


def controls_changed() -> None:
    ss = st.session_state
    current = read_link(st.query_params)
    new = Link(current.scenario, ss[f"{P}.policy"], int(ss[f"{P}.seed"]), int(ss[f"{P}.runs"]))
    st.query_params.from_dict(new.to_params())


def card(stem: str, scenario: BaseModel | RulebookError, link: Link) -> None:
    with st.container(border=True, key=f"{P}-card-{stem}"):
        if isinstance(scenario, RulebookError):
            st.markdown(f"**{stem}**")
            show_problems("This scenario file does not load", scenario)
            return
        st.markdown(f"#### {scenario.name}")
        st.caption(scenario.description or "(no description)")
        try:
            body = card_body(scenario)
        except RulebookError as exc:
            show_problems("This scenario cannot run", exc)
            return
        st.markdown(body, help=PEAK_HELP)
        st.caption(
            f"Figures from **one sample run (seed 0)**; **Run** shows the mean of {link.runs} runs"
            if link.runs > 1
            else "Figures from **one sample run (seed 0)**."
        )
        active = link.scenario == stem
        st.button(
            "Showing above" if active else "Run",
            key=f"{P}-run-{stem}",
            type="secondary" if active else "primary",
            icon=":material/play_arrow:",
            on_click=open_run,
            args=(stem, scenario),
            width="stretch",
        )


def gallery(catalog: Catalog, link: Link) -> None:
    """Cards in rows of three: on a phone the columns stack row by row, so the order holds."""
    items = list(catalog.items())
    for start in range(0, len(items), 3):
        cols = st.columns(3)
        for col, (stem, scenario) in zip(cols, items[start : start + 3], strict=False):
            with col:
                card(stem, scenario, link)


def overview(catalog: Catalog) -> None:
    """Every scenario's sample run on one chart, below the cards.

    It also has a fresh browser load its chart code while the visitor reads the cards,
    rather than after the first Run: about a second of the browser's CPU (benchmarks/loadtest).
    """
    with st.container(key=f"{P}-overview"):
        st.markdown(
            "**Every scenario at a glance**: its sample run's peak rolling Cancellation Rate "
            "against its limit (the tick)"
        )
        st.vega_lite_chart(spec=overview_spec(catalog), width="stretch")


def switcher(catalog: Catalog, link: Link) -> None:
    """Below a result: one button per other scenario, in a row that wraps.

    The full cards are on the landing page; here they would be most of the page's
    elements, redrawn on every rerun by the server and by each visitor's browser
    (benchmarks/loadtest).  The buttons keep the cards' keys and do the same.
    """
    with st.container(horizontal=True, key=f"{P}-switcher"):
        for stem, scenario in catalog.items():
            if isinstance(scenario, RulebookError):
                continue
            active = link.scenario == stem
            st.button(
                scenario.name,
                key=f"{P}-run-{stem}",
                type="secondary",
                icon=":material/check:" if active else ":material/play_arrow:",
                disabled=active,
                on_click=open_run,
                args=(stem, scenario),
            )
        st.button(
            "All cards",
            key=f"{P}-all-cards",
            type="tertiary",
            icon=":material/view_module:",
            on_click=show_cards,
        )


def show_cards() -> None:
    """Button callback: back to the cards (the link keeps its seed and runs)."""
    current = read_link(st.query_params)
    st.query_params.from_dict(Link(None, None, current.seed, current.runs).to_params())


def sync_controls(policy_name: str, link: Link) -> None:
    """A shared link decides the controls; after that the controls write the link."""
    ss = st.session_state
    ss.setdefault(f"{P}.policy", policy_name)
    ss.setdefault(f"{P}.seed", link.seed)
    ss.setdefault(f"{P}.runs", link.runs)
    if (ss[f"{P}.policy"], ss[f"{P}.seed"], ss[f"{P}.runs"]) != (policy_name, link.seed, link.runs):
        ss[f"{P}.policy"], ss[f"{P}.seed"], ss[f"{P}.runs"] = policy_name, link.seed, link.runs


def controls(stem: str, names: list[str], link: Link) -> None:
    """Policy, seed and runs (each writes the link), and the way to the policy lab."""
    c1, c2, c3, c4 = st.columns([2, 1, 1, 2], vertical_alignment="bottom")
    c1.selectbox(
        "Policy",
        names,
        key=f"{P}.policy",
        format_func=lab_catalog.policy_title,
        on_change=controls_changed,
        help="Files in scenarios/policies/",
    )
    c2.number_input("Seed", min_value=0, step=1, key=f"{P}.seed", on_change=controls_changed)
    c3.selectbox(
        "Monte Carlo runs", sorted({*RUN_CHOICES, link.runs}), key=f"{P}.runs", on_change=controls_changed
    )
    if c4.button("Edit in the policy lab", icon=":material/science:", key=f"{P}-to-lab"):
        st.session_state[LAB_IMPORT] = {
            "scenario": stem,
            "policy": st.session_state[f"{P}.policy"],
            "seed": link.seed,
            "runs": int(st.session_state[f"{P}.runs"]),
        }
        st.switch_page(LAB_PAGE)


def results(stem: str, scenario: BaseModel, link: Link) -> None:
    st.container(key=f"{P}-results-top").header(f"Results: {scenario.name}")
    if nonce := st.session_state.pop(f"{P}.scroll", None):
        scroll_to(f"{P}-results-top", nonce)
    rb = lab_catalog.rulebook_of(scenario)
    policies = lab_catalog.policies()
    names = list(policies)
    policy_name = link.policy if link.policy in policies else lab_catalog.policy_stem(scenario)
    if policy_name not in names:
        names.append(policy_name)
    sync_controls(policy_name, link)
    controls(stem, names, link)
    ss = st.session_state
    policy = chosen_policy(scenario, rb, ss[f"{P}.policy"])
    inputs = RunInputs(scenario, policy, rb, int(ss[f"{P}.seed"]), int(ss[f"{P}.runs"]), P, stem)
    result = run_main(inputs)
    if result is not None:
        top = st.columns([3, 1], vertical_alignment="center")
        with top[0]:
            compliance_badge(result.compliance)
        with top[1]:
            copy_link(read_link(st.query_params).to_params(), key=f"{P}-copy-link")
        show_results(inputs, result, policies, ss[f"{P}.policy"])


def main() -> None:
    st.title("Scenario gallery")
    st.caption(
        "Each card is a simulated shop. Press **Run** to simulate its orders and see its Cancellation Rate "
        "against the limit. The address bar then holds a link that reopens exactly this run."
    )
    link = read_link(st.query_params)
    catalog = ordered_catalog()
    if not catalog:
        st.warning("No scenario files found in `scenarios/`.")
        return
    chosen = catalog.get(link.scenario) if link.scenario else None
    if chosen is None or isinstance(chosen, RulebookError):
        if link.scenario:
            st.warning(f"The link names a scenario that does not exist here: `{link.scenario}`.")
        st.info("Press **Run** on a card to simulate it.", icon=":material/touch_app:")
        gallery(catalog, link)
        overview(catalog)
        return
    results(link.scenario, chosen, link)
    st.divider()
    st.subheader("Try another scenario")
    st.caption("Each scenario's card, with its sample-run figures, is under **All cards**.")
    switcher(catalog, link)


main()
