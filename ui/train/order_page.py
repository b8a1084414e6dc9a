"""One order, as Seller Central opens it from Manage Orders: its details and actions beside
Buyer-Seller Messaging; and the Cancel order page (Reason for cancellation, Cancel entire
order or Cancel items with quantities, Seller memo)."""

from __future__ import annotations

import re

import streamlit as st

from rules import action_allowed
from rules.vocabulary import cancelled_status, is_open, money, unpaid_status
from training import Desk
from training.desk_view import FULFILMENT, actions, carriers, ship_by
from training.wording import rule_name
from ui.shared.state import bound, bound_to
from ui.train import memo_view
from ui.train import state as desk_state

ACTION_LABELS = {"confirm_shipment": "Confirm shipment", "cancel": "Cancel order", "refund": "Refund order"}


def do_action(d: Desk, oid: str, act: str, carrier: str = "", tracking: str = "") -> None:
    """An Action button: Cancel order opens the cancel page; Confirm shipment (its form's carrier
    and tracking ID) and Refund order act at once.

    The order page calls it from its forms; the order list (a fragment, whose callbacks
    would rerun only the list) calls it and then ``st.rerun()``."""
    if act == "cancel":
        desk_state.state().at.cancel = desk_state.CancelDraft(oid)  # a blank page each time it opens
        desk_state.set_open(oid, "cancel")
    elif act == "confirm_shipment":
        back_to = desk_state.view() if desk_state.view() != "cancel" else "order"
        desk_state.set_open(desk_state.open_id(), back_to)
        desk_state.remember(d.confirm_shipment(oid, carrier, tracking), order_id=oid)
    else:
        desk_state.remember(d.refund(oid), order_id=oid)


def ship_form(d: Desk, oid: str, where: str) -> None:
    """Confirm shipment as Seller Central asks it: the carrier and the tracking ID (the Valid
    Tracking Rate counts the shipments confirmed with one), in a popover beside the order."""
    # keyed by the desk's step count: a new popover, closed, after each action (an order left
    # Partially Shipped keeps its button, and Streamlit would keep the popover open)
    with (
        st.popover("Confirm shipment", width="stretch", key=f"desk_ship_{where}_{oid}_{len(d.steps)}"),
        st.form(key=f"desk_shipform_{where}_{oid}", border=False),
    ):
        carrier = st.selectbox("Carrier", carriers(d.rb), key=f"desk_carrier_{where}_{oid}")
        tracking = st.text_input("Tracking ID", max_chars=40, key=f"desk_tracking_{where}_{oid}")
        vtr = d.rb.metrics.valid_tracking_rate
        if vtr is not None:
            st.caption(f"Without a tracking ID the shipment counts against your {vtr.label}.")
        if st.form_submit_button("Confirm", type="primary", key=f"desk_ship_submit_{where}_{oid}"):
            do_action(d, oid, "confirm_shipment", carrier, tracking)
            st.rerun()  # from the list (a fragment) the whole page must show it


def adjust_form(d: Desk, oid: str) -> None:
    """Refund the rest with an Order Adjustment: the reason is asked, from the rulebook's for it."""
    reasons = dict(d.adjust_reasons())
    with (
        st.popover("Refund the rest (adjustment)", width="stretch", key="desk_adjust_btn"),
        st.form(key="desk_adjust_form", border=False),
    ):
        reason = st.selectbox("Reason for the adjustment", list(reasons), index=None,
                              format_func=reasons.get, placeholder="Select a reason",
                              key="desk_adjust_reason")  # fmt: skip
        if st.form_submit_button("Refund the rest", type="primary", key="desk_adjust_submit"):
            if reason is None:
                st.error("Select a reason for the adjustment.")
                return
            desk_state.remember(d.adjust(oid, reason), order_id=oid)
            st.rerun()


def go_back(to: str) -> None:
    desk_state.set_open(desk_state.open_id() if to != "list" else None, to)


def _status(d: Desk, status: str) -> str:
    found = d.rb.status(status)
    return found.label if found else status


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def said_parts(message: str) -> tuple[str, str]:
    """A confirmation's first sentence, and the rest (the rulebook's why) for behind "Why?"."""
    first = _SENTENCE_END.split(message, maxsplit=1)[0]
    return first, message[len(first) :].strip()


def said(d: Desk, res: tuple[bool, str, str]) -> None:
    """What the desk said, short: a done action in one sentence with "Why?" one click away; a
    refusal whole (it is the why); a list of what happened while waiting, one line each."""
    ok, msg, rule = res
    short, why = said_parts(msg) if ok and rule else (msg, "")
    exercises = [d.exercise] if d.exercise else []
    where = f"*{rule_name(d.rb, rule, exercises)}*" if rule else ""
    with st.container(horizontal=True, vertical_alignment="center", key="desk_said"):
        (st.success if ok else st.error)(short, icon=":material/check_circle:" if ok else ":material/block:")
        if why or where:
            with st.popover("Why?", type="tertiary", key=f"desk_why_{len(d.steps)}"):
                st.markdown("  \n".join(x for x in (why, where) if x))


def result_line(d: Desk, rows: set[str] | frozenset[str] = frozenset()) -> None:
    """The last thing the desk said, unless it is about an order in ``rows`` (said in its row)."""
    res = desk_state.last_result()
    if res and desk_state.state().at.result_order not in rows:
        said(d, res)


def back(label: str = "Back to Manage Orders", to: str = "list") -> None:
    st.button(
        label,
        key=f"desk_back_{to}",
        icon=":material/arrow_back:",
        type="tertiary",
        on_click=go_back,
        args=(to,),
    )


def order_detail(d: Desk, oid: str) -> None:
    o = d.order(oid)
    with st.container(border=True, key="desk_detail"):
        st.markdown(f"##### Order details · {o.order_id}")
        banner = d.banner(oid)
        if banner:
            st.warning(banner, icon=":material/notification_important:")
        st.markdown(
            f"**Status** {_status(d, o.status)} · **Purchase date** {o.purchase_date:%b %d, %Y %H:%M}  \n"
            f"**Ship by** {ship_by(d, o):%b %d, %Y %H:%M} · "
            f"**Fulfilment** {FULFILMENT[o.channel]} ({o.channel})"
        )
        if d.shows_buyer(oid):
            st.markdown(f"**Ship to** {o.buyer_name}, {o.ship_city} {o.ship_state}")
        else:  # G40571: a Pending order shows no buyer name, address or contact details
            st.markdown("**Ship to** not shown while payment is pending (no buyer details, no Cancel order).")
        for i in o.items:
            gone = sum(q for s, q in o.cancelled_items if s == i.sku)
            tag = f" · :red[{gone} cancelled]" if gone else ""
            st.markdown(
                f"- {i.title}  \n  :small[SKU {i.sku} · ASIN {i.asin} · Qty {i.quantity} · "
                f"{money(d.rb, i.price)}]{tag}"
            )
        if o.special_request:
            st.markdown(f"**Special request:** {o.special_request.replace('_', ' ')}")
        if o.opened and o.notes:
            st.info(o.notes, icon=":material/sticky_note_2:")
        if o.status == cancelled_status(d.rb) and o.cancel_reason:
            label = d.rb.reason(o.cancel_reason).label
            st.markdown(f"**Cancelled** with reason *{label}*")
            if o.memo:  # typed text: shown as text
                st.text(f"Seller memo: {o.memo}")
        if getattr(o, "auto_cancelled", False):
            st.markdown("**Cancelled automatically by Amazon** (never ship-confirmed).")
        if o.refunded:
            st.markdown("**Refunded** in full.")
        acts = actions(d, o)
        adjustable = (
            is_open(d.rb, o.status) and action_allowed(d.rb, o.status, "adjust", channel=o.channel).ok
        )
        cols = st.columns(max(1, len(acts) + adjustable))
        for col, act in zip(cols, acts, strict=False):
            if act == "confirm_shipment":
                with col:
                    ship_form(d, oid, "detail")
                continue
            col.button(
                ACTION_LABELS[act],
                key=f"desk_{act}_btn",
                width="stretch",
                on_click=do_action,
                args=(d, oid, act),
            )
        if adjustable and not o.adjusted:
            with cols[-1]:
                adjust_form(d, oid)
        if not acts and o.status == unpaid_status(d.rb):
            st.caption("Pending: no Cancel order or Confirm shipment until payment is authorised.")


def cancel_page(d: Desk, oid: str) -> None:
    """Seller Central's Cancel order page for one order."""
    o = d.order(oid)
    draft = desk_state.state().at.cancel  # what is filled in: kept when the page is left
    if draft.order_id != oid:
        draft = desk_state.state().at.cancel = desk_state.CancelDraft(oid)
    back("Back to the order", "order")
    with st.container(border=True, key="desk_cancel_page"):
        st.markdown(f"##### Cancel order · {o.order_id}")
        st.caption(f"{o.product} · {_status(d, o.status)}")
        if d.banner(oid):
            st.warning(d.banner(oid), icon=":material/info:")
        units = sum(i.quantity for i in o.items)
        whole = True
        if units > 1:  # 200198080: Cancel entire order, or Cancel items with quantities
            scope = st.radio(
                "Cancel", ["Cancel entire order", "Cancel items"], horizontal=True,
                **bound_to("desk_dlg_scope", draft, "scope"),
            )  # fmt: skip
            whole = scope == "Cancel entire order"
        qty: dict[str, int] = {}
        if not whole:
            for i in o.items:
                qty[i.sku] = st.number_input(
                    f"Quantity to cancel: {i.title} (SKU {i.sku}, ordered {i.quantity})",
                    0,
                    i.quantity,
                    **bound(f"desk_dlg_qty_{i.sku}", min(draft.qty.get(i.sku, 0), i.quantity),
                            lambda n, sku=i.sku: draft.qty.update({sku: n})),
                )  # fmt: skip
        reasons = d.reasons()
        labels = dict(reasons)
        if draft.reason not in labels:
            draft.reason = None
        reason = st.selectbox(
            "Reason for cancellation",
            [rid for rid, _ in reasons],
            index=None,
            format_func=labels.get,
            placeholder="Select a reason",
            **bound_to("desk_dlg_reason", draft, "reason"),
        )
        memo = st.text_area(
            "Seller memo",
            placeholder="Internal note (not shown to the buyer)",
            **bound_to("desk_dlg_memo", draft, "memo"),
        )
        memo_view.cancel_hint(d, o)
        st.caption(
            "Amazon e-mails the buyer when you submit. "
            "A cancellation may count toward your Cancellation Rate."
        )
        if st.button("Submit", type="primary", key="desk_dlg_submit"):
            if reason is None:
                st.error("Select a Reason for cancellation.")
                return
            if not whole and not any(qty.values()):
                st.error("Enter the quantity to cancel of at least one item.")
                return
            desk_state.set_open(oid, "order")
            if whole:
                desk_state.remember(d.cancel(oid, reason, memo))
            else:
                for sku, n in qty.items():
                    if n:
                        desk_state.remember(d.cancel_items(oid, reason, int(n), memo, sku))
            st.rerun()
