"""`python -m benchmarks.engine`: the simulator's speed and memory, measured in one run.

Not a test: it prints figures for this machine.

1. Engine throughput (simulated orders per second, 1,000 runs of the starter
   shop) against a naive reference that builds every order as a dict with
   Faker identities and per-order random draws in a Python loop (timed on a
   slice, extrapolated per order).  Target: at least 1,000x.
2. Wall time of ``python -m simulator run starter_shop --runs 1000`` in a fresh
   process, start-up included.  Target: under 10 s.
3. Peak memory at 1x and 10x the orders (same runs and days, volume x10),
   each in its own process: tracemalloc peak during the simulation and the
   process's max RSS.  Target: growth under 1.5x.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from pathlib import Path

from simulator import load_policy, load_scenario, simulate
from simulator.catalog import rulebook_for
from simulator.engine.plan import build_plan
from simulator.identity.provider import seeded_faker

ROOT = Path(__file__).resolve().parent.parent
RUNS = 1000


def naive_orders(scenario, n: int, seed: int = 0) -> list[dict]:
    """The reference: one order at a time, Faker identity and random draws per order."""
    rb = rulebook_for(scenario)
    plan = build_plan(rb, load_policy(scenario.policy, rb), scenario)
    rates = {s.situation: s.rate for s in scenario.situations}
    rates["buyer_changed_mind"] = scenario.buyer.changed_mind_rate
    fake = seeded_faker(seed, scenario.locale)
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        mfn = rnd.random() < scenario.seller_fulfilled_share
        situation, u, acc = None, rnd.random(), 0.0
        if mfn:
            for sid, r in rates.items():
                acc += r
                if u < acc:
                    situation = sid
                    break
        outcome = None
        if situation is not None:
            s = plan.situations.index(situation)
            filed = bool(plan.ask[s]) and rnd.random() < scenario.buyer.request_probability
            outcome = plan.outcome(s, filed)
        out.append(
            {
                "order_id": fake.amazon_order_id(),
                "buyer_name": fake.name(),
                "ship_city": fake.city(),
                "product": fake.product_title(),
                "channel": "MFN" if mfn else "AFN",
                "situation": situation,
                "counted": bool(outcome and outcome.counted),
                "negative_feedback": rnd.random() < (outcome.p_feedback if outcome else 0.006),
            }
        )
    return out


def _memory_child(factor: float) -> None:
    """Run in a subprocess: simulate at ``factor`` x volume; print peak memory as JSON."""
    import resource
    import tracemalloc

    sc = load_scenario("starter_shop")
    sc = sc.model_copy(update={"volume": sc.volume.model_copy(update={"mean_per_day": 300 * factor})})
    tracemalloc.start()
    res = simulate(sc, seed=0, runs=RUNS)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    orders = res["totals"]["orders"] * RUNS
    print(json.dumps({"factor": factor, "orders": orders, "traced_peak": peak, "max_rss": rss_kb * 1024}))


def _child(factor: float) -> dict:
    code = f"from benchmarks.engine import _memory_child; _memory_child({factor})"
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True, timeout=600
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> int:
    sc = load_scenario("starter_shop")
    print(f"simulator bench: scenario starter_shop ({sc.volume.mean_per_day:g} orders/day, {sc.days} days)")

    # 1. throughput vs the naive reference
    simulate(sc, seed=0, runs=5)  # warm up imports and caches
    t0 = time.perf_counter()
    res = simulate(sc, seed=0, runs=RUNS)
    engine_s = time.perf_counter() - t0
    orders = res["totals"]["orders"] * RUNS
    engine_rate = orders / engine_s
    slice_n = 2000
    t0 = time.perf_counter()
    naive_orders(sc, slice_n)
    naive_rate = slice_n / (time.perf_counter() - t0)
    ratio = engine_rate / naive_rate
    print(f"engine: {orders:,.0f} orders in {engine_s:.2f} s = {engine_rate:,.0f} orders/s")
    print(f"naive reference (Faker + Python loop, {slice_n:,} orders): {naive_rate:,.0f} orders/s")
    print(f"speed-up: {ratio:,.0f}x (target >= 1,000x) {'OK' if ratio >= 1000 else 'MISSED'}")

    # 2. the CLI command, fresh process
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "simulator", "run", "starter_shop", "--runs", str(RUNS), "--format", "json"],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    cli_s = time.perf_counter() - t0
    verdict = "OK" if cli_s < 10 else "MISSED"
    print(
        f"`python -m simulator run starter_shop --runs {RUNS}`: {cli_s:.2f} s wall (target < 10 s) {verdict}"
    )

    # 3. peak memory at 1x and 10x the orders
    one, ten = _child(1), _child(10)
    traced = ten["traced_peak"] / one["traced_peak"]
    rss = ten["max_rss"] / one["max_rss"]
    for m in (one, ten):
        print(
            f"memory at {m['factor']:g}x ({m['orders']:,.0f} orders): traced peak "
            f"{m['traced_peak'] / 2**20:.1f} MiB, max RSS {m['max_rss'] / 2**20:.1f} MiB"
        )
    ok = traced < 1.5 and rss < 1.5
    verdict = "OK" if ok else "MISSED"
    print(f"memory growth for 10x orders: traced {traced:.2f}x, RSS {rss:.2f}x (target < 1.5x) {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
