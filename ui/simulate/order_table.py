"""A page of run 1's orders (made-up identities) and one order's story in full."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from formats.errors import RulebookError
from ui.shared.problems import show_problems
from ui.shared.state import bound
from ui.simulate import runs as lab_runs
from ui.simulate.results_view import ResultsView
from ui.simulate.run_inputs import RunInputs

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


def sample_section(inputs: RunInputs, view: ResultsView) -> None:
    """A page of run 1's orders (Faker identities), or only those that ran into a situation."""
    c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
    only = c1.toggle(
        "Only orders that ran into a situation",
        help="Stock-outs, damaged units, pricing errors, special requests... over the whole run.",
        **view.widget(inputs.prefix, "sample_only"),
    )
    page = int(
        c2.number_input(
            "Page", min_value=1, max_value=100_000, step=1, **view.widget(inputs.prefix, "sample_page")
        )
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
    order_detail_section(inputs, view, rows, labels)


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


def order_detail_section(
    inputs: RunInputs, view: ResultsView, rows: list[dict], labels: dict[str, str]
) -> None:
    """Pick an order of this page to read what happened and why, in full (first one with a situation)."""
    by_id = {r["order_id"]: r for r in rows}
    ids = list(by_id)
    first = ids[0]  # which page of orders: another page starts from its own default
    kept = view.sample_detail[1] if view.sample_detail and view.sample_detail[0] == first else None
    shown = kept if kept in by_id else next((r["order_id"] for r in rows if r.get("situation")), first)

    def keep(order_id: str) -> None:
        view.sample_detail = (first, order_id)

    pick = st.selectbox(
        "Order details: what happened and why, in full",
        ids,
        format_func=lambda i: order_label(by_id[i]),
        **bound(f"{inputs.prefix}.sample_detail.{first}", shown, keep),
    )
    with st.container(border=True, key=f"{inputs.prefix}-order-detail"):
        st.markdown(order_detail(by_id[pick], labels))
