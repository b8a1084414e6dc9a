"""`python -m benchmarks.replay`: Cancel Desk's replay beside a polars script and pyarrow's parse alone.

Part of `make bench`, not a test (issue 12).  In one run, on the same files:

* a year of a busy seller (365 days x 3,000 orders a day, ~1.4M rows, ~340 MB) and ten
  times that (3,650 days, ~14M rows, ~3.4 GB), written once by `simulator.reports.write`
  and cached in ``$TMPDIR/cancel_desk_bench`` (never in the repository);
* `python -m simulator replay REPORT --format json` (``pyarrow.csv.read_csv`` on chunks, numpy on its
  columns) against `python -m benchmarks.polars_replay REPORT` (lazy scan, group by order, then
  by day, rolling 7 days), each a fresh process whose wall time, CPU time and peak RSS (``wait4``)
  are its own; best wall of :data:`REPEATS` runs, alternating between the two;
* `python -m benchmarks.pyarrow_floor REPORT`: the same blocks parsed by pyarrow in two threads
  and nothing else, the least any replay on pyarrow's CSV reader can take on this machine;
* 1M rows alternating between two purchase days (quadratic before issue 12), and `/dev/zero`.

Both tools must agree on the peak rate, the counted cancels and the seller-fulfilled orders.
`--1x` skips the 10x report.  On a machine shared with other work the wall times move with its
load; the CPU times (user + system, all threads) move less.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CACHE = Path(tempfile.gettempdir()) / "cancel_desk_bench"
REPORTS = ((365, 3000), (3650, 3000))  # (days, orders a day): the report, and 10x
REPEATS = 3
INTERLEAVED_ROWS = 1_000_000
SAMPLE_S = 0.01
PY = sys.executable
TOOLS = {"cancel desk": "cancel desk (pyarrow)", "polars": "polars script", "floor": "pyarrow parse alone"}
ARGV = {
    "cancel desk": [PY, "-m", "simulator", "replay", "{}", "--format", "json"],
    "polars": [PY, "-m", "benchmarks.polars_replay", "{}"],
    "floor": [PY, "-m", "benchmarks.pyarrow_floor", "{}"],  # the least a replay on pyarrow can take
}


def _measure(argv: list[str], stdout=subprocess.DEVNULL) -> tuple[float, int, int, int, float]:
    """(wall seconds, peak RSS bytes, peak memory of all its processes, exit code, CPU seconds) of one child.

    Peak RSS is the largest single process's (``wait4``); the process tree's proportional set
    size (PSS: shared pages split between the processes sharing them) is sampled every
    :data:`SAMPLE_S` too, summed over the child and any descendants, and the peak sum kept.
    """
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=stdout, stderr=subprocess.DEVNULL)
    tree = 0
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        tree = max(tree, _tree_pss(proc.pid))
        time.sleep(SAMPLE_S)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    rss = usage.ru_maxrss * 1024
    return wall, rss, max(tree, rss if tree == 0 else tree), proc.returncode, usage.ru_utime + usage.ru_stime


def _tree_pss(pid: int) -> int:
    """PSS bytes of a process and its descendants now (0 where /proc cannot say)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/smaps_rollup") as fh:
                total += next((int(x.split()[1]) * 1024 for x in fh if x.startswith("Pss:")), 0)
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo += [int(c) for c in fh.read().split()]
        except (OSError, ValueError):
            continue
    return total


def _report(days: int, per_day: int) -> Path | None:
    path = CACHE / f"all_orders_{days}d_{per_day}.tsv"
    if path.exists():
        return path
    need = days * per_day * 1.3 * 240 * 1.1  # rows x bytes a row, with a margin
    CACHE.mkdir(parents=True, exist_ok=True)
    if shutil.disk_usage(CACHE).free < need + 2**30:
        print(f"skipped {path.name}: needs {need / 2**30:.1f} GiB free in {CACHE}")
        return None
    partial = path.with_name("partial_" + path.name)
    partial.unlink(missing_ok=True)
    print(f"writing {path} once ({days} days x {per_day:,} orders a day) ...", flush=True)
    argv = [PY, "-m", "simulator.reports.write", str(partial), "--days", str(days)]
    subprocess.run([*argv, "--orders-per-day", str(per_day)], check=True, stdout=subprocess.DEVNULL)
    partial.rename(path)
    return path


def _interleaved() -> Path:
    """Rows alternating between two purchase days ten days apart."""
    path = CACHE / f"interleaved_{INTERLEAVED_ROWS}.tsv"
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        head = "amazon-order-id\tpurchase-date\tlast-updated-date\torder-status\tfulfillment-channel\n"
        day = ("2024-03-01T09:00:00Z", "2024-03-11T09:00:00Z")
        partial = path.with_name("partial_" + path.name)
        with open(partial, "w") as fh:
            fh.write(head)
            for i in range(INTERLEAVED_ROWS):
                fh.write(f"111-{i % 2:07d}-{i:07d}\t{day[i % 2]}\t2024-03-25T09:00:00Z\tShipped\tMFN\n")
        partial.rename(path)
    return path


def _both(path: Path, repeats: int) -> dict[str, tuple[float, int, int, dict, float]]:
    """Best wall, peak RSS, peak PSS, answer and least CPU of each tool, runs alternating between them."""
    out: dict[str, list] = {tool: [] for tool in ARGV}
    answer: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="bench_replay_") as tmp:
        for _ in range(repeats):
            for tool, argv in ARGV.items():
                target = Path(tmp) / f"{tool}.json"
                with open(target, "w") as fh:
                    wall, rss, tree, code, cpu = _measure([a.format(path) for a in argv], stdout=fh)
                if code != 0:
                    raise SystemExit(f"{tool} failed on {path} (exit {code})")
                out[tool].append((wall, rss, tree, cpu))
                result = json.loads(target.read_text())
                if tool != "cancel desk":
                    answer[tool] = result
                else:
                    answer[tool] = {
                        "max_rate": result["cancellation_rate"]["max"],  # the CLI's JSON, parsed
                        "counted": result["totals"]["counted_cancellations"],
                        "seller_fulfilled": result["totals"]["seller_fulfilled_orders"],
                    }
    return {
        t: (min(x[0] for x in r), max(x[1] for x in r), max(x[2] for x in r), answer[t], min(x[3] for x in r))
        for t, r in out.items()
    }


def _mb(n: float) -> str:
    return f"{n / 2**20:,.0f} MB"


def main(argv: list[str] | None = None) -> int:
    only_1x = "--1x" in (sys.argv[1:] if argv is None else argv)  # skip the 10x report (3.4 GB)
    print(f"{'report':<34} {'tool':<24} {'wall':>8} {'CPU':>8} {'peak RSS':>10} {'all procs':>10}")
    results = {}
    for days, per_day in REPORTS[:1] if only_1x else REPORTS:
        path = _report(days, per_day)
        if path is None:
            continue
        size = path.stat().st_size
        repeats = REPEATS if size < 2**30 else 1
        res = results[(days, per_day)] = _both(path, repeats)
        for tool, (wall, rss, tree, _, cpu) in res.items():
            name = f"{days} d x {per_day:,}/d ({size / 2**20:,.0f} MiB)"
            label = TOOLS[tool]
            print(f"{name:<34} {label:<24} {wall:7.2f}s {cpu:7.2f}s {_mb(rss):>10} {_mb(tree):>10}")
        (cw, cr, ct, ca, cc), (pw, pr, pt, pa, pc) = res["cancel desk"], res["polars"]
        same = "same answer" if ca == pa else f"ANSWERS DIFFER: {ca} vs {pa}"
        print(
            f"{'':<34} ratio cancel desk / polars: wall x{cw / pw:.2f}, CPU x{cc / pc:.2f}, "
            f"peak RSS x{cr / pr:.2f}, all processes x{ct / pt:.2f}; {same}"
        )
        fw, fc = res["floor"][0], res["floor"][4]
        print(
            f"{'':<34} pyarrow's parse alone / the polars script: wall x{fw / pw:.2f}, CPU x{fc / pc:.2f}; "
            f"left for checks, counts and start-up: {pw - fw:.2f} s of wall"
        )
    base, big = results.get(REPORTS[0]), results.get(REPORTS[1])
    if base and big:
        grow = big["cancel desk"][2] / base["cancel desk"][2]
        polars_grow = big["polars"][2] / base["polars"][2]
        print(
            f"peak memory (all processes), 10x report / 1x: cancel desk x{grow:.2f} (target < 1.5), "
            f"polars x{polars_grow:.2f}"
        )
    if base:
        (cw, _, ct, _, _), (pw, _, _, _, _) = base["cancel desk"], base["polars"]
        print(
            f"targets on the 1x report: wall <= polars: {'met' if cw <= pw else 'MISSED'} "
            f"({cw:.2f} s vs {pw:.2f} s); peak memory of all processes <= 150 MB: "
            f"{'met' if ct <= 150 * 2**20 else 'MISSED'} ({_mb(ct)})"
        )
    path = _interleaved()
    wall, rss, tree, code, _ = _measure([PY, "-m", "simulator", "replay", str(path), "--format", "json"])
    print(
        f"{INTERLEAVED_ROWS:,} rows alternating between two days: {wall:.2f} s, "
        f"{_mb(rss)} (all processes {_mb(tree)}), exit {code}"
    )
    wall, rss, _, code, _ = _measure([PY, "-m", "simulator", "replay", "/dev/zero"])
    print(f"replay /dev/zero: refused in {wall:.2f} s, {_mb(rss)}, exit {code}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
