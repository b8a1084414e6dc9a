"""The fair reference for `benchmarks.engine`: the same model, drawn one order at a time.

A competent per-order numpy implementation: each run draws its day volumes, then one
row per order (channel, direct cancel, situation, late, feedback) and one row per
incident (the buyer's request, reply and feedback), with the policy's lookup tables
from :func:`simulator.engine.plan.build_plan`; ``np.bincount`` turns the rows into
per-day counts, and the very same :func:`simulator.runs.results.result_block` as the
engine computes the rolling rates.  No Faker, no Python loop over orders: what it
pays for is only the per-order draws the engine replaces with per-day counts.
"""

from __future__ import annotations

import numpy as np

from formats.scenario import Scenario
from simulator.catalog import load_policy, rulebook_for
from simulator.engine.apply import SERIES
from simulator.engine.plan import BackgroundOutcomes, Plan, background, build_plan
from simulator.engine.streams import Layout, layout, run_rng
from simulator.runs.results import result_block


def per_order_run(
    lay: Layout, plan: Plan, bg: BackgroundOutcomes, rng: np.random.Generator
) -> dict[str, np.ndarray]:
    """Per-day counts of every series in ``SERIES`` for one run, from per-order draws."""
    span, n_sit = lay.span, len(lay.situations)
    lam = lay.lam
    if lay.cv > 0:
        k = 1.0 / lay.cv**2
        lam = lam * rng.gamma(k, 1.0 / k, size=span)
    volume = rng.poisson(lam)
    day = np.repeat(np.arange(span), volume)  # one entry per order
    n = day.size
    mfn = rng.random(n) < lay.mfn_share
    direct = rng.random(n) < lay.direct_rate
    # Each seller-fulfilled order that stays: plain (to ship) or not, with one uniform
    # against its day's rate; only the few that are not get a category, by inverse CDF
    # over their day's rates: 0..S-1 a situation, S never ship-confirmed.
    fday = day[mfn & ~direct]
    u = rng.random(fday.size)
    p_any = 1.0 - lay.probs[:, -1]
    hit = u < p_any[fday]
    pday = fday[~hit]  # plain orders, to ship
    hday = fday[hit]
    cdf = np.cumsum(lay.probs[:, :-1], axis=1)
    cat = (u[hit][:, None] >= cdf[hday]).sum(axis=1)
    cat = np.minimum(cat, n_sit)  # rounding at the top edge
    late_plain = rng.random(pday.size) < lay.late_rate
    neg_plain = rng.random(pday.size) < np.where(late_plain, lay.p_late, lay.p_fulfilled)
    aday = day[~mfn & ~direct]
    neg_afn = rng.random(aday.size) < lay.p_fulfilled
    dday, dmfn = day[direct], mfn[direct]
    neg_direct = rng.random(dday.size) < lay.p_direct
    uday = hday[cat == n_sit]
    neg_unc = rng.random(uday.size) < lay.p_unconfirmed

    # Incidents: the buyer's answer and the policy's tables decide each one.
    incident = cat < n_sit
    inc_day, s = hday[incident], cat[incident]
    m = inc_day.size
    asked = rng.random(m) < lay.p_request
    in_time = rng.exponential(lay.request_hours, m) <= plan.limit_hours[s]
    filed = plan.ask[s] & asked & in_time
    row = s * 2 + filed
    late = plan.ships[row] & (rng.random(m) < lay.late_rate)
    quick = plan.conversation[row] & (rng.random(m) < lay.reply_within_24h)
    pf = np.where(quick, plan.p_fb_quick[row], plan.p_fb[row])
    pf = np.where(late, np.where(quick, plan.p_late_quick[row], plan.p_late[row]), pf)
    negative = rng.random(m) < pf

    def per_day(days: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
        return np.bincount(days if mask is None else days[mask], minlength=span)

    unc = per_day(uday)
    direct_mfn = per_day(dday, dmfn)
    direct_all = per_day(dday)
    requested = per_day(inc_day, plan.buyer_requested[row])
    direct_cancels = np.zeros(span, dtype=np.int64)
    if bg.direct_allowed:
        direct_cancels = direct_all
    else:
        requested = requested + direct_all
    negatives = per_day(pday, neg_plain) + per_day(aday, neg_afn) + per_day(dday, neg_direct)
    return {
        "orders": volume,
        "seller_fulfilled_orders": per_day(day, mfn),
        "counted_cancellations": per_day(inc_day, plan.counted[row])
        + unc * bg.unconfirmed.counted
        + direct_mfn * bg.direct.counted,
        "buyer_requested_cancellations": requested,
        "auto_cancellations": per_day(inc_day, plan.auto[row]) + unc,
        "buyer_direct_cancellations": direct_cancels,
        "cancelled_orders": per_day(inc_day, plan.cancelled[row]) + unc + direct_all,
        "fee_cancellations": np.bincount(inc_day, weights=plan.fee[row], minlength=span)
        .round()
        .astype(np.int64),
        "negative_feedback": negatives + per_day(uday, neg_unc) + per_day(inc_day, negative),
        "late_shipments": per_day(pday, late_plain) + per_day(inc_day, late),
    }


def simulate_per_order(sc: Scenario, *, seed: int, runs: int) -> dict:
    """`simulate(sc, seed=seed, runs=runs)` with per-order draws: same model, same result block."""
    rb = rulebook_for(sc)
    pol = load_policy(sc.policy, rb)
    plan = build_plan(rb, pol, sc)
    bg = background(rb)
    lay = layout(sc, rb, bg)
    acc = {k: np.zeros((runs, lay.span), dtype=np.int32) for k in SERIES}
    for r in range(runs):
        for k, v in per_order_run(lay, plan, bg, run_rng(seed, r)).items():
            acc[k][r] = v
    return result_block(sc, pol, rb, plan, lay, acc, seed=seed, runs=runs)
