"""Draw a simulation's results: figures, charts, orders, comparison, sweep, downloads.

Shared by the gallery and the policy lab.  Every number shown is read from
what the core returns (``simulate``, ``compare``, ``order_sample``); nothing
is recomputed here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd
import streamlit as st
from pydantic import BaseModel

from formats.errors import RulebookError
from ui.shared import charts
from ui.shared.progress import progress_bar
from ui.shared.uploads import problem_lines
from ui.simulate import catalog as lab_catalog
from ui.simulate import runs as lab_runs
from ui.simulate.scenario_editor import get_value, situation_rates


@dataclass(frozen=True)
class RunInputs:
    """Everything a result depends on, plus the names shown to people."""

    scenario: BaseModel
    policy: BaseModel
    rulebook: BaseModel
    seed: int
    runs: int
    prefix: str  # session-state / widget key prefix of the calling page
    scenario_id: str = "scenario"


def pct(x: float | None, digits: int = 1) -> str:
    return "n/a" if x is None else f"{x:.{digits}%}"


def count(x: float | None, runs: int = 1) -> str:
    """A count, or a mean of counts over runs: whole numbers from 100 up, one decimal below.

    Pages say "mean per run" next to such figures; a decimal on 26,959 orders adds noise.
    """
    if x is None:
        return "n/a"
    x = float(x)
    if runs <= 1 or x.is_integer() or abs(x) >= 100:
        return f"{x:,.0f}"
    return f"{x:,.1f}" if abs(x) >= 1 else f"{x:.2f}"


def money(x: float | None, currency: str | None = None) -> str:
    if x is None:
        return "n/a"
    return f"{currency + ' ' if currency else ''}{x:,.2f}"


def run_main(inputs: RunInputs) -> dict | None:
    """Run (or fetch from the cache) the main result, with a progress bar."""
    try:
        with progress_bar(f"Simulating {inputs.runs} run(s)") as report:
            return lab_runs.run(
                inputs.scenario,
                inputs.policy,
                inputs.rulebook,
                seed=inputs.seed,
                runs=inputs.runs,
                progress=report,
            )
    except RulebookError as exc:
        show_problems("The simulator refused these inputs", exc)
        return None


def show_problems(title: str, exc: RulebookError) -> None:
    st.error(title + ":\n\n" + "\n".join(f"- {line}" for line in problem_lines(exc)), icon=":material/error:")


def note_metric(col, label: str, value: str, note: str | None = None, help: str | None = None) -> None:
    """A metric with a grey side note (no arrow: the note is context, not a change)."""
    col.metric(label, value, delta=note, delta_color="off", delta_arrow="off", help=help, border=True)


def extra_windows(result: dict) -> list[tuple[int, dict]]:
    """(window, figures) for each window after the first one the rulebook names (e.g. India's 30 days)."""
    cr = result["cancellation_rate"]
    by_window = cr.get("by_window") or {}
    return [
        (w, by_window[str(w)])
        for w in (cr.get("windows_days") or [])[1:]
        if str(w) in by_window and w != cr["window_days"]
    ]


def headline(result: dict) -> None:
    """The figures a seller asks about first: rates on top, counts per run below."""
    cr, odr, tot, runs = (
        result["cancellation_rate"],
        result["order_defect_rate"],
        result["totals"],
        result["runs"],
    )
    over_runs = f" (mean of {runs} runs)" if runs > 1 else ""
    extra = extra_windows(result)
    w = cr["window_days"]
    top = st.columns(4)
    note_metric(
        top[0],
        "Breach probability",
        pct(cr["breach_probability"], 0),
        f"{w}-day, {runs} run(s)" if extra else f"of {runs} run(s)",
        f"Share of the runs in which the rolling {w}-day rate went over the "
        f"{pct(cr['limit'])} limit on at least one day.",
    )
    note_metric(
        top[1],
        f"Peak {w}-day rate",
        pct(cr["max"], 2),
        f"limit {pct(cr['limit'])}",
        "Highest rolling Cancellation Rate, seller-fulfilled orders only" + over_runs,
    )
    note_metric(
        top[2],
        "Days over the limit",
        count(cr["days_over_limit"], runs),
        f"of {result['days']} days" + (", mean" if runs > 1 else ""),
        f"Days on which the rolling {w}-day rate was above the limit" + over_runs,
    )
    note_metric(
        top[3],
        f"Peak ODR ({odr['window_days']} d)",
        pct(odr["max"], 2),
        f"limit {pct(odr['limit'])}",
        "Order Defect Rate: orders with negative feedback, A-to-z claims or chargebacks" + over_runs,
    )
    for ew, fig in extra:  # e.g. India also watches a 30-day window: one row per window
        more = st.columns(4)
        note_metric(
            more[0],
            f"Breach prob. ({ew} d)",
            pct(fig.get("breach_probability"), 0),
            f"{ew}-day, {runs} run(s)",
            f"Share of the runs in which the rolling {ew}-day rate went over the "
            f"{pct(cr['limit'])} limit on at least one day.",
        )
        note_metric(
            more[1],
            f"Peak {ew}-day rate",
            pct(fig.get("max"), 2),
            f"limit {pct(cr['limit'])}",
            f"Highest rolling {ew}-day Cancellation Rate" + over_runs,
        )
        note_metric(
            more[2],
            f"Days over ({ew} d)",
            count(fig.get("days_over_limit"), runs),
            f"of {result['days']} days" + (", mean" if runs > 1 else ""),
            f"Days on which the rolling {ew}-day rate was above the limit" + over_runs,
        )
        note_metric(
            more[3],
            f"Mean {ew}-day rate",
            pct(fig.get("mean"), 2),
            "over the period",
            f"Average of the rolling {ew}-day rate over the days simulated" + over_runs,
        )
    if runs > 1:
        st.caption(
            f"**Orders per run**, mean of {runs} runs (each run is one possible {result['days']} days):"
        )
    row = st.columns(4)
    note_metric(
        row[0],
        "Counted cancels",
        count(tot["counted_cancellations"], runs),
        "count toward the rate",
        "Seller cancellations (and Amazon's auto-cancels) that count toward the Cancellation Rate"
        + over_runs,
    )
    note_metric(
        row[1],
        "Excluded: requests",
        count(tot["buyer_requested_cancellations"], runs),
        "official buyer requests",
        "Cancelled after the buyer filed an official request: left out of the rate" + over_runs,
    )
    note_metric(
        row[2],
        "Excluded: direct",
        count(tot.get("buyer_direct_cancellations"), runs),
        "within minutes",
        "The buyer cancelled in the first minutes, before the seller could act: left out" + over_runs,
    )
    note_metric(
        row[3],
        "Negative feedback",
        count(tot["negative_feedback"], runs),
        "1-2 star ratings",
        "Expected negative feedback; the chances behind it are rulebook assumptions" + over_runs,
    )
    per_run = f"; figures are means per run over {runs} runs." if runs > 1 else "."
    st.caption(
        f"{'About ' if runs > 1 else ''}{count(tot['orders'], runs)} orders, "
        f"{count(tot['seller_fulfilled_orders'], runs)} seller-fulfilled, "
        f"over {result['days']} days" + per_run
    )


def rate_section(result: dict, title: str = "Rolling Cancellation Rate against the limit") -> None:
    windows = " and ".join(f"{w}-day" for w, _ in charts.window_columns(result))
    st.markdown(f"**{title}** ({windows} windows, dashed line = the rulebook's limit)")
    st.altair_chart(charts.rate_chart(result, title), width="stretch")
    if result.get("runs", 1) > 1:
        st.caption("The shaded band holds 90% of the runs (5th to 95th percentile) on each day.")
    st.markdown("**Cancellations per day: counted toward the rate vs excluded**")
    st.altair_chart(charts.cancellations_chart(result), width="stretch")


# Column order and widths (px) chosen so that at 1280 wide the order, the buyer, where it goes,
# what it is, its status, whether it counts and the start of *Why* fit without scrolling.
# The long explanations are read in full in the order's detail view below the table.
SAMPLE_COLUMNS = {
    "order_id": st.column_config.TextColumn("Order id", width=140, pinned=True),
    "buyer_name": st.column_config.TextColumn("Buyer", width=120),
    "ship_city": st.column_config.TextColumn("Ship city", width=100),
    "product": st.column_config.TextColumn("Product", width=150),
    "status": st.column_config.TextColumn("Status", width=80),
    "counted": st.column_config.CheckboxColumn(
        "Counts", width=60, help="Counts toward the Cancellation Rate"
    ),
    "reason": st.column_config.TextColumn("Why (rule engine)", width=320),
    "situation": st.column_config.TextColumn("Situation", width=140),
    "outcome": st.column_config.TextColumn("What happened", width=320),
    "negative_feedback": st.column_config.CheckboxColumn("Negative feedback", width=80),
    "feedback_reason": st.column_config.TextColumn("Feedback risk", width=240),
    "purchase_date": st.column_config.TextColumn("Purchased", width=130),
    "channel": st.column_config.TextColumn(
        "Channel", width=70, help="MFN = seller-fulfilled, AFN = Fulfilled by Amazon"
    ),
}
SAMPLE_PAGE = 50


def sample_section(inputs: RunInputs) -> None:
    """A page of run 1's orders (Faker identities), or only those that ran into a situation."""
    c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
    only = c1.toggle(
        "Only orders that ran into a situation",
        value=False,
        key=f"{inputs.prefix}.sample_only",
        help="Stock-outs, damaged units, pricing errors, special requests... over the whole run.",
    )
    page = int(
        c2.number_input("Page", min_value=1, max_value=100_000, step=1, key=f"{inputs.prefix}.sample_page")
    )
    offset = (page - 1) * SAMPLE_PAGE
    try:
        rows = lab_runs.sample(
            inputs.scenario,
            inputs.policy,
            inputs.rulebook,
            seed=inputs.seed,
            n=SAMPLE_PAGE,
            offset=offset,
            only_incidents=only,
        )
    except RulebookError as exc:
        show_problems("Could not list the orders", exc)
        return
    kind = "orders with a situation" if only else "orders"
    if not rows:
        st.info(f"No {kind} on page {page}; try page 1.", icon=":material/info:")
        return
    st.caption(
        f"Run 1, {kind} {offset + 1:,}–{offset + len(rows):,}"
        + (" (the last ones)" if len(rows) < SAMPLE_PAGE else "")
        + ". Identities are made up. *What happened* is the policy at work; "
        "*Why* is the rule engine's explanation of whether it counts."
    )
    labels = {s.id: s.label for s in inputs.rulebook.situations}
    table = pd.DataFrame(rows, columns=list(SAMPLE_COLUMNS))
    table["situation"] = [labels.get(r.get("situation"), r.get("situation")) or "" for r in rows]
    table["purchase_date"] = table["purchase_date"].str.slice(0, 16).str.replace("T", " ")  # display only
    st.dataframe(table, column_config=SAMPLE_COLUMNS, hide_index=True, width="stretch")
    order_detail_section(inputs, rows, labels)


def order_label(row: dict) -> str:
    return f"{row.get('order_id')} · {row.get('buyer_name') or 'buyer'} · {row.get('status') or ''}".strip(
        " ·"
    )


def order_detail(row: dict, labels: dict[str, str]) -> str:
    """One order's full story in words: the texts too long for the table."""
    situation = labels.get(row.get("situation"), row.get("situation")) or "none"
    counts = "counts toward the Cancellation Rate" if row.get("counted") else "does not count toward the rate"
    lines = [
        f"**{row.get('order_id')}**: {row.get('product') or ''}, for {row.get('buyer_name') or 'a buyer'} "
        f"in {row.get('ship_city') or '?'} ({row.get('channel') or '?'}, {row.get('status') or '?'})",
        f"**Situation:** {situation}",
        f"**What happened:** {row.get('outcome') or 'n/a'}",
        f"**Why (rule engine):** {row.get('reason') or 'n/a'} This order {counts}.",
    ]
    if row.get("feedback_reason"):
        negative = " It left negative feedback." if row.get("negative_feedback") else ""
        lines.append(f"**Feedback risk:** {row['feedback_reason']}{negative}")
    return "  \n".join(lines)


def order_detail_section(inputs: RunInputs, rows: list[dict], labels: dict[str, str]) -> None:
    """Pick an order of this page to read what happened and why, in full (first one with a situation)."""
    by_id = {r["order_id"]: r for r in rows}
    ids = list(by_id)
    default = next((i for i, r in enumerate(rows) if r.get("situation")), 0)
    pick = st.selectbox(
        "Order details: what happened and why, in full",
        ids,
        index=default,
        format_func=lambda i: order_label(by_id[i]),
        key=f"{inputs.prefix}.sample_detail.{rows[0]['order_id']}",
    )
    with st.container(border=True, key=f"{inputs.prefix}-order-detail"):
        st.markdown(order_detail(by_id[pick], labels))


COMPARE_ROWS = [  # label, where the value is, key in the core's deltas, format
    ("Breach probability", ("cancellation_rate", "breach_probability"), "breach_probability", "prob"),
    ("Peak rolling rate", ("cancellation_rate", "max"), "cancellation_rate_max", "pct"),
    ("Mean rolling rate", ("cancellation_rate", "mean"), "cancellation_rate_mean", "pct"),
    ("Days over the limit", ("cancellation_rate", "days_over_limit"), "days_over_limit", "num"),
    ("Counted cancellations", ("totals", "counted_cancellations"), "counted_cancellations", "num"),
    (
        "Buyer-requested (excluded)",
        ("totals", "buyer_requested_cancellations"),
        "buyer_requested_cancellations",
        "num",
    ),
    ("Negative feedback", ("totals", "negative_feedback"), "negative_feedback", "num"),
    ("Peak Order Defect Rate", ("order_defect_rate", "max"), "order_defect_rate_max", "pct"),
    ("Revenue lost", ("totals", "revenue_lost"), "revenue_lost", "money"),
    ("Cancellation fees", ("totals", "cancellation_fees"), "cancellation_fees", "money"),
]


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


def comparison_table(comparison: dict, titles: dict[str, str] | None = None) -> pd.DataFrame:
    """Rows = metrics; one column per policy (the baseline first) and a 'change' column per later one.

    Columns are headed by ``titles`` (id -> shown name); the ids stay in the comparison's JSON.
    """
    titles = titles or {}
    names = list(comparison["policies"])
    baseline = comparison.get("baseline")
    if baseline in names:  # the deltas are against the baseline, so it leads
        names = [baseline, *(n for n in names if n != baseline)]
    first = comparison["policies"][names[0]]
    runs, currency = comparison.get("runs", first.get("runs", 1)), first.get("currency")
    rows = []
    for label, path, delta_key, kind in COMPARE_ROWS:
        per_run = " (mean per run)" if runs > 1 and path[0] == "totals" else ""
        row = {"Metric": label + per_run}
        for i, name in enumerate(names):
            res = comparison["policies"][name]
            title = titles.get(name, name)
            row[title] = _fmt(res.get(path[0], {}).get(path[1]), kind, runs=runs, currency=currency)
            if i:
                delta = comparison["deltas"].get(name, {}).get(delta_key)
                row[f"{title}: change vs {titles.get(names[0], names[0])}"] = _fmt(
                    delta, kind, signed=True, runs=runs, currency=currency
                )
        rows.append(row)
    return pd.DataFrame(rows)


def compare_section(inputs: RunInputs, choices: dict[str, BaseModel], first: str | None = None) -> None:
    """Pick 2-4 policies, run them on the same orders, show them side by side.

    The default pair is the policy on screen (``first``) and the next one in the list.
    """
    names = list(choices)
    titles = lab_catalog.titles(names)
    default = [first] if first in choices else []
    default += [n for n in names if n not in default][: 2 - len(default)]
    picked = st.multiselect(
        "Policies to compare (2 to 4)",
        names,
        default=default,
        format_func=titles.get,
        max_selections=4,
        key=f"{inputs.prefix}.compare_pick",
        help="Every policy sees the same orders and the same buyers (common random numbers).",
    )
    slot = f"{inputs.prefix}.compare_result"
    key = lab_runs.fingerprint(
        [choices[n] for n in picked], inputs.scenario, inputs.rulebook, inputs.seed, inputs.runs
    )
    if st.button(
        "Compare policies",
        icon=":material/compare_arrows:",
        disabled=not 2 <= len(picked) <= 4,
        key=f"{inputs.prefix}.compare_go",
    ):
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
            st.session_state[slot] = {"key": key, "result": result}
        except RulebookError as exc:
            show_problems("Could not compare", exc)
    saved = st.session_state.get(slot)
    if not saved:
        st.caption("Pick two or more policies and press **Compare policies**.")
        return
    if saved["key"] != key:
        st.info("The inputs changed since this comparison; press **Compare policies** to refresh it.")
    comparison = saved["result"]
    table = comparison_table(comparison, titles)
    st.dataframe(table, hide_index=True, width="stretch")
    base = _file_base(inputs)
    _download_row(
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
                json.dumps(comparison, indent=2),
                f"{base}_comparison.json",
                "application/json",
                "compare_json",
            ),
        ],
    )
    st.markdown("**Rolling Cancellation Rate of each policy, on the same orders**")
    st.altair_chart(charts.compare_chart(comparison, titles), width="stretch")


def sweep_parameters(scenario: BaseModel, rulebook: BaseModel) -> dict[str, tuple[tuple, bool, float, float]]:
    """Label -> (path, is_percent, default from, default to)."""
    labels = {s.id: s.label for s in rulebook.situations}
    out = {}
    for sid in [s.id for s in rulebook.situations]:
        default_to = max(0.10, 2 * situation_rates(scenario).get(sid, 0.0))
        out[f"{labels[sid]} incidence"] = (("situations", sid), True, 0.0, round(default_to, 3))
    out["Seller-fulfilled share"] = (("seller_fulfilled_share",), True, 0.2, 1.0)
    out["Orders per day"] = (("volume", "mean_per_day"), False, 10.0, 500.0)
    return out


def sweep_section(inputs: RunInputs) -> None:
    params = sweep_parameters(inputs.scenario, inputs.rulebook)
    names = list(params)
    default = next((i for i, n in enumerate(names) if n.startswith("Out of stock")), 0)
    c1, c2, c3, c4 = st.columns([3, 1, 1, 1])
    label = c1.selectbox("Parameter", names, index=default, key=f"{inputs.prefix}.sweep_param")
    path, percent, lo, hi = params[label]
    scale = 100.0 if percent else 1.0
    unit = " (%)" if percent else ""
    start = c2.number_input(
        f"From{unit}", value=lo * scale, min_value=0.0, key=f"{inputs.prefix}.sweep_lo.{label}"
    )
    stop = c3.number_input(
        f"To{unit}", value=hi * scale, min_value=0.0, key=f"{inputs.prefix}.sweep_hi.{label}"
    )
    steps = c4.number_input("Points", value=6, min_value=2, max_value=21, key=f"{inputs.prefix}.sweep_n")
    runs = min(inputs.runs, 200) if inputs.runs > 1 else 100
    st.caption(
        f"Currently {label.lower()} is "
        f"{get_value(inputs.scenario, path) * scale:,.1f}{'%' if percent else ''}; "
        f"each point runs {runs} Monte Carlo runs on the same seed."
    )
    slot = f"{inputs.prefix}.sweep_result"
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
            st.session_state[slot] = {"key": key, "points": points, "label": label, "percent": percent}
        except RulebookError as exc:
            show_problems("This sweep goes outside what the scenario allows", exc)
    saved = st.session_state.get(slot)
    if not saved:
        return
    if saved["key"] != key:
        st.info("The inputs changed since this sweep; press **Run sweep** to refresh it.")
    st.altair_chart(
        charts.sweep_chart(saved["points"], saved["label"], percent=saved["percent"]), width="stretch"
    )


def _file_base(inputs: RunInputs) -> str:
    return f"{inputs.scenario_id}_seed{inputs.seed}_runs{inputs.runs}"


def _download_row(inputs: RunInputs, files: list[tuple[str, str, str, str, str]]) -> None:
    """One download button per (label, data, file name, mime, key suffix), side by side."""
    for col, (label, data, name, mime, key) in zip(st.columns(len(files)), files, strict=True):
        col.download_button(
            label,
            data,
            file_name=name,
            mime=mime,
            icon=":material/download:",
            key=f"{inputs.prefix}.dl_{key}",
        )


def download_section(inputs: RunInputs, result: dict) -> None:
    from simulator import to_yaml

    base = _file_base(inputs)
    yaml_mime = "application/x-yaml"
    _download_row(
        inputs,
        [
            (
                "Results (CSV)",
                pd.DataFrame(result["daily"]).to_csv(index=False),
                f"{base}_daily.csv",
                "text/csv",
                "csv",
            ),
            (
                "Results (JSON)",
                json.dumps(result, indent=2, sort_keys=True),
                f"{base}.json",
                "application/json",
                "json",
            ),
            ("Policy (YAML)", to_yaml(inputs.policy), "policy.yaml", yaml_mime, "policy"),
            (
                "Scenario (YAML)",
                to_yaml(inputs.scenario),
                f"{inputs.scenario_id}.yaml",
                yaml_mime,
                "scenario",
            ),
        ],
    )
    st.caption("The CSV has one row per day: orders, counted cancellations and each rolling rate.")


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
