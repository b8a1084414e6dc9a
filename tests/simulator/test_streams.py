"""Statistical checks: simulated frequencies match the scenario's parameters.

Bounds are 5 standard errors wide, so a correct engine fails about once in
a few million runs; a wrong parameter (say a share applied twice) fails at once.
"""

from __future__ import annotations

import math

import numpy as np

from formats.loader import load_rulebook
from simulator import load_policy
from simulator.engine.apply import apply_policy, incident_fate
from simulator.engine.plan import background, build_plan
from simulator.engine.streams import draw_run, layout, run_rng
from tests.simulator.tiny import scenario

RB = load_rulebook()
BG = background(RB)
BIG = scenario(
    days=60,
    volume={"mean_per_day": 20000},
    seller_fulfilled_share=0.6,
    situations=[{"situation": "out_of_stock", "rate": 0.01}, {"situation": "defect_damage", "rate": 0.004}],
    buyer={
        "request_probability": 0.6,
        "request_hours": 12,
        "direct_cancel_rate": 0.005,
        "changed_mind_rate": 0.003,
    },
    shipping={"late_rate": 0.03, "unconfirmed_rate": 0.001, "handling_days": 2},
)


def within(hits: float, n: float, p: float, z: float = 5.0) -> bool:
    se = math.sqrt(n * p * (1 - p))
    return abs(hits - n * p) <= z * se + 1e-9


def draws(sc=BIG, seed=1, run=0):
    lay = layout(sc, RB, BG)
    return lay, draw_run(lay, run_rng(seed, run))


def test_channel_split_situations_and_buyer_shares():
    _, d = draws()
    n_orders, n_mfn = d.orders.sum(), d.mfn.sum()
    assert abs(n_orders - 60 * 20000) <= 5 * math.sqrt(60 * 20000)
    assert within(n_mfn, n_orders, 0.6)
    assert within(d.direct_mfn.sum() + d.direct_afn.sum(), n_orders, 0.005)
    open_mfn = n_mfn - d.direct_mfn.sum()
    sids = [s.id for s in RB.situations]
    assert within(d.per_situation[:, sids.index("out_of_stock")].sum(), open_mfn, 0.01)
    assert within(d.per_situation[:, sids.index("defect_damage")].sum(), open_mfn, 0.004)
    assert within(d.per_situation[:, sids.index("buyer_changed_mind")].sum(), open_mfn, 0.003)
    assert d.per_situation[:, sids.index("price_error")].sum() == 0
    assert within(d.unconfirmed.sum(), open_mfn, 0.001)
    assert within(d.late.sum(), d.plain.sum(), 0.03)
    assert within(d.neg_plain_on_time.sum(), (d.plain - d.late).sum(), BG.fulfilled.p_feedback)


# Issue 10: asking the buyer for a stock-out is a violation in the US (201722390), so the policy
# asks only where it is a flagged compliance risk: special requests and price errors.
ASKABLE = scenario(
    days=60,
    volume={"mean_per_day": 20000},
    seller_fulfilled_share=0.6,
    situations=[{"situation": "special_request", "rate": 0.01}, {"situation": "price_error", "rate": 0.004}],
    buyer={"request_probability": 0.6, "request_hours": 12},
    shipping={"handling_days": 2},
)


def test_official_requests_follow_probability_and_delay():
    lay, d = draws(ASKABLE)
    plan = build_plan(RB, load_policy("ask_buyer_first"), ASKABLE)
    fate = incident_fate(plan, lay, d)
    asked = plan.ask[d.inc_sit]
    n = int(asked.sum())
    # P(files) = request_probability x P(Exp(12 h) <= 48 h)
    p = 0.6 * (1 - math.exp(-48 / 12))
    assert n > 5000
    assert within(fate.filed[asked].sum(), n, p)


def test_situation_windows_only_apply_inside_their_days():
    sc = scenario(
        days=20,
        volume={"mean_per_day": 5000},
        situations=[{"situation": "price_error", "rate": 0.05, "from_day": 10, "to_day": 12}],
        buyer={"changed_mind_rate": 0.0, "direct_cancel_rate": 0.0},
    )
    _, d = draws(sc)
    per_day = d.per_situation.sum(axis=1)
    assert per_day[:9].sum() == 0 and per_day[12:].sum() == 0
    assert within(per_day[9:12].sum(), d.mfn[9:12].sum(), 0.05)


def test_volume_is_poisson_with_weekday_profile_and_spikes():
    sc = scenario(
        days=700,
        volume={
            "mean_per_day": 400,
            "weekday_profile": [2, 1, 1, 1, 1, 1, 1],
            "spikes": [{"start_day": 3, "end_day": 3, "multiplier": 5}],
        },
    )
    lay, d = draws(sc)
    assert lay.lam[0] == 400 * 2 / (8 / 7)  # 2025-09-01 is a Monday; the profile is scaled to mean 1
    assert lay.lam[2] == 400 / (8 / 7) * 5
    tuesdays = d.orders[1::7][1:]
    # Poisson: variance equals the mean (chi-square dispersion test, 5 sigma)
    mean, var = tuesdays.mean(), tuesdays.var(ddof=1)
    k = len(tuesdays)
    assert abs(var / mean - 1) < 5 * math.sqrt(2 / (k - 1))
    assert abs(mean - lay.lam[1]) < 5 * math.sqrt(lay.lam[1] / k)


def test_monte_carlo_reflects_per_order_randomness():
    # Counted cancels per day across runs: Poisson volume x per-order Bernoulli = Poisson,
    # so across runs the variance of a day's count must equal its mean (no hidden smoothing).
    sc = scenario(
        days=5,
        volume={"mean_per_day": 1000},
        situations=[{"situation": "out_of_stock", "rate": 0.02}],
        buyer={"changed_mind_rate": 0.0, "direct_cancel_rate": 0.0},
    )
    plan = build_plan(RB, load_policy("cancel_first"), sc)
    lay = layout(sc, RB, BG)
    counts = np.array(
        [
            apply_policy(plan, BG, lay, draw_run(lay, run_rng(9, r)))["counted_cancellations"][0]
            for r in range(3000)
        ]
    )
    lam = 1000 * 0.02
    assert abs(counts.mean() - lam) < 5 * math.sqrt(lam / 3000)
    assert abs(counts.var(ddof=1) / counts.mean() - 1) < 5 * math.sqrt(2 / 2999)
