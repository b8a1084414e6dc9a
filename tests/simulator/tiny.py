"""Hand-built order streams for exact metric tests (no randomness)."""

from __future__ import annotations

import dataclasses

import numpy as np

from formats.loader import load_rulebook
from formats.scenario import Scenario
from simulator.catalog import load_policy
from simulator.engine.apply import SERIES, apply_policy
from simulator.engine.plan import background, build_plan
from simulator.engine.streams import RunDraws, layout
from simulator.runs.results import result_block

BASE = {
    "name": "tiny",
    "start_date": "2025-09-01",
    "days": 10,
    "trading_before_start": False,  # hand-built streams have no history
    "volume": {"mean_per_day": 100},
    "seller_fulfilled_share": 1.0,
    "situations": [],
    "buyer": {"reply_within_24h": 0.0},
    "shipping": {"late_rate": 0.0, "unconfirmed_rate": 0.0},
}


def scenario(**changes) -> Scenario:
    return Scenario.model_validate({**BASE, **changes})


def stream(days: int, orders, mfn, incidents=(), rb=None, **counts) -> RunDraws:
    """A run with fixed counts; ``incidents`` = [(day, situation, u_request, t_request_hours), ...]."""
    rb = rb or load_rulebook("amazon_us")
    sids = [s.id for s in rb.situations]
    zeros = np.zeros(days, dtype=np.int64)
    orders = np.broadcast_to(np.asarray(orders, dtype=np.int64), days).copy()
    mfn = np.broadcast_to(np.asarray(mfn, dtype=np.int64), days).copy()
    per = np.zeros((days, len(sids)), dtype=np.int64)
    inc = sorted((d, sids.index(s), u, t) for d, s, u, t in incidents)
    for d, s, _, _ in inc:
        per[d, s] += 1
    fields = {f.name: zeros.copy() for f in dataclasses.fields(RunDraws)}
    fields.update(orders=orders, mfn=mfn, per_situation=per)
    for k, v in counts.items():
        fields[k] = np.broadcast_to(np.asarray(v, dtype=np.int64), days).copy()
    n_inc = per.sum(axis=1)
    direct = fields["direct_mfn"]
    fields["plain"] = mfn - direct - n_inc - fields["unconfirmed"]
    fields["inc_day"] = np.array([i[0] for i in inc], dtype=np.int64)
    fields["inc_sit"] = np.array([i[1] for i in inc], dtype=np.int64)
    fields["u_request"] = np.array([i[2] for i in inc], dtype=float)
    fields["t_request"] = np.array([i[3] for i in inc], dtype=float)
    n = len(inc)
    fields["u_quick"] = np.ones(n)  # never a quick reply
    fields["u_feedback"] = np.ones(n)  # never negative feedback
    fields["u_late"] = np.ones(n)
    fields["u_kind"] = np.zeros(n)
    return RunDraws(**fields)


def run(sc: Scenario, draws: RunDraws, policy: str = "cancel_first", rulebook: str = "amazon_us") -> dict:
    """Apply a shipped policy to a hand-built stream and build the `run` JSON dict."""
    rb = load_rulebook(rulebook)
    pol = load_policy(policy, rb)
    plan = build_plan(rb, pol, sc)
    bg = background(rb)
    lay = layout(sc, rb, bg)
    series = apply_policy(plan, bg, lay, draws)
    acc = {k: np.asarray(series[k])[None, :] for k in SERIES}
    return result_block(sc, pol, rb, plan, lay, acc, seed=0, runs=1)
