"""Apply a policy's lookup tables to one run's draws: per-day outcome counts.

No rule is decided here: the tables in :class:`simulator.engine.plan.Plan` hold the
engine's answers; this module only indexes them with numpy.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulator.engine.batch import RunBatch
from simulator.engine.plan import BackgroundOutcomes, Plan
from simulator.engine.streams import Layout, RunDraws

SERIES = (
    "orders",
    "seller_fulfilled_orders",
    "counted_cancellations",
    "buyer_requested_cancellations",
    "auto_cancellations",
    "buyer_direct_cancellations",
    "cancelled_orders",
    "fee_cancellations",
    "negative_feedback",
    "negative_feedback_fba",
    "late_shipments",
)


@dataclass
class IncidentFate:
    """Per-incident results (same order as the draws)."""

    filed: np.ndarray
    row: np.ndarray  # index into the plan tables: situation * 2 + filed
    late: np.ndarray
    p_feedback: np.ndarray
    negative: np.ndarray


def incident_fate(plan: Plan, lay: Layout, dr: RunDraws) -> IncidentFate:
    s = dr.inc_sit
    filed = plan.ask[s] & (dr.u_request < lay.p_request) & (dr.t_request <= plan.limit_hours[s])
    row = s * 2 + filed
    late = plan.ships[row] & (dr.u_late < lay.late_rate)
    quick = plan.conversation[row] & (dr.u_quick < lay.reply_within_24h)
    p = np.where(quick, plan.p_fb_quick[row], plan.p_fb[row])
    p = np.where(late, np.where(quick, plan.p_late_quick[row], plan.p_late[row]), p)
    return IncidentFate(filed, row, late, p, dr.u_feedback < p)


def apply_policy(plan: Plan, bg: BackgroundOutcomes, lay: Layout, dr: RunDraws) -> dict[str, np.ndarray]:
    """Per-day counts of every series in :data:`SERIES` for one run under one policy."""
    return _counts(plan, bg, lay, dr, dr.inc_day, (lay.span,))


def apply_batch(plan: Plan, bg: BackgroundOutcomes, lay: Layout, batch: RunBatch) -> dict[str, np.ndarray]:
    """:func:`apply_policy` for every run of a batch at once: arrays of shape (runs, span)."""
    return _counts(plan, bg, lay, batch, batch.cells(lay.span), (batch.runs, lay.span))


def _counts(
    plan: Plan, bg: BackgroundOutcomes, lay: Layout, dr: RunDraws, cell: np.ndarray, shape: tuple[int, ...]
) -> dict[str, np.ndarray]:
    """Per-(run,) day counts: ``cell`` is each incident's index in the flattened ``shape``."""
    fate = incident_fate(plan, lay, dr)
    size = int(np.prod(shape))

    def per_day(mask: np.ndarray) -> np.ndarray:
        return np.bincount(cell[mask], minlength=size).reshape(shape)

    def weighted_per_day(weights: np.ndarray) -> np.ndarray:
        counts = np.bincount(cell, weights=weights, minlength=size).round().astype(np.int64)
        return counts.reshape(shape)

    row = fate.row
    dm, da, unc = dr.direct_mfn, dr.direct_afn, dr.unconfirmed
    direct = dm + da
    counted = per_day(plan.counted[row]) + unc * bg.unconfirmed.counted + dm * bg.direct.counted
    requested = per_day(plan.buyer_requested[row])
    direct_cancels = np.zeros(shape, dtype=np.int64)
    if bg.direct_allowed:
        direct_cancels = direct
    else:
        requested = requested + direct
    neg = (
        dr.neg_plain_on_time
        + dr.neg_plain_late
        + dr.neg_afn
        + dr.neg_direct_mfn
        + dr.neg_direct_afn
        + dr.neg_unconfirmed
        + per_day(fate.negative)
    )
    return {
        "orders": dr.orders,
        "seller_fulfilled_orders": dr.mfn,
        "counted_cancellations": counted,
        "buyer_requested_cancellations": requested,
        "auto_cancellations": per_day(plan.auto[row]) + unc,
        "buyer_direct_cancellations": direct_cancels,
        "cancelled_orders": per_day(plan.cancelled[row]) + unc + direct,
        "fee_cancellations": weighted_per_day(plan.fee[row]),  # percent of the referral fee
        "negative_feedback": neg,
        # ODR is per fulfilment channel (G200205250): the FBA share of the negatives, kept apart
        "negative_feedback_fba": dr.neg_afn + dr.neg_direct_afn,
        "late_shipments": dr.late + per_day(fate.late),
    }
