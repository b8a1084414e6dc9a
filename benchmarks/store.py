"""`python -m benchmarks.store`: seed 100k attempts, time the trainer page's queries, peak memory.

Part of `make bench`, not a test.  Attempts with realistic steps are seeded into a
temp SQLite file (``--pg``: a throwaway PostgreSQL cluster; ``--url``: any database).
Each measurement runs in a fresh subprocess so that ``ru_maxrss`` (peak resident
memory) is that measurement's alone:

* ``baseline``  imports the store and opens it: the interpreter's floor;
* ``sql``       one trainer-page render done in the database: count, first page of 50,
                a deep keyset page, pass rates and per-trainee progress by ``GROUP BY``;
* ``memory``    the same page the old way: every attempt loaded, rates counted in Python.

Seeding 10k and 100k shows whether a render's time and memory grow with the table.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from classroom.store import AttemptStore, pass_rates
from classroom.store.db import engine_for, sqlite_url
from classroom.store.schema import attempts
from formats.loader import load_rulebook
from rules import vocabulary

SIZES = (10_000, 100_000)
AWAITING_RULE = f"statuses.{vocabulary.awaiting_status(load_rulebook())}"  # a typical step's rule
TRAINEES = 40
EXERCISES = 12
REPEAT = 5
ACTIONS = ("open_order", "message_buyer", "check_address", "cancel", "refund", "ship", "wait")


def _rows(n: int, seed: int = 1) -> list[dict]:
    rng = random.Random(seed)
    t0 = datetime(2025, 1, 1, 9)
    out = []
    for i in range(n):
        steps = [
            {"hour": h, "action": rng.choice(ACTIONS), "ok": rng.random() > 0.1, "rule": AWAITING_RULE,
             "detail": "allowed while Unshipped"}
            for h in range(rng.randint(6, 10))
        ]  # fmt: skip
        ded = [{"code": "trap", "points": 0.25, "why": "cancelled a valid order"}] * rng.randint(0, 2)
        start = t0 + timedelta(minutes=7 * i)
        passed = rng.random() < 0.6
        out.append(
            {
                "trainee": f"Trainee {i % TRAINEES:02d}",
                "exercise_id": f"ex_{i % EXERCISES:02d}",
                "exercise_title": f"Exercise {i % EXERCISES}",
                "score": 1.0 if passed else rng.random() * 0.7,
                "passed": int(passed),
                "steps": json.dumps(steps),
                "deductions": json.dumps(ded),
                "started_at": start.isoformat(timespec="seconds"),
                "ended_at": (start + timedelta(minutes=5)).isoformat(timespec="seconds"),
            }
        )
    return out


def seed(url: str, n: int) -> float:
    """Insert ``n`` attempts in batches (bulk load, not timed as the app writes)."""
    t0 = time.perf_counter()
    engine = engine_for(url)
    rows = _rows(n)
    with engine.begin() as conn:
        conn.execute(sa.delete(attempts))
        for k in range(0, n, 5000):
            conn.execute(sa.insert(attempts), rows[k : k + 5000])
    # the steady state autovacuum reaches on a server: statistics and PostgreSQL's visibility map
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("ANALYZE" if engine.dialect.name == "sqlite" else "VACUUM ANALYZE attempts")
    engine.dispose()
    return time.perf_counter() - t0


def _timed(fn) -> float:
    times = []
    for _ in range(REPEAT):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _child(mode: str, url: str, n: str = "0") -> None:
    if mode == "seed":  # here, not in the parent: a forked parent's memory would inflate ru_maxrss
        print(json.dumps({"seconds": seed(url, int(n))}))
        return
    store = AttemptStore(url=url)
    out: dict = {}
    if mode == "sql":
        deep = store.count() // 2
        out["count"] = _timed(store.count)
        out["page 1 (50)"] = _timed(lambda: store.page(limit=50))
        out["keyset page, middle"] = _timed(lambda: store.page(limit=50, before=deep))
        out["offset page, middle"] = _timed(lambda: store.page(limit=50, offset=deep))
        out["one trainee, page 1"] = _timed(lambda: store.page("Trainee 07", limit=50))
        out["pass_rates GROUP BY"] = _timed(store.pass_rates)
        out["progress GROUP BY"] = _timed(store.progress)
        out["trainees DISTINCT"] = _timed(store.trainees)
        t0 = time.perf_counter()  # one whole render, cold: what a redraw costs
        store.count(), store.page(limit=50), store.pass_rates(), store.progress(), store.trainees()
        out["render"] = time.perf_counter() - t0
    elif mode == "memory":
        t0 = time.perf_counter()
        every = store.attempts()
        pass_rates(every), store.trainees()
        out["render"] = time.perf_counter() - t0
    out["maxrss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux
    print(json.dumps(out))


def _run(mode: str, url: str, *extra: str) -> dict:
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.store", "--child", mode, url, *extra],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(proc.stdout)


def _mb(n: float) -> str:
    return f"{n / 2**20:.0f} MB"


def bench(url: str, label: str) -> None:
    print(f"store benchmark on {label}; median of {REPEAT} runs per query, a fresh process per row")
    for n in SIZES:
        took = _run("seed", url, str(n))["seconds"]
        base, sql, mem = _run("baseline", url), _run("sql", url), _run("memory", url)
        print(f"\n{n:,} attempts (seeded in {took:.1f} s); interpreter + store alone: {_mb(base['maxrss'])}")
        for key, secs in sql.items():
            if key not in ("maxrss", "render"):
                print(f"  {key:<22} {secs * 1000:8.2f} ms")
        extra_sql = sql["maxrss"] - base["maxrss"]
        extra_mem = mem["maxrss"] - base["maxrss"]
        print(
            f"  render in SQL          {sql['render'] * 1000:8.2f} ms   peak +{_mb(extra_sql)} over the floor"
        )
        print(
            f"  render in memory (old) {mem['render'] * 1000:8.2f} ms   peak +{_mb(extra_mem)} over the floor"
        )


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.store")
    ap.add_argument("--pg", action="store_true", help="run on a throwaway PostgreSQL cluster")
    ap.add_argument("--url", help="run on this database (its attempts table is emptied!)")
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        _child(*args.child)
    elif args.url:
        bench(args.url, args.url)
    else:
        on_database(bench, pg=args.pg)


def on_database(bench, *, pg: bool) -> None:
    """``bench(url, label)`` on a throwaway PostgreSQL cluster, or on a temporary SQLite file."""
    if pg:
        from tests.pg_cluster import PgCluster  # deferred: only --pg needs the test cluster helper

        cluster = PgCluster.start()
        try:
            bench(cluster.create_database("bench"), "PostgreSQL 15 (throwaway cluster)")
        finally:
            cluster.stop()
            cluster.remove()
    else:
        with tempfile.TemporaryDirectory() as tmp:
            bench(sqlite_url(Path(tmp) / "attempts.sqlite3"), "SQLite (WAL)")


if __name__ == "__main__":
    main()
