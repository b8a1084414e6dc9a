"""Rolling-window rates and the JSON blocks shared by `run` and `replay`.

All inputs are per-day count arrays; nothing here loops over orders.
"""

from __future__ import annotations

import warnings

import numpy as np

from formats.rulebook import Metric, Rulebook


def rolling_sum(daily: np.ndarray, window: int) -> np.ndarray:
    """Sum over the ``window`` days ending on each day (shorter at the start)."""
    return _windowed(np.cumsum(daily, axis=-1, dtype=np.int64), window)


def _windowed(c: np.ndarray, window: int) -> np.ndarray:
    """Rolling sums from the running sums ``c``."""
    out = c.copy()
    out[..., window:] = c[..., window:] - c[..., :-window]
    return out


def rolling_rate(numer: np.ndarray, denom: np.ndarray, window: int) -> np.ndarray:
    """Rate over each trailing window; NaN where the window has no orders."""
    return _rate(rolling_sum(numer, window), rolling_sum(denom, window))


def _rate(numer_sums: np.ndarray, denom_sums: np.ndarray) -> np.ndarray:
    n, d = numer_sums.astype(float), denom_sums.astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(d > 0, n / np.where(d > 0, d, 1), np.nan)


class Rates:
    """The rolling rates of one count over another (2-D: runs x days), each window computed once.

    A result reads the same window's rates for several blocks (the headline, the peaks, the
    daily rows); they share these.
    """

    def __init__(self, numer: np.ndarray, denom: np.ndarray):
        self.numer, self.denom = np.atleast_2d(numer), np.atleast_2d(denom)
        self._sums: tuple[np.ndarray, np.ndarray] | None = None
        self._by_window: dict[int, np.ndarray] = {}

    def __call__(self, window: int) -> np.ndarray:
        """``rolling_rate(numer, denom, window)``: the running sums are shared by the windows."""
        if window not in self._by_window:
            if self._sums is None:
                n = np.cumsum(self.numer, axis=-1, dtype=np.int64)
                self._sums = (n, np.cumsum(self.denom, axis=-1, dtype=np.int64))
            n, d = self._sums
            self._by_window[window] = _rate(_windowed(n, window), _windowed(d, window))
        return self._by_window[window]


def _num(x: float) -> float | None:
    return None if x is None or (isinstance(x, float) and np.isnan(x)) else round(float(x), 6)


def _per_run(rate: np.ndarray, fn) -> float | None:
    """Mean over runs (rows) of a per-run statistic; runs with no orders at all are left out."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        vals = fn(rate, axis=1)
        return _num(np.nanmean(vals)) if np.isfinite(vals).any() else None


def cancellation_rate_block(
    rb: Rulebook,
    counted: np.ndarray,
    seller_fulfilled: np.ndarray,
    warmup: int = 0,
    rates: Rates | None = None,
) -> dict:
    """The `cancellation_rate` JSON block.

    1-D counts are one stream (a replay, a single run); 2-D counts are Monte Carlo
    runs (rows), whose figures are means over runs plus breach probabilities.
    The first ``warmup`` days are history: they fill the windows but are not reported.
    ``rates``: the same counts' rates, when the caller reads them for other blocks too.
    """
    single = np.ndim(counted) == 1
    rates = rates or Rates(counted, seller_fulfilled)
    m = rb.metrics.cancellation_rate
    windows, any_breach = {}, np.zeros(rates.numer.shape[0], dtype=bool)
    for w in m.windows_days:
        rate = rates(w)[:, warmup:]
        over = over_limit(rate, rb, "cancellation_rate")
        hit = over.any(axis=1)
        any_breach |= hit
        days = over.sum(axis=1)
        windows[str(w)] = {
            "max": _per_run(rate, np.nanmax),
            "mean": _per_run(rate, np.nanmean),
            "days_over_limit": int(days[0]) if single else round(float(days.mean()), 4),
        }
        if not single:
            windows[str(w)]["breach_probability"] = round(float(hit.mean()), 6)
    breach = float(any_breach[0]) if single else round(float(any_breach.mean()), 6)
    return rate_headline(m, windows, breach)


def rate_headline(m: Metric, windows: dict, breach_probability: float) -> dict:
    """The Cancellation Rate block: the first window's figures up front, every window below."""
    first = windows[str(m.windows_days[0])]
    return {
        "limit": m.limit,
        "window_days": m.windows_days[0],
        "windows_days": list(m.windows_days),
        "max": first["max"],
        "mean": first["mean"],
        "days_over_limit": first["days_over_limit"],
        "breach_probability": breach_probability,
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

    The metric's own comparison (``Metric.breached``: "under 2.5%" makes 2.5% a breach), the
    one ``rules.rate_breach`` uses, over the whole array; the tests check the two agree.
    """
    m = getattr(rb.metrics, metric)
    with np.errstate(invalid="ignore"):
        return np.asarray(m.breached(rate)) & ~np.isnan(rate)
