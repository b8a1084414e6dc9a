"""A progress bar that appears only while the core is actually computing."""

from __future__ import annotations

from contextlib import contextmanager

import streamlit as st


@contextmanager
def progress_bar(label: str):
    """Yield a ``progress(fraction, message)`` callback for the core.

    The bar is drawn at once (so a click shows work before the first step is
    done) and removed when the block ends; a cache hit only flashes it.
    """
    slot = st.empty()
    bar = slot.progress(0.0, text=f"{label}: starting")

    def report(fraction: float, message: str = "") -> None:
        nonlocal bar
        value = min(max(float(fraction), 0.0), 1.0)
        text = f"{label}: {message}" if message else label
        if bar is None:
            bar = slot.progress(value, text=text)
        else:
            bar.progress(value, text=text)

    try:
        yield report
    finally:
        slot.empty()
