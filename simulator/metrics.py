"""Rolling-window rates and the JSON blocks shared by `run` and `replay`.

All inputs are per-day count arrays; nothing here loops over orders.
"""

from __future__ import annotations

import numpy as np

from rules import rate_breach
from rules.schema import Rulebook


def rolling_sum(daily: np.ndarray, window: int) -> np.ndarray:
    """Sum over the ``window`` days ending on each day (shorter at the start)."""
    c = np.cumsum(np.asarray(daily, dtype=np.int64), axis=-1)
    out = c.copy()
    out[..., window:] = c[..., window:] - c[..., :-window]
    return out


def rolling_rate(numer: np.ndarray, denom: np.ndarray, window: int) -> np.ndarray:
    """Rate over each trailing window; NaN where the window has no orders."""
    n = rolling_sum(numer, window).astype(float)
    d = rolling_sum(denom, window).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(d > 0, n / np.where(d > 0, d, 1), np.nan)


def breaches(rate: np.ndarray, rb: Rulebook) -> np.ndarray:
    """Boolean mask of days over the Cancellation Rate limit (equal is not over).

    The rule itself lives in ``rules.rate_breach``; this vectorises the same
    comparison and is checked against it in the tests.
    """
    limit = rb.metrics.cancellation_rate.limit
    assert rb.metrics.cancellation_rate.direction == "max"
    with np.errstate(invalid="ignore"):
        return np.nan_to_num(rate, nan=-1.0) > limit


def explain_day(rb: Rulebook, rate: float | None) -> str:
    return rate_breach(rb, "cancellation_rate", rate).reason


def _num(x: float) -> float | None:
    return None if x is None or (isinstance(x, float) and np.isnan(x)) else round(float(x), 6)


def cancellation_rate_block(
    rb: Rulebook,
    counted: np.ndarray,
    seller_fulfilled: np.ndarray,
    runs_breached: float | None = None,
    warmup: int = 0,
) -> dict:
    """The `cancellation_rate` JSON block for one stream of daily counts.

    ``runs_breached`` overrides ``breach_probability`` for Monte Carlo runs.
    The first ``warmup`` days are history: they fill the windows but are not reported.
    """
    m = rb.metrics.cancellation_rate
    windows = {}
    for w in m.windows_days:
        rate = rolling_rate(counted, seller_fulfilled, w)[warmup:]
        over = breaches(rate, rb)
        windows[str(w)] = {
            "max": _num(np.nanmax(rate)) if np.isfinite(rate).any() else None,
            "mean": _num(np.nanmean(rate)) if np.isfinite(rate).any() else None,
            "days_over_limit": int(over.sum()),
        }
    first = windows[str(m.windows_days[0])]
    breached = any(v["days_over_limit"] for v in windows.values())
    return {
        "limit": m.limit,
        "window_days": m.windows_days[0],
        "windows_days": list(m.windows_days),
        "max": first["max"],
        "mean": first["mean"],
        "days_over_limit": first["days_over_limit"],
        "breach_probability": runs_breached if runs_breached is not None else float(breached),
        "by_window": windows,
    }


def daily_block(
    dates: list[str],
    orders: np.ndarray,
    seller_fulfilled: np.ndarray,
    counted: np.ndarray,
    rb: Rulebook,
    warmup: int = 0,
) -> list[dict]:
    """The `daily` JSON block: one row per day, with every window's rolling rate.

    Count arrays may start with ``warmup`` days of history (not reported; ``dates``
    covers only the reported days).
    """
    windows = rb.metrics.cancellation_rate.windows_days
    rates = {w: rolling_rate(counted, seller_fulfilled, w)[warmup:] for w in windows}
    orders, seller_fulfilled, counted = (np.asarray(a)[warmup:] for a in (orders, seller_fulfilled, counted))
    rows = []
    for i, d in enumerate(dates):
        row = {
            "date": d,
            "orders": int(orders[i]),
            "seller_fulfilled_orders": int(seller_fulfilled[i]),
            "counted_cancellations": int(counted[i]),
            "rolling_cancellation_rate": _num(rates[windows[0]][i]),
        }
        for w in windows[1:]:
            row[f"rolling_cancellation_rate_{w}d"] = _num(rates[w][i])
        rows.append(row)
    return rows


def over_limit(rate: np.ndarray, rb: Rulebook, metric: str) -> np.ndarray:
    """Boolean mask of days where ``metric`` breaches its limit (NaN = no orders = no breach).

    The same comparison as ``rules.rate_breach`` (equal to the limit is not a
    breach), vectorised; the tests check the two agree.
    """
    m = getattr(rb.metrics, metric)
    with np.errstate(invalid="ignore"):
        if m.direction == "max":
            return np.nan_to_num(rate, nan=-np.inf) > m.limit
        return np.nan_to_num(rate, nan=np.inf) < m.limit
