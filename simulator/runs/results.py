"""Turn per-day counts of shape (runs, days) into the JSON-ready result dicts.

One run gives the same blocks as `replay` (``simulator.engine.metrics``); several runs
give means plus the 5th, 50th and 95th percentiles per day, and the share of
runs that breach at least once in any window the rulebook names.
"""

from __future__ import annotations

import warnings

import numpy as np
from pydantic import BaseModel

from formats.policy import Policy
from formats.rulebook import Rulebook
from formats.scenario import Scenario
from simulator.engine.apply import SERIES
from simulator.engine.metrics import (
    Rates,
    _num,
    _per_run,
    cancellation_rate_block,
    daily_block,
    over_limit,
    rolling_rate,
)
from simulator.engine.plan import Plan, listed_situations
from simulator.engine.streams import Layout
from simulator.runs.compliance import compliance_block
from simulator.runs.result_types import METRICS, Comparison, SimulationResult

# Every series the engine accumulates is a total, but the two it keeps only to
# price revenue lost and fees.
TOTALS = tuple(
    k for k in SERIES if k not in ("cancelled_orders", "fee_cancellations", "negative_feedback_fba")
)
DAILY = (
    "orders",
    "seller_fulfilled_orders",
    "counted_cancellations",
    "buyer_requested_cancellations",
    "auto_cancellations",
    "negative_feedback",
)
# Metrics compared between policies (flat names used in `deltas`): one table, in result_types.
DELTA_KEYS = tuple(METRICS)


def _quiet(fn, *a, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return fn(*a, **kw)


def _mean(x: np.ndarray, runs: int):
    return int(x.sum()) if runs == 1 else round(float(x.sum() / runs), 4)


def _fee_per_cancel(rb: Rulebook, aov: float) -> float:
    fee = rb.cancellation_fee
    # the counts are percents of the referral fee (100 or 150 per cancel), so the multiple is in them
    return 0.0 if fee is None else fee.referral_fee_rate * aov / 100


def totals_block(acc: dict[str, np.ndarray], sc: Scenario, rb: Rulebook, runs: int) -> dict:
    out = {k: _mean(acc[k], runs) for k in TOTALS}
    aov = sc.average_order_value
    out["revenue_lost"] = round(float(acc["cancelled_orders"].sum()) * aov / runs, 2)
    out["cancellation_fees"] = round(
        float(acc["fee_cancellations"].sum()) * _fee_per_cancel(rb, aov) / runs, 2
    )
    return out


def odr_block(rb: Rulebook, neg: np.ndarray, orders: np.ndarray, warmup: int = 0) -> tuple[dict, np.ndarray]:
    m = rb.metrics.order_defect_rate
    w = m.windows_days[0]
    rate = rolling_rate(neg, orders, w)[:, warmup:]
    hit = over_limit(rate, rb, "order_defect_rate").any(axis=1)
    block = {
        "limit": m.limit,
        "window_days": w,
        "max": _per_run(rate, np.nanmax),
        "mean": _per_run(rate, np.nanmean),
        "breach_probability": round(float(hit.mean()), 6),
    }
    return block, rate


def _bands(rate: np.ndarray) -> np.ndarray:
    """The 5th, 50th and 95th percentile over runs of each day's rate (NaN: a window with no orders).

    Without a NaN, ``percentile`` gives ``nanpercentile``'s very numbers, all days at once
    instead of one day at a time.
    """
    if np.isnan(rate).any():
        return _quiet(np.nanpercentile, rate, [5, 50, 95], axis=0)
    return np.percentile(rate, [5, 50, 95], axis=0)


def daily_rows(
    lay: Layout,
    acc: dict[str, np.ndarray],
    rb: Rulebook,
    odr: np.ndarray,
    runs: int,
    rates: Rates | None = None,
) -> list[dict]:
    """Daily rows for the reported days; ``acc`` still holds the history (first ``lay.warmup`` columns)."""
    windows = rb.metrics.cancellation_rate.windows_days
    counted, mfn = acc["counted_cancellations"], acc["seller_fulfilled_orders"]
    warm = lay.warmup
    if runs == 1:
        base = daily_block(lay.dates, acc["orders"][0], mfn[0], counted[0], rb, warmup=warm)
        rows = []
        for i, b in enumerate(base):
            row: dict = {"date": b["date"], **{k: int(acc[k][0, warm + i]) for k in DAILY}}
            row.update((k, v) for k, v in b.items() if k.startswith("rolling_"))
            row["order_defect_rate"] = _num(odr[0, i])
            rows.append(row)
        return rows
    cols: dict[str, list] = {k: (acc[k][:, warm:].mean(axis=0)).round(4).tolist() for k in DAILY}
    rates = rates or Rates(counted, mfn)
    for j, w in enumerate(windows):
        key = "rolling_cancellation_rate" + ("" if j == 0 else f"_{w}d")
        rate = rates(w)[:, warm:]
        cols[key] = _quiet(np.nanmean, rate, axis=0).tolist()
        pct = _bands(rate)
        for q, band in zip(("p05", "p50", "p95"), pct, strict=True):
            cols[f"{key}_{q}"] = band.tolist()
    cols["order_defect_rate"] = _quiet(np.nanmean, odr, axis=0).tolist()
    rows = []
    for i, d in enumerate(lay.dates):
        row = {"date": d}
        for k, v in cols.items():
            x = v[i]
            row[k] = x if k in DAILY else _num(x)
        rows.append(row)
    return rows


def assumptions(sc: Scenario) -> dict:
    """Scenario parameters that have no published figure, with their values."""
    out = {}

    def walk(model, prefix):
        for name, f in type(model).model_fields.items():
            val = getattr(model, name)
            extra = f.json_schema_extra if isinstance(f.json_schema_extra, dict) else {}
            if extra.get("assumption"):
                out[prefix + name] = val
            elif isinstance(val, BaseModel):
                walk(val, f"{prefix}{name}.")

    walk(sc, "")
    return out


PEAK_DEFINITION = (
    "A run's peak is the highest rolling {w}-day Cancellation Rate on any day of that run. "
    "Median run's peak: half of the runs peak higher. 95th percentile: one run in 20 peaks higher."
)


def peak_block(
    counted: np.ndarray, mfn: np.ndarray, window: int, warmup: int, rates: Rates | None = None
) -> dict:
    """The median and 95th percentile, over runs, of each run's highest rolling rate (one figure: 'peak')."""
    rate = (rates or Rates(counted, mfn))(window)[:, warmup:]
    peaks = _quiet(np.nanmax, rate, axis=1)
    peaks = peaks[np.isfinite(peaks)]
    if not len(peaks):
        return {"median": None, "p95": None, "definition": PEAK_DEFINITION.format(w=window)}
    p50, p95 = np.percentile(peaks, [50, 95])
    return {"median": _num(p50), "p95": _num(p95), "definition": PEAK_DEFINITION.format(w=window)}


def result_block(
    sc: Scenario,
    pol: Policy,
    rb: Rulebook,
    plan: Plan,
    lay: Layout,
    acc: dict[str, np.ndarray],
    *,
    seed: int,
    runs: int,
) -> dict:
    warm = lay.warmup
    counted, mfn = acc["counted_cancellations"], acc["seller_fulfilled_orders"]
    rates = Rates(counted, mfn)  # each window's rates once, for every block below
    if runs == 1:
        cr = cancellation_rate_block(rb, counted[0], mfn[0], warmup=warm, rates=rates)
        cr["by_window"] = {
            k: {**v, "breach_probability": float(v["days_over_limit"] > 0)}
            for k, v in cr["by_window"].items()
        }
    else:
        cr = cancellation_rate_block(rb, counted, mfn, warmup=warm, rates=rates)
    cr["peak"] = peak_block(counted, mfn, cr["window_days"], warm, rates)
    for w, fig in cr["by_window"].items():
        fig["peak"] = peak_block(counted, mfn, int(w), warm, rates)
    if rb.metrics.order_defect_rate.scope != "per_channel":
        odr, odr_rate = odr_block(rb, acc["negative_feedback"], acc["orders"], warmup=warm)
    else:  # G200205250: each channel on its own
        neg, fba_neg = acc["negative_feedback"], acc["negative_feedback_fba"]
        mfn_block, odr_rate = odr_block(rb, neg - fba_neg, mfn, warmup=warm)
        fba_block, _ = odr_block(rb, fba_neg, acc["orders"] - mfn, warmup=warm)
        odr = {
            **mfn_block,
            "channel": "seller_fulfilled",
            "by_channel": {"seller_fulfilled": mfn_block, "fba": fba_block},
        }
    shown = {k: v[:, warm:] for k, v in acc.items()}
    listed = listed_situations(rb, sc)
    return {
        "scenario": sc.name,
        "policy": pol.name,
        "rulebook": rb.id,
        "compliance": compliance_block(rb, pol).to_dict(),
        "seed": int(seed),
        "days": lay.days,
        "runs": int(runs),
        "start_date": lay.dates[0],
        "currency": rb.currency,
        "history_days": warm,
        "totals": totals_block(shown, sc, rb, runs),
        "cancellation_rate": cr,
        "order_defect_rate": odr,
        "handling": {it.situation: it.to_dict() for it in plan.items if it.situation in listed},
        "assumptions": assumptions(sc),
        "daily": daily_rows(lay, acc, rb, odr_rate, runs, rates),
    }


def flat_metrics(result: SimulationResult) -> dict:
    """The figures compared between policies, by name (:data:`~simulator.runs.result_types.METRICS`)."""
    return result.metrics()


def _delta(a, b):
    if a is None or b is None:
        return None
    return round(a - b, 6) if isinstance(a, float) or isinstance(b, float) else a - b


def compare_block(
    sc: Scenario, rb: Rulebook, results: list[SimulationResult], *, seed: int, runs: int, days: int
) -> Comparison:
    """One result per policy (unique names) plus deltas against the first policy."""
    named: dict[str, SimulationResult] = {}
    for r in results:
        name, i = r.policy, 2
        while name in named:
            name, i = f"{r.policy}-{i}", i + 1
        named[name] = r
    base = results[0].metrics()
    deltas = {n: {k: _delta(v, base[k]) for k, v in r.metrics().items()} for n, r in named.items()}
    return Comparison(
        scenario=sc.name,
        rulebook=rb.id,
        seed=int(seed),
        days=days,
        runs=int(runs),
        baseline=next(iter(named)),
        policies=named,
        deltas=deltas,
    )
