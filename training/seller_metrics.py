"""The seller account's metrics behind the desk: background order flow plus the trainee's actions.

The background comes from the simulator (``simulate()`` daily counts for the
scenario).  The desk's own cancellations are added on the day they happen, and
the 7-day Cancellation Rate is recomputed with the simulator's rolling window,
so a seller cancel moves the rate up and a buyer-requested one leaves it alone.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

import numpy as np

from formats.rulebook import Rulebook
from rules import rate_breach
from simulator.engine.metrics import rolling_rate, rolling_sum
from simulator.runs.montecarlo import simulate

FEEDBACK_WINDOW_DAYS = 30


@dataclass(frozen=True)
class Background:
    """Daily counts of the scenario's order flow; the desk's day is the last one."""

    dates: list[str]
    seller_fulfilled: np.ndarray
    counted: np.ndarray
    negative_feedback: np.ndarray
    source: str

    @classmethod
    def from_daily(cls, daily: list[dict], source: str) -> Background:
        def col(key: str) -> np.ndarray:
            return np.rint([float(d.get(key) or 0) for d in daily]).astype(np.int64)

        return cls(
            [str(d["date"]) for d in daily],
            col("seller_fulfilled_orders"),
            col("counted_cancellations"),
            col("negative_feedback"),
            source,
        )


def extended(bg: Background, days: int) -> Background:
    """The background carried on to ``days`` days, repeating its last week: the account keeps
    taking orders for as long as the desk's clock runs (the simulated run has a fixed length)."""
    n = len(bg.dates)
    if days <= n:
        return bg
    week = min(7, n)
    idx = np.r_[np.arange(n), n - week + (np.arange(days - n) % week)]
    last = date.fromisoformat(bg.dates[-1])
    dates = bg.dates + [(last + timedelta(days=k + 1)).isoformat() for k in range(days - n)]
    return replace(
        bg,
        dates=dates,
        seller_fulfilled=bg.seller_fulfilled[idx],
        counted=bg.counted[idx],
        negative_feedback=bg.negative_feedback[idx],
    )


def background_from_scenario(scenario, *, seed: int, days: int = 35) -> Background:
    """Run the simulator once for the scenario's background order flow."""
    name = getattr(scenario, "name", "scenario")
    result = simulate(scenario, seed=seed, days=days)
    # words for the trainee, not the call that made them
    return Background.from_daily(result.daily, f"the {name} scenario's simulated orders (seed {seed})")


def snapshot(
    rb: Rulebook,
    bg: Background,
    *,
    day: int,
    desk_counted_days: list[int],
    expected_feedback: float,
    handled_orders: int = 0,
    feedback_assumption: bool = False,
) -> dict:
    """Account health on ``day`` (index into the background), ready to draw."""
    m = rb.metrics.cancellation_rate
    window = m.windows_days[0]
    bg = extended(bg, max(day, *desk_counted_days, 0) + 1)
    day = max(0, int(day))
    counted = bg.counted.copy()
    for d in desk_counted_days:
        counted[max(0, int(d))] += 1
    rates = rolling_rate(counted, bg.seller_fulfilled, window)
    rate = None if np.isnan(rates[day]) else float(rates[day])
    base = rolling_rate(bg.counted, bg.seller_fulfilled, window)[day]
    fb = int(rolling_sum(bg.negative_feedback, FEEDBACK_WINDOW_DAYS)[day])
    breach = rate_breach(rb, "cancellation_rate", rate)
    return {
        "date": bg.dates[day],
        "label": m.label,
        "window_days": window,
        "limit": m.limit,
        "rate": rate,
        "background_rate": None if np.isnan(base) else float(base),
        "seller_fulfilled_orders": int(rolling_sum(bg.seller_fulfilled, window)[day]),
        "counted_cancellations": int(rolling_sum(counted, window)[day]),
        "desk_counted": len(desk_counted_days),
        "breach": breach.ok,
        "breach_reason": breach.reason,
        "negative_feedback": fb,
        "feedback_window_days": FEEDBACK_WINDOW_DAYS,
        "expected_feedback": round(expected_feedback, 4),
        "handled_orders": handled_orders,
        "expected_feedback_assumption": feedback_assumption,
        "background_source": bg.source,
    }
