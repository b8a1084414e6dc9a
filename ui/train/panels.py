"""The desk's panels: exercise card, Manage Orders list, order detail, messaging,
account health and the debrief.  They draw what training.Desk returns."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from training import Desk, DeskKind
from training.desk_view import default_purpose, finish_warning
from training.grader import TRAP_WORDS
from training.listings import suppression_warnings
from training.messages import PURPOSES
from training.wording import plural
from ui.shared.state import bound
from ui.train import memo_view
from ui.train import state as desk_state
from ui.train.charts import rate_gauge

CHANNEL = {"MFN": "Seller", "AFN": "Amazon"}
WAITS = (1, 4, 24)


def _status(d: Desk, status: str) -> str:
    """Seller Central's label for a status id (Partially Shipped, not PartiallyShipped)."""
    found = d.rb.status(status)
    return found.label if found else status


# The desk's frequent buttons act in on_click callbacks: the click's one script run then draws
# the result, where `if st.button(): ...; st.rerun()` made two (benchmarks/loadtest).


def open_order(d: Desk, oid: str) -> None:
    desk_state.opened(d.open_order(oid), oid)


def wait_words(hours: float, happened: list[str]) -> str:
    """What happened while waiting, one line per event (several orders' news in one paragraph
    could not be told apart)."""
    passed = f"{plural(hours, 'simulated hour')} passed"
    if not happened:
        return f"{passed}. Nothing new."
    return f"{passed}:\n" + "\n".join(f"- {h}" for h in happened)


def wait(d: Desk, hours: int) -> None:
    desk_state.remember(wait_words(hours, d.wait(hours, desk_state.open_id())))


def send(d: Desk, oid: str, purpose: str, message: dict) -> None:
    """Send the message box's text: its change is kept first (the click may come before it)."""
    message["on_change"]()
    desk_state.remember(d.message_buyer(oid, purpose, desk_state.state().at.drafts[message["key"]]))


def exercise_card(d: Desk, on_finish) -> None:
    with st.container(border=True, key="desk_card"):
        left, right = st.columns([3, 2], vertical_alignment="center")
        with left:
            if d.exercise:
                st.markdown(f"**Exercise: {d.exercise.title}**  \n{d.exercise.card}")
                oid = d.exercise_order.order_id
                st.button(
                    f"Order to handle: {oid}",
                    key="desk_card_order",
                    type="tertiary",
                    on_click=open_order,
                    args=(d, oid),
                )
            elif d.kind is DeskKind.SHIFT:
                waiting = d.open_items()
                st.markdown(f"**Shift at the desk** · {plural(len(d.arrived()), 'order')} in, "
                            f"{plural(waiting, 'order')} waiting")  # fmt: skip
                st.write("Ship what is routine before its ship-by; handle each incident the rulebook's way.")
            else:
                st.markdown("**Free practice** (not graded)")
                st.write("Handle any order you like and watch what it does to the account.")
        with right:
            st.markdown(f":material/schedule: Simulated time: **{d.now:%a %d %b %Y, %H:%M}**")
            if not (
                d.kind is DeskKind.SHIFT and d.recipe.get("assignment") is not None
            ):  # its seed is sealed
                st.caption(f"Instance #{d.recipe.get('seed')}: each attempt draws its own buyers and orders.")
            cols = st.columns(len(WAITS))
            for col, h in zip(cols, WAITS, strict=True):
                col.button(f"Wait {h} h", key=f"desk_wait_{h}", width="stretch", on_click=wait, args=(d, h))
            finish_button(d, on_finish)


def finish_button(d: Desk, on_finish) -> None:
    """Finish; it asks first when nothing is done yet (a stray click would save a 0% attempt) or
    a shift is finished before its end (the orders still to come are not graded)."""
    label = {DeskKind.SHIFT: "Finish shift", DeskKind.EXERCISE: "Finish and grade"}.get(
        d.kind, "End practice"
    )
    at = desk_state.state().at
    question = finish_warning(d)
    if at.confirm_finish and question:
        st.warning(question, icon=":material/help:")
        c1, c2 = st.columns(2)
        if c1.button("Yes, finish", type="primary", key="desk_finish_yes", width="stretch"):
            at.confirm_finish = False
            on_finish()  # reruns when saved; returns when not (the page says why)
            at.confirm_finish = True  # not saved: keep the question, so Yes tries again
        if c2.button("Keep working", key="desk_finish_no", width="stretch"):
            at.confirm_finish = False
            st.rerun()
        return
    if st.button(label, type="primary", key="desk_finish", width="stretch", icon=":material/flag:"):
        if question:
            at.confirm_finish = True
            st.rerun()
        on_finish()


def inbox(d: Desk) -> None:
    """Every buyer message on the desk (of the orders in the list); an official request shows
    Amazon's subject line."""
    rows = d.inbox()
    with st.expander(f"Inbox ({len(rows)})", expanded=False, key="desk_inbox"):
        for o, m in rows:
            subject = m.subject or "Message from the buyer"
            st.markdown(f"- **{subject}** · order {o.order_id}:")
            st.text(m.text[:80])  # typed text (the buyer's or the trainee's): shown as text


def messaging(d: Desk) -> None:
    oid = desk_state.open_id()
    with st.container(border=True, key="desk_messages"):
        st.markdown("##### Buyer-Seller Messaging")
        inbox(d)
        if oid is None:
            st.caption("Open an order to read and send messages.")
            return
        o = d.order(oid)
        with st.container(height=190 if len(o.messages) > 1 else "content", border=False):
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
                    st.text(m.text)  # typed text: never rendered as markdown or HTML
        at = desk_state.state().at
        first = default_purpose(d, o)  # the rulebook's template for what the order is; never a trap
        chosen = f"{oid}_{first}"  # a new default (the order's situation moved on) picks afresh
        at.purposes.setdefault(chosen, first)
        purpose = st.selectbox(
            "Template",
            list(PURPOSES),
            format_func=PURPOSES.get,
            **bound(f"desk_purpose_{chosen}", at.purposes[chosen], lambda v: at.purposes.update({chosen: v})),
        )
        text = f"desk_msg_{oid}_{purpose}"  # until typed in, the template's draft for this order
        message = bound(
            text, at.drafts.get(text, d.draft(oid, purpose)), lambda v: at.drafts.update({text: v})
        )
        st.text_area("Message", height=150, **message)
        st.button(
            "Send", key="desk_send", icon=":material/send:", on_click=send, args=(d, oid, purpose, message)
        )


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
        st.vega_lite_chart(spec=rate_gauge(a), width="stretch")
        for warning in suppression_warnings(d.rb, d.orders, d.steps):
            st.warning(warning, icon=":material/visibility_off:")
        st.caption(
            f"{plural(a['counted_cancellations'], 'counted cancellation')} / "
            f"{plural(a['seller_fulfilled_orders'], 'seller-fulfilled order')}, "
            f"{a['window_days']} days to {a['date']}. {a['breach_reason']}"
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
                memo_view.key_memo(k)
        st.download_button(
            "Download debrief",
            f.debrief,
            file_name=f"debrief-{g.exercise_id}-{f.attempt_id}.md",
            mime="text/markdown",
            icon=":material/download:",
            key="desk_download",
        )
        memo_view.written(getattr(f, "memo", ""))  # typed text: shown as text
        if f.attempt_id is None:
            st.caption("Guest practice: graded, not recorded.")
        else:
            st.caption(f"Saved as attempt #{f.attempt_id} for {trainee}: your trainer sees it.")
