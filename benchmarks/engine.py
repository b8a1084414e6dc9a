"""`python -m benchmarks.engine`: the simulator's speed and memory, measured in one run.

Not a test: it prints figures for this machine.

1. Engine speed against a fair reference, in the same process: 1,000 runs of
   the starter shop by ``simulate`` and by :mod:`benchmarks.per_order` (the
   same model drawn one order at a time with numpy, then ``np.bincount`` per
   day and the same result block).  Work is counted in run-days (runs x
   simulated days, history included), not orders: the engine draws per-day
   counts, so its orders per second grow with the volume.  The floor is the
   time to draw every run's per-day volume, channel and situation counts in
   one call per draw (a single generator: not the engine's streams, which give
   each run its own).  The three are timed in turns, best of a few rounds (the
   machine is shared: a slow moment then slows all three alike).  Targets:
   1,000 runs under 1 s, within 2x of the floor, and at least 3x the per-order
   implementation.
2. Wall time of ``python -m simulator run starter_shop --runs 1000`` in a fresh
   process, start-up included.  Target: under 10 s.
3. Peak memory at 1x and 10x the orders (same runs and days, volume x10),
   each in its own process: tracemalloc peak during the simulation and the
   process's max RSS.  Target: growth under 1.5x.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.per_order import simulate_per_order
from simulator import load_scenario, simulate
from simulator.catalog import rulebook_for
from simulator.engine.plan import background
from simulator.engine.streams import Layout, layout

ROOT = Path(__file__).resolve().parent.parent
RUNS = 1000
REPEATS = 3


def _best(fns: dict[str, Callable[[], Any]], repeats: int = REPEATS) -> dict[str, tuple[float, Any]]:
    """Best wall time and last result of each function, timed in turns ``repeats`` times.

    The machine is shared: the minimum is the least noisy, and taking turns puts the
    functions through the same moments, so the ratios between them hold.
    """
    best: dict[str, tuple[float, Any]] = {k: (float("inf"), None) for k in fns}
    for _ in range(repeats):
        for name, fn in fns.items():
            t0 = time.perf_counter()
            out = fn()
            best[name] = (min(best[name][0], time.perf_counter() - t0), out)
    return best


def all_runs_at_once(lay: Layout, runs: int, seed: int = 0) -> np.ndarray:
    """Every run's per-day counts from one generator in one call per draw: the floor."""
    rng = np.random.default_rng(seed)
    shape = (runs, lay.span)
    k = 1.0 / lay.cv**2
    orders = rng.poisson(lay.lam * rng.gamma(k, 1.0 / k, size=shape))
    mfn = rng.binomial(orders, lay.mfn_share)
    d_mfn = rng.binomial(mfn, lay.direct_rate)
    rng.binomial(orders - mfn, lay.direct_rate)
    return rng.multinomial(mfn - d_mfn, lay.probs)


def _memory_child(factor: float) -> None:
    """Run in a subprocess: simulate at ``factor`` x volume; print peak memory as JSON."""
    import resource  # deferred: only the measuring subprocess needs it
    import tracemalloc  # deferred: importing it in the parent would add to the parent's figures

    sc = load_scenario("starter_shop")
    sc = sc.model_copy(update={"volume": sc.volume.model_copy(update={"mean_per_day": 300 * factor})})
    tracemalloc.start()
    res = simulate(sc, seed=0, runs=RUNS)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    orders = res.totals.orders * RUNS
    print(json.dumps({"factor": factor, "orders": orders, "traced_peak": peak, "max_rss": rss_kb * 1024}))


def _child(factor: float) -> dict:
    code = f"from benchmarks.engine import _memory_child; _memory_child({factor})"
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True, timeout=600
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> int:
    sc = load_scenario("starter_shop")
    rb = rulebook_for(sc)
    lay = layout(sc, rb, background(rb))
    run_days = RUNS * lay.span
    print(
        f"simulator bench: scenario starter_shop ({sc.volume.mean_per_day:g} orders/day, "
        f"{lay.span} simulated days = {lay.warmup} history + {lay.days} reported)"
    )

    # 1. the engine against the per-order numpy implementation of the same model
    simulate(sc, seed=0, runs=5)  # warm up imports and caches
    simulate_per_order(sc, seed=0, runs=5)
    timed = _best(
        {
            "engine": lambda: simulate(sc, seed=0, runs=RUNS),
            "per_order": lambda: simulate_per_order(sc, seed=0, runs=RUNS),
            "floor": lambda: all_runs_at_once(lay, RUNS),
        },
        repeats=5,
    )
    (engine_s, res), (per_order_s, ref), (floor_s, _) = timed["engine"], timed["per_order"], timed["floor"]
    orders = res.totals.orders * RUNS
    print(
        f"engine (per-day counts, one generator per run, in batches): {RUNS:,} runs in {engine_s:.2f} s = "
        f"{run_days / engine_s:,.0f} run-days/s ({orders:,.0f} reported orders)"
    )
    print(
        f"per-order numpy (draws per order, bincount per day): {RUNS:,} runs in {per_order_s:.2f} s = "
        f"{run_days / per_order_s:,.0f} run-days/s"
    )
    print(
        f"for scale: every run's per-day volume, channel and situation counts drawn at once "
        f"(one generator, not the engine's per-run streams): {floor_s:.2f} s"
    )
    for key in ("orders", "counted_cancellations", "negative_feedback"):
        print(
            f"  same model, mean {key.replace('_', ' ')} per run: engine {getattr(res.totals, key):,.1f}, "
            f"per-order {ref['totals'][key]:,.1f}"
        )
    ratio = per_order_s / engine_s
    to_floor = engine_s / floor_s
    verdict = "OK" if engine_s < 1 else "MISSED"
    print(f"{RUNS:,} runs of starter_shop: {engine_s:.2f} s wall (target < 1 s) {verdict}")
    print(f"engine / all-at-once floor: {to_floor:.2f}x (target <= 2x) {'OK' if to_floor <= 2 else 'MISSED'}")
    print(f"speed-up over per-order numpy: {ratio:.1f}x (target >= 3x) {'OK' if ratio >= 3 else 'MISSED'}")

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
