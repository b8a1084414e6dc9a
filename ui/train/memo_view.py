"""The Seller memo on the desk's pages: the house rule that asks for one (marked as an
assumption), and the memo the trainee wrote, always shown as text, never as markdown."""

from __future__ import annotations

import streamlit as st

from training import Desk
from training.debrief import memo_words

HOUSE = "a house rule, not an Amazon requirement"


def memo_rule(d: Desk, order) -> object | None:
    """The memo rule of the order's situation, if one of its handlings asks for a memo."""
    si = d.rb.situation(order.situation or "")
    return next((h.memo for h in si.handlings if h.memo_required), None) if si else None


def cancel_hint(d: Desk, order) -> None:
    """Under the cancel page's memo box: the shop's rule, once the order has been opened."""
    rule = memo_rule(d, order) if order.opened else None
    if rule is not None:
        tag = f" (an assumption: {HOUSE})" if rule.assumption else ""
        st.caption(f":material/edit_note: House rule{tag}: write a Seller memo here. {rule.why}")


def key_memo(row: dict) -> None:
    """One answer-key row's memo rule, with its source and assumption."""
    if row.get("memo"):
        st.caption(memo_words(row["memo"]))


def written(memo: str) -> None:
    """The memo the trainee typed, as plain text (never markdown)."""
    st.text(f"Seller memo: {memo}" if memo else "Seller memo: none written")
