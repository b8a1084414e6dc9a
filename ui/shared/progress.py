"""A progress bar that appears only while the core is actually computing."""

from __future__ import annotations

import time
from contextlib import contextmanager

import streamlit as st

# A redraw is a message to the browser: the core reports up to 50 steps a run, so twenty
# sessions pressing Run at once sent thousands of bar updates (benchmarks/loadtest).  A few a
# second are all a person can read.
MIN_REDRAW_S = 0.25


@contextmanager
def progress_bar(label: str):
    """Yield a ``progress(fraction, message)`` callback for the core.

    The bar is drawn at once (so a click shows work before the first step is
    done) and removed when the block ends; a cache hit only flashes it.
    """
    slot = st.empty()
    bar = slot.progress(0.0, text=f"{label}: starting")
    drawn = time.monotonic()

    def report(fraction: float, message: str = "") -> None:
        nonlocal bar, drawn
        value = min(max(float(fraction), 0.0), 1.0)
        now = time.monotonic()
        if bar is not None and value < 1.0 and now - drawn < MIN_REDRAW_S:
            return
        drawn = now
        text = f"{label}: {message}" if message else label
        if bar is None:
            bar = slot.progress(value, text=text)
        else:
            bar.progress(value, text=text)

    try:
        yield report
    finally:
        slot.empty()
