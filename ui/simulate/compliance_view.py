"""The compliance badge beside a result: drawn from the core's ``compliance`` block, never re-decided."""

from __future__ import annotations

import streamlit as st

from rules.handlings import UNLISTED
from simulator.runs.compliance import COMPLIANT, ICONS, badge
from simulator.runs.result_types import Compliance

COLORS = {COMPLIANT: "green", "compliance_risk": "orange", UNLISTED: "orange", "violation": "red"}
# A card shows this badge beside its sample run's breach badge: they answer different questions.
COMPLIANCE_HELP = (
    "Compliant: every path this policy takes is one the rulebook grades acceptable or best. "
    "It says nothing about the Cancellation Rate; the breach badge shows that."
)


def icon(block: Compliance) -> str:
    """The status's Material icon, drawn by Streamlit in any browser (an emoji needs a font)."""
    return f":material/{ICONS[block.status]}:"


def markdown_badge(block: Compliance) -> str:
    """The badge inside a markdown text, e.g. ``:red-badge[:material/block: Violation]``."""
    return f":{COLORS[block.status]}-badge[{icon(block)} {badge(block)}]"


def compliance_badge(block: Compliance | None, *, detail: bool = True, key: str | None = None) -> None:
    """A coloured badge ("Compliance risk" with its icon, and what it means on hover), and
    below it what is flagged, why and the source."""
    if not block:
        return
    st.badge(badge(block), icon=icon(block), color=COLORS[block.status], help=COMPLIANCE_HELP)
    if not detail or not block.flags:
        return
    lines = []
    for f in block.flags:
        src = f" Source: {f.source}." if f.source else ""
        lines.append(f"- **{f.situation_label}**, {f.procedure_label.lower()}: {f.why}{src}")
    box = st.error if block.status == "violation" else st.warning
    box(f"**{block.summary}**\n\n" + "\n".join(lines), icon=":material/policy:")


def titled(title: str, block: Compliance | None) -> str:
    """A policy's name with its status in words, for table headers and chart legends
    (which draw no icons): "Ask buyer first (Violation)"."""
    return f"{title} ({badge(block)})" if block and block.status != COMPLIANT else title
