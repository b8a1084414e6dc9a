"""Draw a simulation's results: figures, charts, orders, comparison, sweep, downloads.

Shared by the gallery and the policy lab.  Every number shown is read from
what the core returns (``simulate``, ``compare``, ``order_sample``, ``sweep``);
nothing is recomputed here.  Each tab is drawn by its own module:

- ``results_figures``: the headline figures and the rate charts;
- ``order_table``: a page of run 1's orders and one order in full;
- ``results_compare``: policies side by side on the same orders;
- ``results_sweep``: one scenario number over a range;
- ``downloads``: the result and its inputs as files.

What the tabs show (the open tab, each tab's choices) is the page's ``ResultsView``.
"""

from __future__ import annotations

import streamlit as st
from pydantic import BaseModel

# The pages import these from here (gallery, lab, replay): one place to find a result's pieces.
from ui.shared.problems import show_problems
from ui.shared.state import bound
from ui.simulate.downloads import download_section
from ui.simulate.formatting import count, money, pct
from ui.simulate.order_table import sample_section
from ui.simulate.results_compare import compare_section
from ui.simulate.results_figures import extra_windows, headline, note_metric, rate_section
from ui.simulate.results_sweep import sweep_section
from ui.simulate.results_view import ResultsView
from ui.simulate.run_inputs import RunInputs, run_main

__all__ = [
    "TABS",
    "ResultsView",
    "RunInputs",
    "count",
    "extra_windows",
    "money",
    "note_metric",
    "pct",
    "rate_section",
    "run_main",
    "show_problems",
    "show_results",
    "tab_key",
]


# short words, no icons: all five fit a phone's width (390 px); longer, Sweep and Download hid
# behind the tab bar's arrow
TABS = {
    "rates": "Rate",
    "orders": "Orders",
    "compare": "Compare policies",
    "sweep": "Sweep",
    "download": "Download",
}


def tab_key(prefix: str) -> str:
    """The widget key of a page's results tabs (its value is the open tab's label)."""
    return f"{prefix}.results_tab"


def show_results(
    inputs: RunInputs,
    result: dict,
    view: ResultsView,
    policy_choices: dict[str, BaseModel],
    current: str | None = None,
) -> None:
    """The headline, then the open tab only (``view.tab``; each tab keeps its choices in ``view``).

    Lazy tabs (an ``on_change`` callback): a hidden tab's order table, comparison, sweep
    controls and files are neither built nor sent, which was half of a gallery Run's
    elements, redrawn by the server and by every browser on each rerun (benchmarks/loadtest).
    Switching tabs is one rerun, on cached results.
    """
    headline(result)
    sections = {
        "rates": lambda: rate_section(result),
        "orders": lambda: sample_section(inputs, view),
        "compare": lambda: compare_section(inputs, view, policy_choices, current),
        "sweep": lambda: sweep_section(inputs, view),
        "download": lambda: download_section(inputs, result),
    }
    names = {TABS[name]: name for name in sections}

    def keep(label: str) -> None:
        view.tab = names[label]

    open_label = TABS[view.tab] if view.tab in sections else TABS["rates"]
    shown = st.tabs(list(names), **bound(tab_key(inputs.prefix), open_label, keep))
    for tab, draw in zip(shown, sections.values(), strict=True):
        if tab.open:
            with tab:
                draw()
