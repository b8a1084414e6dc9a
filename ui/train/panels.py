"""The desk's panels: exercise card, Manage Orders list, order detail, messaging,
account health and the debrief.  They draw what training.Desk returns."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from training import Desk
from training.grader import TRAP_WORDS
from training.messages import PURPOSES
from training.wording import rule_name
from ui.train import state as desk_state
from ui.train.cancel_dialog import draw_open_dialog, open_cancel_dialog
from ui.train.charts import rate_gauge

CHANNEL = {"MFN": "Seller", "AFN": "Amazon"}
WAITS = (1, 4, 24)


def _status(d: Desk, status: str) -> str:
    """Seller Central's label for a status id (Partially Shipped, not PartiallyShipped)."""
    found = d.rb.status(status)
    return found.label if found else status


def exercise_card(d: Desk, on_finish) -> None:
    with st.container(border=True, key="desk_card"):
        left, right = st.columns([3, 2], vertical_alignment="center")
        with left:
            if d.exercise:
                st.markdown(f"**Exercise: {d.exercise.title}**")
                st.write(d.exercise.card)
                st.markdown(f"Order to handle: `{d.exercise_order.order_id}`")
            else:
                st.markdown("**Free practice** (not graded)")
                st.write("Handle any order you like and watch what it does to the account.")
        with right:
            st.markdown(f":material/schedule: Simulated time: **{d.now:%a %d %b %Y, %H:%M}**")
            cols = st.columns(len(WAITS))
            for col, h in zip(cols, WAITS, strict=True):
                if col.button(f"Wait {h} h", key=f"desk_wait_{h}", width="stretch"):
                    happened = d.wait(h, desk_state.open_id())
                    desk_state.remember(" ".join(happened) or f"{h} simulated hours passed. Nothing new.")
                    st.rerun()
            label = "Finish and grade" if d.exercise else "End practice"
            if st.button(label, type="primary", key="desk_finish", width="stretch", icon=":material/flag:"):
                on_finish()


def order_list(d: Desk) -> None:
    st.markdown("##### Manage Orders")
    c1, c2 = st.columns([3, 2])
    text = c1.text_input("Search by order ID", key="desk_search", placeholder="e.g. 112-1234567-1234567")
    status = c2.selectbox(
        "Order status",
        ["All", *d.statuses()],
        format_func=lambda s: s if s == "All" else _status(d, s),
        key="desk_status",
    )
    rows = d.search(text, status)
    table = pd.DataFrame(
        [
            {
                "Order ID": o.order_id,
                "Status": _status(d, o.status),
                # in sight without scrolling: Seller Central flags the buyer's request on the order row
                "Notice": "Buyer requested cancellation"
                if o.buyer_requested and o.status != "Canceled"
                else "",
                "Order date": o.purchase_date.strftime("%b %d, %H:%M"),
                "Fulfilled by": CHANNEL[o.channel],
                "Product": o.product,
                "Buyer": o.buyer_name if d.shows_buyer(o.order_id) else "—",  # Pending: not shown
            }
            for o in rows
        ]
    )
    if table.empty:
        st.info("No order matches this search.", icon=":material/search_off:")
        return
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        height=260,
        key="desk_table",
        column_config={"Order ID": st.column_config.TextColumn(width=150)},
    )
    ids = [o.order_id for o in rows]
    current = desk_state.open_id() or (d.exercise_order.order_id if d.exercise else None)
    c1, c2 = st.columns([2, 1], vertical_alignment="bottom")
    pick = c1.selectbox(
        "Order",
        ids,
        index=ids.index(current) if current in ids else 0,
        key="desk_pick",
    )
    if c2.button("Open order", key="desk_open_btn", width="stretch"):
        desk_state.remember(d.open_order(pick))
        desk_state.set_open(pick)
        st.rerun()


def order_detail(d: Desk) -> None:
    oid = desk_state.open_id()
    res = desk_state.last_result()
    if res:
        ok, msg, rule = res
        text = msg + (f"  \n*{rule_name(d.rb, rule, _exercises(d))}*" if rule else "")
        (st.success if ok else st.error)(text, icon=":material/check_circle:" if ok else ":material/block:")
    if oid is None:
        st.caption("Open an order to see its details, its messages and what you can do with it.")
        return
    o = d.order(oid)
    with st.container(border=True, key="desk_detail"):
        st.markdown(f"##### Order details · {o.order_id}")
        banner = d.banner(oid)
        if banner:
            st.warning(banner, icon=":material/notification_important:")
        c1, c2, c3 = st.columns(3)
        c1.markdown(f"**Status**  \n{_status(d, o.status)}")
        c2.markdown(f"**Purchase date**  \n{o.purchase_date:%b %d, %Y %H:%M}")
        c3.markdown(f"**Fulfilled by**  \n{CHANNEL[o.channel]} ({o.channel})")
        if d.shows_buyer(oid):
            st.markdown(f"**Ship to** {o.buyer_name}, {o.ship_city} {o.ship_state}")
        else:  # G40571: a Pending order shows no buyer name, address or contact details
            st.markdown("**Ship to** not shown while payment is pending (no buyer details, no Cancel order).")
        st.dataframe(
            pd.DataFrame(
                [
                    {"Product": i.title, "SKU": i.sku, "ASIN": i.asin, "Qty": i.quantity, "Price": i.price}
                    for i in o.items
                ]
            ),
            hide_index=True,
            width="stretch",
            # sized to fit the half-width column at 1280 px, so Price is not cut off
            column_config={
                "Product": st.column_config.TextColumn(width=150),
                "SKU": st.column_config.TextColumn(width=80),
                "ASIN": st.column_config.TextColumn(width=100),
                "Qty": st.column_config.NumberColumn(width=40),
                "Price": st.column_config.NumberColumn(format="$%.2f", width=70),
            },
        )
        if o.special_request:
            st.markdown(f"**Special request:** {o.special_request.replace('_', ' ')}")
        if o.opened and o.notes:
            st.info(o.notes, icon=":material/sticky_note_2:")
        if o.status == "Canceled" and o.cancel_reason:
            label = d.rb.reason(o.cancel_reason).label
            st.markdown(
                f"**Cancelled** with reason *{label}*" + (f" · Seller memo: {o.memo}" if o.memo else "")
            )
        if o.refunded:
            st.markdown("**Refunded** in full.")
        b1, b2, b3 = st.columns(3)
        # Pending: Manage Orders has no Cancel order / Confirm shipment control (G40571)
        pending = not d.shows_buyer(oid)
        if not pending and b1.button("Cancel order", key="desk_cancel_btn", width="stretch"):
            open_cancel_dialog(oid)
        draw_open_dialog()
        if b2.button(
            "Refund order",
            key="desk_refund_btn",
            width="stretch",
        ):
            desk_state.remember(d.refund(oid))
            st.rerun()
        if not pending and b3.button(
            "Confirm shipment",
            key="desk_ship_btn",
            width="stretch",
        ):
            desk_state.remember(d.confirm_shipment(oid))
            st.rerun()


def inbox(d: Desk) -> None:
    """Every buyer message on the desk; an official request shows Amazon's subject line."""
    rows = d.inbox()
    with st.expander(f"Inbox ({len(rows)})", expanded=False, key="desk_inbox"):
        for o, m in rows:
            subject = m.subject or "Message from the buyer"
            st.markdown(f"- **{subject}** · order {o.order_id}: {m.text[:80]}")


def messaging(d: Desk) -> None:
    oid = desk_state.open_id()
    with st.container(border=True, key="desk_messages"):
        st.markdown("##### Buyer-Seller Messaging")
        inbox(d)
        if oid is None:
            st.caption("Open an order to read and send messages.")
            return
        o = d.order(oid)
        with st.container(height=190, border=False):
            if not o.messages:
                st.caption("No messages yet.")
            for m in o.messages:
                when = d.start.replace(microsecond=0) + pd.Timedelta(hours=m.hour)
                who = o.buyer_name if m.sender == "buyer" else "You"
                icon = ":material/person:" if m.sender == "buyer" else ":material/storefront:"
                with st.chat_message(m.sender, avatar=icon):
                    st.markdown(f"**{who}** · {when:%b %d %H:%M}")
                    if m.subject:  # the official request's subject: tell it apart from a plain message
                        st.markdown(f"**Subject: {m.subject}**")
                    st.markdown(m.text.replace("\n", "  \n"))
        purpose = st.selectbox(
            "Template", list(PURPOSES), format_func=PURPOSES.get, key=f"desk_purpose_{oid}"
        )
        text = st.text_area(
            "Message", value=d.draft(oid, purpose), height=150, key=f"desk_msg_{oid}_{purpose}"
        )
        if st.button("Send", key="desk_send", icon=":material/send:"):
            desk_state.remember(d.message_buyer(oid, purpose, text))
            st.rerun()


def account_panel(d: Desk) -> None:
    a = d.account()
    with st.container(border=True, key="desk_account"):
        st.markdown("##### Account Health")
        rate = a["rate"]
        delta, colour, arrow = None, "inverse", "auto"
        if rate is not None and a["background_rate"] is not None:
            change = rate - a["background_rate"]
            delta = f"{change * 100:+.2f} pp from your actions" if change else "no change from your actions"
            colour, arrow = ("inverse", "auto") if change else ("off", "off")
        st.metric(
            f"{a['window_days']}-day Cancellation Rate",
            "n/a" if rate is None else f"{rate:.2%}",
            delta=delta,
            delta_color=colour,
            delta_arrow=arrow,
            help=a["breach_reason"],
        )
        st.altair_chart(rate_gauge(a), width="stretch")
        st.caption(
            f"{a['counted_cancellations']} counted cancellations / {a['seller_fulfilled_orders']} "
            f"seller-fulfilled orders, 7 days to {a['date']}. {a['breach_reason']}"
        )
        st.metric(
            f"Negative feedback, last {a['feedback_window_days']} days",
            a["negative_feedback"],
            help="Negative feedback the account received from its background orders.",
        )
        st.markdown(_expected_feedback_line(a), help=_EXPECTED_HELP)
        rows = d.feedback()
        if rows:
            st.markdown("**Feedback risk of the orders you handled**")
            # free practice can handle many orders: keep the panel short, scroll inside it
            with st.container(height=240 if len(rows) > 2 else "content", border=False):
                for r in reversed(rows):
                    tag = " *(assumption)*" if r["assumption"] else ""
                    st.markdown(f"- `{r['order_id']}` **{r['risk']:.1%}**{tag}: {r['why']}")
        st.caption(f"Background: {a['background_source']}.")


def _exercises(d: Desk) -> list:
    return [d.exercise] if d.exercise else []


_EXPECTED_HELP = (
    "The chance of negative feedback of each order you handled, added up: 0.04 means about "
    "4 negative ratings in 100 orders handled like yours. The list below gives each order's risk and why."
)


def _expected_feedback_line(a: dict) -> str:
    if not a["handled_orders"]:
        return "**Expected negative feedback from your handling:** none yet (no order handled)"
    tag = " *(assumption)*" if a["expected_feedback_assumption"] else ""
    n = a["handled_orders"]
    return (
        f"**Expected negative feedback from your handling:** {a['expected_feedback']:.2f}{tag}, "
        f"from the {n} order{'s' if n != 1 else ''} you handled"
    )


def debrief(f, trainee: str) -> None:
    g = f.grade
    with st.container(border=True, key="desk_debrief"):
        st.markdown(f"### Debrief: {g.title}")
        c1, c2, c3 = st.columns(3)
        c1.metric("Score", f"{g.score:.0%}")
        c2.metric("Result", "Passed" if g.passed else "Not passed yet")
        c3.metric("Pass mark", f"{g.pass_score:.0%}")
        st.markdown(
            f"**The card teaches:** {g.procedure_label or g.procedure}  \n"
            f"**What you did:** {g.followed_label or g.followed}"
        )
        if g.traps_hit:
            st.error(
                f"Trap hit: {'; '.join(TRAP_WORDS.get(t, t) for t in g.traps_hit)}. "
                "An exercise with a trap is not passed, "
                "whatever the score. The deductions below say which rule it breaks.",
                icon=":material/warning:",
            )
        left, right = st.columns(2)
        with left:
            st.markdown("#### What went right")
            for w in g.went_right or ["Nothing yet."]:
                st.markdown(f":material/check: {w}")
        with right:
            st.markdown("#### What to do differently")
            if not g.deductions:
                st.markdown("Nothing: you followed a handling the rulebook grades best.")
            for dd in g.deductions:
                st.markdown(
                    f":material/close: **{dd.what}** (-{dd.points:g}): {dd.why}  \n"
                    f"*{dd.rule_label or dd.rule}* :small[:gray[({dd.rule})]]  \n"
                    f":small[Source: {dd.source}]"
                )
        with st.expander("Every handling the rulebook lists here (the answer key)"):
            for k in g.key:
                mine = " (yours)" if k["id"] == g.followed else ""
                flag = " *(assumption)*" if k["assumption"] else ""
                st.markdown(
                    f"**{k['grade_words']}**{mine}: {k['label']}{flag}. {k['why']} :small[({k['source']})]"
                )
        st.download_button(
            "Download debrief",
            f.debrief,
            file_name=f"debrief-{g.exercise_id}-{f.attempt_id}.md",
            mime="text/markdown",
            icon=":material/download:",
            key="desk_download",
        )
        if f.attempt_id is None:
            st.caption("Guest practice: graded, not recorded.")
        else:
            st.caption(f"Saved as attempt #{f.attempt_id} for {trainee}: your trainer sees it.")
