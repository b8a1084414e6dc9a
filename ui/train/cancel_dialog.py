"""Seller Central's cancel dialog: Reason for cancellation, Seller memo, Submit."""

from __future__ import annotations

import streamlit as st

from ui.shared.state import DESK
from ui.train import state as desk_state

DIALOG = f"{DESK}_dialog_for"


def _dismissed() -> None:
    st.session_state.pop(DIALOG, None)


def open_cancel_dialog(order_id: str) -> None:
    """Remember the dialog is open, so every rerun until Submit or close redraws it."""
    st.session_state[DIALOG] = order_id


def draw_open_dialog() -> None:
    order_id = st.session_state.get(DIALOG)
    if order_id:
        cancel_dialog(order_id)


@st.dialog("Cancel order", on_dismiss=_dismissed)
def cancel_dialog(order_id: str) -> None:
    d = desk_state.desk()
    if d is None:
        st.stop()
    o = d.order(order_id)
    status = d.rb.status(o.status)
    st.markdown(f"Order **{o.order_id}** · {o.product} · {status.label if status else o.status}")
    if d.banner(order_id):
        st.warning(d.banner(order_id), icon=":material/info:")
    whole = True
    if len(o.items) > 1:  # 200198080: Cancel entire order, or Cancel items with quantities
        scope = st.radio(
            "Cancel", ["Cancel entire order", "Cancel items"], horizontal=True, key="desk_dlg_scope"
        )
        whole = scope == "Cancel entire order"
        if not whole:
            line = o.items[-1]
            st.caption(f"Item to cancel: {line.title} (SKU {line.sku}, ASIN {line.asin})")
            qty = st.number_input("Quantity", 1, line.quantity, line.quantity, key="desk_dlg_qty")
    reasons = d.reasons()
    labels = {rid: label for rid, label in reasons}
    reason = st.selectbox(
        "Reason for cancellation",
        [rid for rid, _ in reasons],
        index=None,
        format_func=labels.get,
        placeholder="Select a reason",
        key="desk_dlg_reason",
    )
    memo = st.text_area(
        "Seller memo", placeholder="Internal note (not shown to the buyer)", key="desk_dlg_memo"
    )
    st.caption(
        "Amazon e-mails the buyer when you submit. A cancellation may count toward your Cancellation Rate."
    )
    if st.button("Submit", type="primary", key="desk_dlg_submit"):
        if reason is None:
            st.error("Select a Reason for cancellation.")
            return
        _dismissed()
        if whole:
            desk_state.remember(d.cancel(order_id, reason, memo))
        else:  # an item cancel counts toward the rate like a whole one
            desk_state.remember(d.cancel_items(order_id, reason, int(qty), memo))
        st.rerun()
