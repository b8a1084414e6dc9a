"""`python -m benchmarks.replay`: replay 100k- and 1M-row reports, measure time and peak memory.

Part of `make bench`, not a test.  Each report is written in the real column layout
to a temp folder, then replayed in a fresh subprocess so that ``ru_maxrss`` (peak
resident memory) belongs to that replay alone; a second subprocess measures the
peak of Python allocations with ``tracemalloc``.  A third one only imports and
loads the rulebook: the interpreter's baseline.  The ratio of peak memory at 1M
vs 100k rows shows whether memory grows with the file.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SIZES = (100_000, 1_000_000)
DAYS = 180
EXTRA_ITEMS = 0.3


def _child(mode: str, path: str) -> None:
    import resource
    import tracemalloc

    from rules import load_rulebook
    from simulator.reports.replay import count_report, replay_dict

    rb = load_rulebook("amazon_us")
    out: dict = {}
    if mode != "baseline":
        if mode == "tracemalloc":
            tracemalloc.start()
        t0 = time.perf_counter()
        rc = count_report(path, rb)
        result = replay_dict(rc)
        out["seconds"] = time.perf_counter() - t0
        if mode == "tracemalloc":
            out["traced_peak"] = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        out["rows"] = result["rows"]["read"]
        out["orders"] = result["rows"]["orders"]
        out["max_rate"] = result["cancellation_rate"]["max"]
    out["maxrss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux
    print(json.dumps(out))


def _run(mode: str, path: Path | str) -> dict:
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.replay", "--child", mode, str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(proc.stdout)


def _mb(n: float) -> str:
    return f"{n / 2**20:7.1f} MB"


def main() -> int:
    from simulator.reports.write import ReportSpec, write_report

    base = _run("baseline", "-")
    print(f"baseline (interpreter, numpy, pydantic, rulebook): peak RSS {_mb(base['maxrss'])}")
    results = {}
    with tempfile.TemporaryDirectory(prefix="bench_replay_") as tmp:
        for n in SIZES:
            path = Path(tmp) / f"orders_{n}.tsv"
            spec = ReportSpec(
                days=DAYS, orders_per_day=n / DAYS / (1 + EXTRA_ITEMS), extra_items_mean=EXTRA_ITEMS
            )
            t0 = time.perf_counter()
            truth = write_report(path, spec, seed=1)
            gen = time.perf_counter() - t0
            size = path.stat().st_size
            rss = _run("rss", path)
            traced = _run("tracemalloc", path)
            path.unlink()
            results[n] = (rss, traced)
            print(
                f"{truth.rows:>9,} rows ({_mb(size).strip()} file, written in {gen:5.1f} s): "
                f"{rss['orders']:,} orders replayed in {rss['seconds']:5.2f} s "
                f"({rss['rows'] / rss['seconds']:,.0f} rows/s); peak RSS {_mb(rss['maxrss'])} "
                f"(+{_mb(rss['maxrss'] - base['maxrss']).strip()} over baseline); "
                f"tracemalloc peak {_mb(traced['traced_peak'])}"
            )
    (small_rss, small_tr), (big_rss, big_tr) = results[SIZES[0]], results[SIZES[1]]
    grow = (big_rss["maxrss"] - base["maxrss"]) / max(1, small_rss["maxrss"] - base["maxrss"])
    print(
        f"ratio 1M/100k rows: peak RSS x{big_rss['maxrss'] / small_rss['maxrss']:.2f}, "
        f"RSS over baseline x{grow:.2f}, "
        f"tracemalloc peak x{big_tr['traced_peak'] / small_tr['traced_peak']:.2f} "
        f"(rows x{big_rss['rows'] / small_rss['rows']:.1f}); "
        f"time x{big_rss['seconds'] / small_rss['seconds']:.1f}"
    )
    per_order = big_tr["traced_peak"] / big_tr["orders"]
    print(f"tracemalloc peak per order at 1M rows: {per_order:.0f} bytes (order key + flags kept per order)")
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        _child(sys.argv[2], sys.argv[3])
        sys.exit(0)
    sys.exit(main())
