"""Draw a simulation's results: figures, charts, orders, comparison, sweep, downloads.

Shared by the gallery and the policy lab.  Every number shown is read from
what the core returns (``simulate``, ``compare``, ``order_sample``, ``sweep``);
nothing is recomputed here.  Each tab is drawn by its own module:

- ``results_figures``: the headline figures and the rate charts;
- ``order_table``: a page of run 1's orders and one order in full;
- ``results_compare``: policies side by side on the same orders;
- ``results_sweep``: one scenario number over a range;
- ``downloads``: the result and its inputs as files.
"""

from __future__ import annotations

import streamlit as st
from pydantic import BaseModel

# The pages import these from here (gallery, lab, replay): one place to find a result's pieces.
from ui.shared.problems import show_problems
from ui.simulate.downloads import download_section
from ui.simulate.formatting import count, money, pct
from ui.simulate.order_table import sample_section
from ui.simulate.results_compare import compare_section
from ui.simulate.results_figures import extra_windows, headline, note_metric, rate_section
from ui.simulate.results_sweep import sweep_section
from ui.simulate.run_inputs import RunInputs, run_main

__all__ = [
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
]


def show_results(
    inputs: RunInputs, result: dict, policy_choices: dict[str, BaseModel], current: str | None = None
) -> None:
    headline(result)
    tabs = st.tabs(
        [
            ":material/show_chart: Cancellation Rate",
            ":material/list_alt: Orders",
            ":material/compare_arrows: Compare policies",
            ":material/ssid_chart: Sweep",
            ":material/download: Download",
        ]
    )
    with tabs[0]:
        rate_section(result)
    with tabs[1]:
        sample_section(inputs)
    with tabs[2]:
        compare_section(inputs, policy_choices, current)
    with tabs[3]:
        sweep_section(inputs)
    with tabs[4]:
        download_section(inputs, result)
