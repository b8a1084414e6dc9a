"""`python -m benchmarks.lab`: server-side timings of the policy lab (not a test).

1. Redraw after a widget change, default scenario, one run: AppTest sets a
   widget (a new seed, so the cache cannot answer) and times ``at.run()``.
   Target < 0.5 s.
2. 1,000 Monte Carlo runs of the default scenario: the cached call the pages
   make, cold, and a full page run with "Monte Carlo runs" at 1000.
   Target < 10 s.
Figures are medians of a few repeats on a shared machine; compare them with
the targets, not with another machine's.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from ui.simulate import catalog as lab_catalog
from ui.simulate import runs as lab_runs

ROOT = Path(__file__).resolve().parents[1]
REDRAW_TARGET, THOUSAND_TARGET = 0.5, 10.0


def lab_app(runs: int) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("ui/simulate/lab_page.py").run()
    at.selectbox(key="lab.runs").set_value(runs).run()
    if at.exception:
        raise SystemExit(f"the lab page failed: {at.exception[0].value}")
    return at


def timed_widget_changes(at: AppTest, repeats: int, start_seed: int = 1000) -> list[float]:
    times = []
    for i in range(repeats):
        at.number_input(key="lab.seed").set_value(start_seed + i)
        t = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - t)
    return times


def main() -> None:
    print("benchmarks.lab: server-side timings (policy lab, default scenario)")
    at = lab_app(runs=1)
    redraw = timed_widget_changes(at, repeats=7)
    hit_times = []
    for _ in range(5):  # same inputs again: a rerun answered by the result cache
        t = time.perf_counter()
        at.run()
        hit_times.append(time.perf_counter() - t)
    med = statistics.median(redraw)
    print(
        f"  redraw after a widget change, 1 run:  median {med:.3f} s, max {max(redraw):.3f} s "
        f"(target < {REDRAW_TARGET} s, {med / REDRAW_TARGET:.0%} of budget)"
    )
    print(f"  rerun with cached result:             median {statistics.median(hit_times):.3f} s")

    name = "starter_shop"
    scenario = lab_catalog.scenarios()[name]
    rb = lab_catalog.rulebook_of(scenario)
    policy = lab_catalog.policy_of(scenario, rb)
    core = []
    for seed in (1, 2, 3):
        lab_runs.clear()
        t = time.perf_counter()
        lab_runs.run(scenario, policy, rb, seed=seed, runs=1000)
        core.append(time.perf_counter() - t)
    med_core = statistics.median(core)
    print(
        f"  1,000 runs, cold (simulate + cache):  median {med_core:.3f} s "
        f"(target < {THOUSAND_TARGET} s, {med_core / THOUSAND_TARGET:.1%} of budget)"
    )
    big = lab_app(runs=1000)
    page = timed_widget_changes(big, repeats=3, start_seed=2000)
    med_page = statistics.median(page)
    print(
        f"  1,000 runs, whole lab page redraw:    median {med_page:.3f} s "
        f"(target < {THOUSAND_TARGET} s, {med_page / THOUSAND_TARGET:.1%} of budget)"
    )
    ok = med < REDRAW_TARGET and med_core < THOUSAND_TARGET and med_page < THOUSAND_TARGET
    print("  all targets met" if ok else "  TARGET MISSED")


if __name__ == "__main__":
    main()
