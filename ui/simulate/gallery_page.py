"""Scenario gallery, the landing page: one card per scenario, one click to run it.

The address bar carries scenario, policy, seed and runs, so a link reopens
the same run with the same numbers.  The page's session state is one
:class:`GalleryState` under ``gallery``: back from another page (whose address
has none of these), the gallery shows the run and the results' tab and choices
as they were left.
"""

from dataclasses import dataclass, field, replace

import streamlit as st
from pydantic import BaseModel

from formats.errors import RulebookError
from ui.shared.share import copy_link, scroll_to
from ui.shared.state import GALLERY as P
from ui.shared.state import LAB_PAGE, LabImport, Link, bound, hand_to_lab, page_state, read_link
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
from ui.simulate.gallery_link import checked_link
from ui.simulate.results import ResultsView, RunInputs, run_main, show_problems, show_results
from ui.simulate.run_inputs import held_for_run

RUN_CHOICES = [1, 100, 200, 500, 1000]


@dataclass
class GalleryState:
    """The gallery's session state: the run shown, and what its results show."""

    link: Link = field(default_factory=Link)  # scenario (None: the cards), policy, seed, runs
    address: dict[str, str] | None = None  # the query parameters last written
    scroll: int = 0  # Run presses; the page scrolls to the results once for each
    scrolled: int = 0
    results: ResultsView = field(default_factory=ResultsView)
    notes: list[str] = field(default_factory=list)  # what the link opened could not use, in words
    link_hold: bool = False  # opened from a link: a large run waits for its Run button (issue 23)


def gallery_state() -> GalleryState:
    return page_state(P, GalleryState)


def sync_address(state: GalleryState) -> Link:
    """The run to show; the address bar then links to it.

    An address the page did not write (a link opened, the browser's back button) says what
    to show; an empty one (back from another page) leaves the gallery as it was.
    """
    params = {k: st.query_params[k] for k in st.query_params}
    if params and params != state.address:
        state.link, state.notes = checked_link(params)
        if state.link.compare:  # the link opens its comparison, and runs it
            state.results.tab, state.results.compare_pick = "compare", list(state.link.compare)
            state.results.compare_requested = True
        state.link_hold = True
        if state.notes:  # the address bar then holds the run shown, not the values replaced
            params = {k: v for k, v in params.items() if k not in ("scenario", "policy", "compare")}
            params.update(state.link.to_params())
            st.query_params.from_dict(params)
    elif read_link(params) != state.link:  # parameters it does not know are left alone otherwise
        params = state.link.to_params()
        st.query_params.from_dict(params)
    state.address = params
    return state.link


def open_run(stem: str, scenario: BaseModel) -> None:
    """Button callback: show this scenario's run with its own policy (keeps the current seed and runs)."""
    state = gallery_state()
    state.link = Link(stem, lab_catalog.policy_stem(scenario), state.link.seed, state.link.runs)
    state.notes, state.link_hold = [], False
    state.scroll += 1  # to the results


def keep_link(attr: str, cast=str):
    """A control's change, kept in the link shown."""

    def store(value) -> None:
        state = gallery_state()
        state.link = replace(state.link, **{attr: cast(value)})
        state.notes, state.link_hold = [], False

    return store


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


def release_link() -> None:
    """The Run button under a large link's settings."""
    gallery_state().link_hold = False


def show_cards() -> None:
    """Button callback: back to the cards (the link keeps its seed and runs)."""
    state = gallery_state()
    state.link = Link(None, None, state.link.seed, state.link.runs)
    state.notes = []


def controls(stem: str, names: list[str], policy_name: str, link: Link) -> None:
    """Policy, seed and runs (each changes the link), and the way to the policy lab."""
    c1, c2, c3, c4 = st.columns([2, 1, 1, 2], vertical_alignment="bottom")
    c1.selectbox(
        "Policy",
        names,
        format_func=lab_catalog.policy_title,
        help="Files in scenarios/policies/",
        **bound(f"{P}.policy", policy_name, keep_link("policy")),
    )
    c2.number_input("Seed", min_value=0, step=1, **bound(f"{P}.seed", link.seed, keep_link("seed", int)))
    c3.selectbox(
        "Monte Carlo runs",
        sorted({*RUN_CHOICES, link.runs}),
        **bound(f"{P}.runs", link.runs, keep_link("runs", int)),
    )
    if c4.button("Edit in the policy lab", icon=":material/science:", key=f"{P}-to-lab"):
        hand_to_lab(LabImport(stem, policy_name, link.seed, link.runs))
        st.switch_page(LAB_PAGE)


def results(stem: str, scenario: BaseModel, state: GalleryState) -> None:
    link = state.link
    st.container(key=f"{P}-results-top").header(f"Results: {scenario.name}")
    if state.scroll != state.scrolled:
        state.scrolled = state.scroll
        scroll_to(f"{P}-results-top", state.scroll)
    rb = lab_catalog.rulebook_of(scenario)
    policies = lab_catalog.policies()
    names = list(policies)
    policy_name = link.policy if link.policy in policies else lab_catalog.policy_stem(scenario)
    if policy_name not in names:
        names.append(policy_name)
    controls(stem, names, policy_name, link)
    policy = chosen_policy(scenario, rb, policy_name)
    inputs = RunInputs(scenario, policy, rb, link.seed, link.runs, P, stem)
    if state.link_hold and held_for_run(inputs, release_link):
        return
    state.link_hold = False
    result = run_main(inputs)
    if result is not None:
        top = st.columns([3, 1], vertical_alignment="center")
        with top[0]:
            compliance_badge(result.compliance)
        with top[1]:
            copy_link(link.to_params(), key=f"{P}-copy-link")
        show_results(inputs, result, state.results, policies, policy_name)
        keep_comparison(state)


def keep_comparison(state: GalleryState) -> None:
    """The address holds the comparison while its tab shows it, so the link reopens it too."""
    shown = state.results.compare_shown if state.results.tab == "compare" else ()
    if shown != state.link.compare:
        state.link = replace(state.link, compare=shown)
        state.address = state.link.to_params()
        st.query_params.from_dict(state.address)


def main() -> None:
    st.title("Scenario gallery")
    st.caption(
        "Each card is a simulated shop. Press **Run** to simulate its orders and see its Cancellation Rate "
        "against the limit. The address bar then holds a link that reopens exactly this run."
    )
    state = gallery_state()
    link = sync_address(state)
    for note in state.notes:
        st.warning(note, icon=":material/link_off:")
    catalog = ordered_catalog()
    if not catalog:
        st.warning("No scenario files found in `scenarios/`.")
        return
    chosen = catalog.get(link.scenario) if link.scenario else None
    if chosen is None or isinstance(chosen, RulebookError):
        st.info("Press **Run** on a card to simulate it.", icon=":material/touch_app:")
        gallery(catalog, link)
        overview(catalog)
        return
    results(link.scenario, chosen, state)
    st.divider()
    st.subheader("Try another scenario")
    st.caption("Each scenario's card, with its sample-run figures, is under **All cards**.")
    switcher(catalog, link)


main()
