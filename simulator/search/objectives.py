"""What the search minimises, each objective defined once: its words, its unit and its per-run figure.

Every objective is a figure per Monte Carlo run (shape ``(runs,)``), so a trial's value is the
mean over runs and its 95% confidence interval comes from the same numbers.  The runs are the
reported days only (the shop's history before day 1 is left out), and the Cancellation Rate is
the rulebook's: for a Seller Fulfilled Prime shop (``sfp: true`` in the scenario, or an SFP
rulebook) the SFP target takes its place (``rules.sfp``), so nothing here needs to know.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from formats.errors import ArgumentError
from formats.rulebook import Rulebook
from simulator.engine.metrics import over_limit, rolling_rate

ARGS = "<arguments>"
Z95 = 1.959963984540054

# (counts of every engine series, shape (runs, history + reported days), rulebook, order value,
# days of history) -> per-run figure
Figure = Callable[[dict[str, np.ndarray], Rulebook, float, int], np.ndarray]


@dataclass(frozen=True)
class Objective:
    id: str
    label: str
    unit: str
    words: str
    figure: Figure
    proportion: bool = False  # a share of runs: its interval is Wilson's
    percent: bool = False  # shown as a percentage


def _breach(acc: dict[str, np.ndarray], rb: Rulebook, aov: float, warm: int) -> np.ndarray:
    counted, mfn = acc["counted_cancellations"], acc["seller_fulfilled_orders"]
    hit = np.zeros(counted.shape[0], dtype=bool)
    for w in rb.metrics.cancellation_rate.windows_days:
        rate = rolling_rate(counted, mfn, w)[:, warm:]  # history fills the first windows
        hit |= over_limit(rate, rb, "cancellation_rate").any(axis=1)
    return hit.astype(float)


def _lost(acc: dict[str, np.ndarray], rb: Rulebook, aov: float, warm: int) -> np.ndarray:
    # what buyers cancel themselves is the same under every policy: left out
    own = acc["cancelled_orders"] - acc["buyer_direct_cancellations"]
    cancelled = own[:, warm:].astype(float)
    return cancelled.sum(axis=1) * aov / max(cancelled.shape[1], 1)


def _feedback(acc: dict[str, np.ndarray], rb: Rulebook, aov: float, warm: int) -> np.ndarray:
    orders = acc["orders"][:, warm:].sum(axis=1).astype(float)
    return 1000.0 * acc["negative_feedback"][:, warm:].sum(axis=1) / np.maximum(orders, 1.0)


def _odr(acc: dict[str, np.ndarray], rb: Rulebook, aov: float, warm: int) -> np.ndarray:
    w = rb.metrics.order_defect_rate.windows_days[0]
    rate = rolling_rate(acc["negative_feedback"], acc["orders"], w)[:, warm:]
    return np.nan_to_num(np.nanmax(np.where(np.isnan(rate), -np.inf, rate), axis=1), neginf=0.0)


OBJECTIVES: dict[str, Objective] = {
    o.id: o
    for o in (
        Objective(
            "breach",
            "Breach probability",
            "share of runs",
            "The share of Monte Carlo runs in which the rolling Cancellation Rate is over the "
            "rulebook's limit on at least one reported day, in any window the rulebook names "
            "(the SFP target for a Seller Fulfilled Prime shop).",
            _breach,
            proportion=True,
            percent=True,
        ),
        Objective(
            "lost_revenue",
            "Revenue lost a day",
            "money a day",
            "Orders the seller cancelled (on its own or on a buyer's request) or left to auto-cancel, "
            "times the scenario's average order value, per reported day; what buyers cancel "
            "themselves is left out (no policy changes it).",
            _lost,
        ),
        Objective(
            "feedback",
            "Negative feedback per 1,000 orders",
            "per 1,000 orders",
            "Expected negative feedback (all channels) per 1,000 orders over the reported days.",
            _feedback,
        ),
        Objective(
            "odr",
            "Peak Order Defect Rate",
            "rate",
            "The highest rolling Order Defect Rate (negative feedback over orders, the rulebook's "
            "window) on any reported day.",
            _odr,
            percent=True,
        ),
    )
}
DEFAULT_OBJECTIVES = ("breach", "lost_revenue", "feedback")


def parse_objectives(text: str | list[str] | tuple[str, ...]) -> tuple[str, ...]:
    names = [n.strip() for n in (text.split(",") if isinstance(text, str) else text) if n.strip()]
    unknown = [n for n in names if n not in OBJECTIVES]
    if unknown or not names:
        raise ArgumentError.single(
            ARGS,
            f"unknown objective {', '.join(unknown)!s}" if unknown else "name at least one objective",
            f"pick from {', '.join(OBJECTIVES)}",
            path="--objective",
        )
    return tuple(dict.fromkeys(names))


def parse_pairs(text: str | None, objectives: tuple[str, ...], what: str) -> dict[str, float]:
    """``breach=1000,lost_revenue=1`` -> {objective: number}, for ``--weights`` and ``--limit``."""
    out: dict[str, float] = {}
    for part in (text or "").split(","):
        if not part.strip():
            continue
        name, _, value = part.partition("=")
        name = name.strip()
        if name not in objectives:
            raise ArgumentError.single(
                ARGS,
                f"{name!r} is not one of the objectives searched",
                f"pick from {', '.join(objectives)}",
                path=what,
            )
        try:
            out[name] = float(value)
        except ValueError:
            raise ArgumentError.single(
                ARGS, f"{part.strip()!r} is not NAME=NUMBER", f"e.g. {name}=1", path=what
            ) from None
        if not math.isfinite(out[name]) or (what == "--weights" and out[name] < 0):
            raise ArgumentError.single(ARGS, f"{part.strip()!r}: must be a finite number >= 0", path=what)
    return out


def per_run(
    acc: dict[str, np.ndarray], rb: Rulebook, aov: float, warm: int, objectives: tuple[str, ...]
) -> dict[str, np.ndarray]:
    return {o: OBJECTIVES[o].figure(acc, rb, aov, warm) for o in objectives}


def interval(values: np.ndarray, proportion: bool) -> tuple[float, float, float]:
    """Mean and 95% interval: Wilson's for a share of runs, the normal one for a mean."""
    n = int(values.size)
    mean = float(values.mean()) if n else math.nan
    if n == 0:
        return mean, math.nan, math.nan
    if proportion:
        centre = (mean + Z95**2 / (2 * n)) / (1 + Z95**2 / n)
        half = Z95 * math.sqrt(mean * (1 - mean) / n + Z95**2 / (4 * n * n)) / (1 + Z95**2 / n)
        return mean, max(0.0, centre - half), min(1.0, centre + half)
    half = Z95 * float(values.std(ddof=1)) / math.sqrt(n) if n > 1 else 0.0
    return mean, mean - half, mean + half


def weighted(values: dict[str, float], weights: dict[str, float]) -> float:
    return float(sum(w * values[o] for o, w in weights.items()))
