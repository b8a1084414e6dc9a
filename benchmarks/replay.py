"""`python -m benchmarks.replay`: Cancel Desk's replay beside a polars script, wall time and peak RSS.

Part of `make bench`, not a test (issue 12).  In one run, on the same files:

* a year of a busy seller (365 days x 3,000 orders a day, ~1.4M rows, ~340 MB) and ten
  times that (3,650 days, ~14M rows, ~3.4 GB), written once by `simulator.reports.write`
  and cached in ``$TMPDIR/cancel_desk_bench`` (never in the repository);
* `python -m simulator replay REPORT --format json` against `python -m benchmarks.polars_replay
  REPORT` (lazy scan, group by order, then by day, rolling 7 days), each a fresh process whose
  wall time and peak RSS (``wait4``) are its own; best wall of :data:`REPEATS` runs;
* 1M rows alternating between two purchase days (quadratic before issue 12), and `/dev/zero`.

Both tools must agree on the peak rate, the counted cancels and the seller-fulfilled orders.
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
PY = sys.executable


def _measure(argv: list[str], stdout=subprocess.DEVNULL) -> tuple[float, int, int]:
    """(wall seconds, peak RSS bytes, exit code) of one child process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=stdout, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss * 1024, proc.returncode


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


def _both(path: Path, repeats: int) -> dict[str, tuple[float, int, dict]]:
    """Best wall, peak RSS and answer of each tool, runs alternating between them."""
    out: dict[str, list] = {"cancel desk": [], "polars": []}
    answer: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="bench_replay_") as tmp:
        for _ in range(repeats):
            for tool, argv in (
                ("cancel desk", [PY, "-m", "simulator", "replay", str(path), "--format", "json"]),
                ("polars", [PY, "-m", "benchmarks.polars_replay", str(path)]),
            ):
                target = Path(tmp) / f"{tool}.json"
                with open(target, "w") as fh:
                    wall, rss, code = _measure(argv, stdout=fh)
                if code != 0:
                    raise SystemExit(f"{tool} failed on {path} (exit {code})")
                out[tool].append((wall, rss))
                result = json.loads(target.read_text())
                if tool == "polars":
                    answer[tool] = result
                else:
                    answer[tool] = {
                        "max_rate": result["cancellation_rate"]["max"],
                        "counted": result["totals"]["counted_cancellations"],
                        "seller_fulfilled": result["totals"]["seller_fulfilled_orders"],
                    }
    return {t: (min(w for w, _ in r), max(m for _, m in r), answer[t]) for t, r in out.items()}


def _mb(n: float) -> str:
    return f"{n / 2**20:,.0f} MB"


def main() -> int:
    print(f"{'report':<34} {'tool':<12} {'wall':>8} {'peak RSS':>10}")
    results = {}
    for days, per_day in REPORTS:
        path = _report(days, per_day)
        if path is None:
            continue
        size = path.stat().st_size
        repeats = REPEATS if size < 2**30 else 1
        res = results[(days, per_day)] = _both(path, repeats)
        for tool, (wall, rss, _) in res.items():
            name = f"{days} d x {per_day:,}/d ({size / 2**20:,.0f} MiB)"
            print(f"{name:<34} {tool:<12} {wall:7.2f}s {_mb(rss):>10}")
        (cw, cr, ca), (pw, pr, pa) = res["cancel desk"], res["polars"]
        same = "same answer" if ca == pa else f"ANSWERS DIFFER: {ca} vs {pa}"
        print(f"{'':<34} ratio cancel desk / polars: wall x{cw / pw:.2f}, peak RSS x{cr / pr:.2f}; {same}")
    base, big = results.get(REPORTS[0]), results.get(REPORTS[1])
    if base and big:
        grow = big["cancel desk"][1] / base["cancel desk"][1]
        polars_grow = big["polars"][1] / base["polars"][1]
        print(f"peak RSS, 10x report / 1x: cancel desk x{grow:.2f} (target < 1.5), polars x{polars_grow:.2f}")
    if base:
        (cw, cr, _), (pw, _, _) = base["cancel desk"], base["polars"]
        print(
            f"targets on the 1x report: wall <= polars: {'met' if cw <= pw else 'MISSED'} "
            f"({cw:.2f} s vs {pw:.2f} s); peak RSS <= 150 MB: {'met' if cr <= 150 * 2**20 else 'MISSED'} "
            f"({_mb(cr)})"
        )
    path = _interleaved()
    wall, rss, code = _measure([PY, "-m", "simulator", "replay", str(path), "--format", "json"])
    print(f"{INTERLEAVED_ROWS:,} rows alternating between two days: {wall:.2f} s, {_mb(rss)}, exit {code}")
    wall, rss, code = _measure([PY, "-m", "simulator", "replay", "/dev/zero"])
    print(f"replay /dev/zero: refused in {wall:.2f} s, {_mb(rss)}, exit {code}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
