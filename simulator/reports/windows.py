"""Rolling windows at the start of a report: partial ones are marked and kept out of the headline.

A report has no history before its first day, so the first ``w - 1`` days of a ``w``-day
window cover only part of it (DOMAIN.md s.8).  Their rates are shown, marked with how many of
the window's days the data covers, but the headline figures (peak, mean, days over the limit,
breach) use the full-window days only; the partial days get figures of their own.
"""

from __future__ import annotations

import numpy as np

from formats.rulebook import Rulebook
from simulator.engine.metrics import _num, over_limit, rate_headline, rolling_rate


def _figures(rate: np.ndarray, rb: Rulebook) -> dict:
    finite = rate[np.isfinite(rate)]
    return {
        "max": _num(finite.max()) if finite.size else None,
        "mean": _num(finite.mean()) if finite.size else None,
        "days_over_limit": int(over_limit(rate, rb, "cancellation_rate").sum()),
    }


def rate_block(rb: Rulebook, counted: np.ndarray, seller_fulfilled: np.ndarray) -> dict:
    """The replay's `cancellation_rate` block: headline from full windows, partial days apart."""
    m = rb.metrics.cancellation_rate
    windows, breach = {}, False
    for w in m.windows_days:
        rate = rolling_rate(counted, seller_fulfilled, w)
        partial = min(w - 1, rate.size)
        full = _figures(rate[partial:], rb)
        full["full_window_days"] = int(rate.size - partial)
        full["partial"] = {"days": partial, **_figures(rate[:partial], rb)}
        breach |= full["days_over_limit"] > 0
        windows[str(w)] = full
    return rate_headline(m, windows, float(breach))


def mark_partial_days(daily: list[dict], rb: Rulebook) -> None:
    """Add to each day how many of each window's days the data covers, and whether that is partial."""
    windows = rb.metrics.cancellation_rate.windows_days
    for i, row in enumerate(daily):
        for k, w in enumerate(windows):
            tail = "" if k == 0 else f"_{w}d"
            covered = min(i + 1, w)
            row[f"window_days_covered{tail}"] = covered
            row[f"partial_window{tail}"] = covered < w
