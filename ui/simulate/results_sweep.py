"""The sweep tab: one scenario number over a range, breach probability at each value.

The points come from the core's ``sweep`` (via the shared cache in ``runs``),
the same function as ``python -m simulator sweep``.  Each situation entry is
its own parameter: the base rate, and each date window on its own.
"""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st
from pydantic import BaseModel

from formats.errors import RulebookError
from simulator.runs.params import ParamPath, param_text
from simulator.runs.result_types import SweepPoint
from ui.shared import chart_specs, charts
from ui.shared.problems import show_problems
from ui.shared.progress import progress_bar
from ui.shared.run_gate import GateRefusal
from ui.shared.state import bound
from ui.simulate import runs as lab_runs
from ui.simulate.downloads import download_row, file_base
from ui.simulate.formatting import pct
from ui.simulate.results_view import ResultsView
from ui.simulate.run_inputs import RunInputs
from ui.simulate.scenario_editor import entry_label, get_value, situation_paths, situation_rates


def sweep_parameters(
    scenario: BaseModel, rulebook: BaseModel
) -> dict[str, tuple[ParamPath, bool, float, float]]:
    """Label -> (path, is_percent, default from, default to).

    An incidence is a share of seller-fulfilled orders, the Cancellation Rate's own denominator,
    so a sweep from 0 to the limit (or 1.5 times today's value, if that is more) passes through
    the point where the rate crosses the limit, in several steps rather than one.
    """
    labels = {s.id: s.label for s in rulebook.situations}
    base = situation_rates(scenario)
    limit = rulebook.metrics.cancellation_rate.limit
    out = {}
    for path in situation_paths(scenario, rulebook):
        now = base.get(path[1], 0.0) if len(path) == 2 else get_value(scenario, path)
        out[f"{entry_label(path, labels)} incidence"] = (path, True, 0.0, round(max(limit, 1.5 * now), 4))
    out["Seller-fulfilled share"] = (("seller_fulfilled_share",), True, 0.2, 1.0)
    out["Orders per day"] = (("volume", "mean_per_day"), False, 10.0, 500.0)
    return out


def sweep_section(inputs: RunInputs, view: ResultsView) -> None:
    params = sweep_parameters(inputs.scenario, inputs.rulebook)
    names = list(params)
    default = next((n for n in names if n.startswith("Out of stock")), names[0])
    c1, c2, c3, c4 = st.columns([3, 1, 1, 1])
    shown = view.sweep_param if view.sweep_param in params else default
    label = c1.selectbox("Parameter", names, **view.widget(inputs.prefix, "sweep_param", shown))
    path, percent, lo, hi = params[label]
    scale = 100.0 if percent else 1.0
    unit = " (%)" if percent else ""
    start, stop = view.sweep_range.get(label, (lo * scale, hi * scale))

    def keep(end: int):
        def store(value: float) -> None:
            ends = list(view.sweep_range.get(label, (lo * scale, hi * scale)))
            ends[end] = value
            view.sweep_range[label] = (ends[0], ends[1])

        return store

    # Each parameter keeps its own range (a share in % and orders a day have nothing in common).
    start = c2.number_input(
        f"From{unit}", min_value=0.0, **bound(f"{inputs.prefix}.sweep_lo.{label}", start, keep(0))
    )
    stop = c3.number_input(
        f"To{unit}", min_value=0.0, **bound(f"{inputs.prefix}.sweep_hi.{label}", stop, keep(1))
    )
    steps = c4.number_input("Points", min_value=2, max_value=21, **view.widget(inputs.prefix, "sweep_n"))
    runs = min(inputs.runs, 200) if inputs.runs > 1 else 100
    st.caption(
        f"Currently {label.lower()} is "
        f"{get_value(inputs.scenario, path) * scale:,.1f}{'%' if percent else ''}; "
        f"each point runs {runs} Monte Carlo runs on the same seed "
        f"(`python -m simulator sweep --param {param_text(path)}` on the command line)."
    )
    values = [round((start + (stop - start) * i / (steps - 1)) / scale, 6) for i in range(int(steps))]
    key = lab_runs.fingerprint(
        label, values, inputs.scenario, inputs.policy, inputs.rulebook, inputs.seed, runs
    )
    if st.button("Run sweep", icon=":material/ssid_chart:", key=f"{inputs.prefix}.sweep_go"):
        try:
            with progress_bar(f"Sweeping {label.lower()}") as report:
                points = lab_runs.sweep(
                    inputs.scenario,
                    inputs.policy,
                    inputs.rulebook,
                    path,
                    values,
                    seed=inputs.seed,
                    runs=runs,
                    progress=report,
                )
            view.sweep_saved = {"key": key, "points": points, "label": label, "percent": percent}
        except RulebookError as exc:
            show_problems("This sweep goes outside what the scenario allows", exc)
        except GateRefusal as exc:
            st.warning(str(exc), icon=":material/hourglass_top:")
    saved = view.sweep_saved
    if not saved:
        return
    if saved["key"] != key:
        st.info("The inputs changed since this sweep; press **Run sweep** to refresh it.")
    st.vega_lite_chart(
        spec=chart_specs.spec(charts.sweep_chart, saved["points"], saved["label"], percent=saved["percent"]),
        width="stretch",
    )
    table = sweep_table(saved["points"], saved["label"], saved["percent"])
    st.table(table.set_index(table.columns[0]))
    base = file_base(inputs)
    download_row(
        inputs,
        [
            ("Sweep (CSV)", table.to_csv(index=False), f"{base}_sweep.csv", "text/csv", "sweep_csv"),
            (
                "Sweep (JSON)",
                json.dumps(
                    {"parameter": saved["label"], "points": [p.to_dict() for p in saved["points"]]}, indent=2
                ),
                f"{base}_sweep.json",
                "application/json",
                "sweep_json",
            ),
        ],
    )


def sweep_table(points: list[SweepPoint], label: str, percent: bool) -> pd.DataFrame:
    """One row per point of the core's sweep: the value, breach probability, peak and mean rate."""
    rows = []
    for p in points:
        value = f"{p.value * 100:.2f}%" if percent else f"{p.value:,g}"
        rows.append(
            {
                label: value,
                "Breach probability": pct(p.breach_probability, 0),
                "Peak (median run)": pct(p.peak, 2),
                "Peak, 5–95% of runs": f"{pct(p.peak_p05, 2)} – {pct(p.peak_p95, 2)}",
                "Mean rate": pct(p.mean_rate, 2),
            }
        )
    return pd.DataFrame(rows)
