"""Manage Orders as Seller Central lays it out: one row per order with its date and ship-by,
its details (order id, buyer, sales channel, fulfilment), product, status and the Action
buttons that status has.  Clicking the order id opens the order.  Pending orders are hidden
until the status filter asks for them, as in Seller Central.

The statuses are tabs, as in Seller Central (the rulebook's statuses, with their counts), and
the list is newest first.  The rows are containers of columns, not a dataframe, so each row can
hold its buttons and say what its last action did; below 640 px Streamlit stacks the columns,
so a phone shows one card per order, never a table to scroll sideways, and no column headings
stacked above the first card.
"""

from __future__ import annotations

import streamlit as st

from rules.vocabulary import cancelled_status, unpaid_status
from training import Desk
from training.desk_view import FULFILMENT, actions, channel_name, ship_by, ship_by_words
from ui.shared.state import bound_to
from ui.train import state as desk_state
from ui.train.order_page import ACTION_LABELS, do_action, result_line, said, ship_form

PAGE_SIZE = 10
WIDTHS = [1.2, 2.2, 2.2, 1.0, 1.8]  # Action: room for Confirm shipment and its popover's arrow
ALL = "All"  # every status except Pending, the default of Seller Central's filter
# Streamlit stacks columns below 640 px: there the headings would stand above the first card only.
_NARROW = "<style>@media (max-width: 640px){.st-key-desk_table_head{display:none}}</style>"


def _status(d: Desk, status: str) -> str:
    found = d.rb.status(status)
    return found.label if found else status


def _filtered(d: Desk, text: str, status: str) -> list:
    if status == ALL:
        return [o for o in d.search(text) if o.status != unpaid_status(d.rb)]
    return d.search(text, status)


def order_list(d: Desk) -> None:
    st.markdown("##### Manage Orders")
    at = desk_state.state().at  # the search, filter and page shown: kept when the page is left
    c1, _ = st.columns([3, 2])
    text = c1.text_input(
        "Search by order ID", placeholder="e.g. 112-1234567-1234567", **bound_to("desk_search", at, "search")
    )
    options = [ALL, *d.statuses()]
    if at.status not in options:
        at.status = ALL
    counts = {s: len(_filtered(d, text, s)) for s in options}
    status = st.segmented_control(
        "Order status",
        options,
        required=True,
        format_func=lambda s: f"{'All' if s == ALL else _status(d, s)} ({counts[s]})",
        **bound_to("desk_status", at, "status"),
    )
    status = status if status in options else ALL
    rows = _filtered(d, text, status)
    hidden = sum(1 for o in d.search(text) if o.status == unpaid_status(d.rb)) if status == ALL else 0
    unpaid = _status(d, unpaid_status(d.rb))
    note = f" · {hidden} {unpaid} hidden: the *{unpaid}* tab shows them" if hidden else ""
    st.caption(f"{len(rows)} order{'s' if len(rows) != 1 else ''}{note}")
    if not rows:
        result_line(d)
        st.info("No order matches this search.", icon=":material/search_off:")
        return
    pages = (len(rows) - 1) // PAGE_SIZE + 1
    at.page = min(max(at.page or 1, 1), pages)  # a narrower search has fewer pages
    if pages > 1:
        st.segmented_control(
            "Page",
            list(range(1, pages + 1)),
            label_visibility="collapsed",
            **bound_to("desk_page", at, "page"),
        )
    shown = rows[(at.page - 1) * PAGE_SIZE : at.page * PAGE_SIZE]
    result_line(d, {o.order_id for o in shown})  # what the last action did, unless its row says it
    _header()
    for o in shown:
        _row(d, o)


def _header() -> None:
    st.html(_NARROW)
    with st.container(key="desk_table_head"):
        cols = st.columns(WIDTHS)
        for c, name in zip(cols, ["Order date", "Order details", "Product", "Status", "Action"], strict=True):
            c.markdown(f"**{name}**")


def _row(d: Desk, o) -> None:
    oid = o.order_id
    with st.container(border=True, key=f"desk_row_{oid}"):
        date, details, product, status, action = st.columns(WIDTHS, vertical_alignment="top")
        due = ship_by_words(d, o)  # a shift's ship-by against its clock, in words
        date.markdown(f"{o.purchase_date:%b %d, %Y %H:%M}  \n:small[Ship by: {ship_by(d, o):%b %d, %H:%M}"
                      + (f" · {due}" if due else "") + "]")  # fmt: skip
        with details:
            if st.button(oid, key=f"desk_oid_{oid}", type="tertiary", help="Open the order"):
                desk_state.opened(d.open_order(oid), oid)
                st.rerun()
            buyer = o.buyer_name if d.shows_buyer(oid) else "not shown (Pending)"
            st.markdown(
                f":small[Buyer name: {buyer}  \n"
                f"Sales channel: {channel_name(d.rb)}"
                f"  \nFulfilment: {FULFILMENT[o.channel]}]"
            )
            if o.status == cancelled_status(d.rb):
                pass
            elif o.buyer_requested:
                st.markdown(":orange-badge[:material/notification_important: Buyer requested cancellation]")
            elif d.buyer_wrote(oid):  # as Seller Central's row shows a buyer's message: open to read it
                st.markdown(":blue-badge[:material/mail: Buyer message]")
        line = o.items[0]
        more = f" (+{len(o.items) - 1} more)" if len(o.items) > 1 else ""
        product.markdown(
            f"{line.title}{more}  \n:small[ASIN: {line.asin} · SKU: {line.sku}  \n"
            f"Quantity: {sum(i.quantity for i in o.items)}]"
        )
        status.markdown(_status(d, o.status))
        with action:
            for act in actions(d, o):
                if act == "confirm_shipment":
                    ship_form(d, oid, "row")
                elif st.button(ACTION_LABELS[act], key=f"desk_{act}_{oid}", width="stretch"):
                    do_action(d, oid, act)
                    st.rerun()  # a fragment's click reruns only the list: the whole page must show it
        res = desk_state.last_result()
        if res and desk_state.state().at.result_order == oid:
            said(d, res)  # where the trainee clicked
