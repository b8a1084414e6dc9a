"""Compare 2-4 policies on the same orders: the table of metrics and changes, the chart, downloads."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st
from pydantic import BaseModel

from formats.errors import RulebookError
from simulator.runs.compliance import COMPLIANT, badge
from simulator.runs.result_types import METRICS, Comparison
from ui.shared import chart_specs, charts
from ui.shared.problems import show_problems
from ui.shared.progress import progress_bar
from ui.shared.run_gate import GateRefusal
from ui.shared.text import plain
from ui.simulate import catalog as lab_catalog
from ui.simulate import runs as lab_runs
from ui.simulate.compliance_view import titled
from ui.simulate.downloads import download_row, file_base
from ui.simulate.formatting import count, money, pct
from ui.simulate.results_view import ResultsView
from ui.simulate.run_inputs import RunInputs

# label, the figure's name in the core's METRICS (its value and its delta), format, a total per run?
COMPARE_ROWS = [
    ("Breach probability", "breach_probability", "prob", False),
    ("Peak rate, median run", "cancellation_rate_peak_median", "pct", False),
    ("Peak rate, 95th percentile", "cancellation_rate_peak_p95", "pct", False),
    ("Mean rolling rate", "cancellation_rate_mean", "pct", False),
    ("Days over the limit", "days_over_limit", "num", False),
    ("Counted cancellations", "counted_cancellations", "num", True),
    ("Buyer-requested (excluded)", "buyer_requested_cancellations", "num", True),
    ("Negative feedback", "negative_feedback", "num", True),
    ("Peak Order Defect Rate", "order_defect_rate_max", "pct", False),
    ("Revenue lost", "revenue_lost", "money", True),
    ("Cancellation fees", "cancellation_fees", "money", True),
]
assert all(name in METRICS for _, name, _, _ in COMPARE_ROWS)


def _fmt(value, kind: str, signed: bool = False, runs: int = 1, currency: str | None = None) -> str:
    if value is None:
        return "n/a"
    if kind in ("pct", "prob"):  # a change in a rate is in percentage points
        digits = 2 if kind == "pct" else 0
        text = f"{abs(value) * 100:.{digits}f} pp" if signed else pct(abs(value), digits)
    elif kind == "money":
        text = money(abs(value), currency)
    else:
        text = count(abs(value), runs)
    if not signed:
        return ("-" if value < 0 else "") + text
    if not any(c in "123456789" for c in text):  # rounds to nothing: no sign to show
        return "±" + text
    return ("+" if value > 0 else "-") + text


def policy_order(
    comparison: Comparison, *, compliant_only: bool = False, sort_compliant: bool = False
) -> list[str]:
    """The policies to show: the baseline first, optionally only the compliant ones or those first.

    Compliance is read from each policy's ``compliance`` block (the core decides it).
    """
    names = list(comparison.policies)
    baseline = comparison.baseline
    if baseline in names:
        names = [baseline, *(n for n in names if n != baseline)]

    def ok(n: str) -> bool:
        block = comparison.policies[n].compliance
        return block is not None and block.status == COMPLIANT

    if compliant_only:
        names = [n for n in names if ok(n)]
    elif sort_compliant:
        names = sorted(names, key=lambda n: not ok(n))
    return names


def comparison_table(
    comparison: Comparison, titles: dict[str, str] | None = None, names: list[str] | None = None
) -> pd.DataFrame:
    """Rows = metrics; one column per policy (the baseline first) and a 'change' column per later one.

    Columns are headed by ``titles`` (id -> shown name); the ids stay in the comparison's JSON.
    """
    titles = titles or {}
    names = names or policy_order(comparison)  # the deltas are against the baseline, so it leads
    titles = {n: titled(titles.get(n, n), comparison.policies[n].compliance) for n in names}
    runs, currency = comparison.runs, comparison.policies[names[0]].currency
    metrics = {n: comparison.policies[n].metrics() for n in names}
    rows = [{"Metric": "Compliance (rulebook)"}]
    for i, name in enumerate(names):
        block = comparison.policies[name].compliance
        rows[0][titles[name]] = badge(block) if block else "n/a"
        if i:
            rows[0][f"{titles[name]}: change vs {titles[names[0]]}"] = ""
    for label, metric, kind, total in COMPARE_ROWS:
        per_run = " (mean per run)" if runs > 1 and total else ""
        row = {"Metric": label + per_run}
        for i, name in enumerate(names):
            title = titles.get(name, name)
            row[title] = _fmt(metrics[name][metric], kind, runs=runs, currency=currency)
            if i:
                delta = comparison.deltas.get(name, {}).get(metric)
                row[f"{title}: change vs {titles.get(names[0], names[0])}"] = _fmt(
                    delta, kind, signed=True, runs=runs, currency=currency
                )
        rows.append(row)
    return pd.DataFrame(rows)


def compare_section(
    inputs: RunInputs, view: ResultsView, choices: dict[str, BaseModel], first: str | None = None
) -> None:
    """Pick 2-4 policies, run them on the same orders, show them side by side.

    The default pair is the policy on screen (``first``) and the next one in the list.
    """
    names = list(choices)
    titles = lab_catalog.titles(names)
    default = [first] if first in choices else []
    default += [n for n in names if n not in default][: 2 - len(default)]
    kept = default if view.compare_pick is None else [n for n in view.compare_pick if n in choices]
    picked = st.multiselect(
        "Policies to compare (2 to 4)",
        names,
        format_func=titles.get,
        max_selections=4,
        help="Every policy sees the same orders and the same buyers (common random numbers).",
        **view.widget(inputs.prefix, "compare_pick", kept),
    )
    key = lab_runs.fingerprint(
        [choices[n] for n in picked], inputs.scenario, inputs.rulebook, inputs.seed, inputs.runs
    )
    pressed = st.button(
        "Compare policies",
        icon=":material/compare_arrows:",
        disabled=not 2 <= len(picked) <= 4,
        key=f"{inputs.prefix}.compare_go",
    )
    asked, view.compare_requested = view.compare_requested, False  # a link's comparison runs once
    stale = not view.compare_saved or view.compare_saved["key"] != key
    view.compare_shown = ()
    if pressed or (asked and stale and 2 <= len(picked) <= 4):
        policies = [choices[n].model_copy(update={"name": n}) for n in picked]
        try:
            with progress_bar(f"Comparing {len(policies)} policies") as report:
                result = lab_runs.compare(
                    inputs.scenario,
                    policies,
                    inputs.rulebook,
                    seed=inputs.seed,
                    runs=inputs.runs,
                    progress=report,
                )
            view.compare_saved = {"key": key, "result": result}
        except RulebookError as exc:
            show_problems("Could not compare", exc)
        except GateRefusal as exc:
            st.warning(str(exc), icon=":material/hourglass_top:")
    saved = view.compare_saved
    if not saved:
        st.caption("Pick two or more policies and press **Compare policies**.")
        return
    comparison = saved["result"]
    if saved["key"] != key:
        st.info("The inputs changed since this comparison; press **Compare policies** to refresh it.")
    else:
        view.compare_shown = tuple(comparison.policies)  # a page may put it in its link
    f1, f2 = st.columns(2)
    only = f1.toggle("Only compliant policies", **view.widget(inputs.prefix, "compare_only_ok"))
    first_ok = f2.toggle("Compliant policies first", **view.widget(inputs.prefix, "compare_ok_first"))
    shown = policy_order(comparison, compliant_only=only, sort_compliant=first_ok)
    for name, res in comparison.policies.items():
        block = res.compliance
        if block and block.status != COMPLIANT:
            st.warning(f"**{plain(titles.get(name, name))}**: {block.summary}", icon=":material/policy:")
    if not shown:
        st.info("None of these policies is compliant: turn off *Only compliant policies* to see them.")
        return
    table = comparison_table(comparison, titles, shown)
    # Long policy names wrap instead of pushing the table sideways (a phone is 390 px wide).
    st.table(table.set_index("Metric"))
    base = file_base(inputs)
    download_row(
        inputs,
        [
            (
                "Comparison (CSV)",
                table.to_csv(index=False),
                f"{base}_comparison.csv",
                "text/csv",
                "compare_csv",
            ),
            (
                "Comparison (JSON)",
                json.dumps(comparison.to_dict(), indent=2),
                f"{base}_comparison.json",
                "application/json",
                "compare_json",
            ),
        ],
    )
    st.markdown("**Rolling Cancellation Rate of each policy, on the same orders**")
    legend = {n: titled(titles.get(n, n), res.compliance) for n, res in comparison.policies.items()}
    st.vega_lite_chart(spec=chart_specs.spec(charts.compare_chart, comparison, legend), width="stretch")
