"""The compliance badge beside a result: drawn from the core's ``compliance`` block, never re-decided."""

from __future__ import annotations

import streamlit as st

from rules.handlings import UNLISTED
from simulator.runs.compliance import COMPLIANT, badge
from simulator.runs.result_types import Compliance

COLORS = {COMPLIANT: "green", "compliance_risk": "orange", UNLISTED: "orange", "violation": "red"}


def compliance_badge(block: Compliance | None, *, detail: bool = True, key: str | None = None) -> None:
    """A coloured badge ("⚠️ Compliance risk"), and below it what is flagged, why and the source."""
    if not block:
        return
    icon, text = badge(block).split(" ", 1)
    st.badge(text, icon=icon, color=COLORS[block.status])
    if not detail or not block.flags:
        return
    lines = []
    for f in block.flags:
        src = f" Source: {f.source}." if f.source else ""
        lines.append(f"- **{f.situation_label}**, {f.procedure_label.lower()}: {f.why}{src}")
    box = st.error if block.status == "violation" else st.warning
    box(f"**{block.summary}**\n\n" + "\n".join(lines), icon=":material/policy:")


def titled(title: str, block: Compliance | None) -> str:
    """A policy's name with its badge, for table headers and chart legends."""
    return f"{title} {badge(block)}" if block and block.status != COMPLIANT else title
