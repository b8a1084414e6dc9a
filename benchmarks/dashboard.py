"""`python -m benchmarks.dashboard`: the trainer page's real queries and the real page, on 100k attempts.

Part of `make bench`, not a test.  Seeds 10k and 100k attempts made by 40 signed-up
trainees (two cohorts, deductions that name 8 steps and 3 traps) into a temp SQLite
file (``--pg``: a throwaway PostgreSQL cluster), then, each in a fresh process so
``ru_maxrss`` is its own:

* ``queries``  every query one dashboard redraw makes (classroom.store.dashboard), all
               attempts and one cohort, median of 5;
* ``page``     the Trainer records page itself, rendered by Streamlit's AppTest with a
               trainer signed in: first render and a rerun (median of 5).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import sqlalchemy as sa

from benchmarks.store import _rows, on_database
from classroom.accounts import Accounts
from classroom.cohorts import Classroom
from classroom.store.attempts import miss_rows
from classroom.store.dashboard import Dashboard, Scope
from classroom.store.db import dispose_engines, engine_for
from classroom.store.schema import attempt_misses, attempts
from formats.loader import load_rulebook
from rules import vocabulary

SIZES = (10_000, 100_000)
PENDING_RULE = f"statuses.{vocabulary.unpaid_status(load_rulebook())}"  # a trap's rule
TRAINEES = 40
REPEAT = 5
PW = "benchmark password"
STEPS = [f"procedures.ask_buyer.steps.s{i}" for i in range(8)]
TRAPS = ("cancel_pending", "cancel_shipped", "buyer_cancelled_without_request")
ROOT = Path(__file__).resolve().parents[1]


def _deductions(rng: random.Random) -> list[dict]:
    out = [{"points": 1.0, "rule": rng.choice(STEPS), "what": "Missing step", "why": "w", "trap": None}
           for _ in range(rng.randint(0, 2))]  # fmt: skip
    if rng.random() < 0.2:
        t = rng.choice(TRAPS)
        out.append({"points": 1.0, "rule": PENDING_RULE, "what": f"Trap {t}", "why": "w", "trap": t})
    return out


def seed(url: str, n: int) -> float:
    t0 = time.perf_counter()
    engine = engine_for(url)
    with engine.begin() as conn:
        for t in ("attempt_misses", "attempt_notes", "assignments", "cohort_members", "cohorts", "sessions",
                  "signin_failures", "attempts", "users"):  # fmt: skip
            conn.execute(sa.text(f"DELETE FROM {t}"))
    acc = Accounts(url)
    room = Classroom(url, accounts=acc)
    tess, _ = acc.add_user("Tess", "trainer", PW)
    users = [acc.add_user(f"Trainee {i:02d}", "trainee", PW)[0] for i in range(TRAINEES)]
    for half in (users[: TRAINEES // 2], users[TRAINEES // 2 :]):
        cohort = room.create_cohort(f"Cohort {half[0].name}", by=tess)
        for u in half:
            room.join(cohort.join_code, u)
        room.assign(cohort.id, "exercise", "ex_00", by=tess, pass_mark=0.8)
    rng = random.Random(2)
    rows = _rows(n)
    for i, r in enumerate(rows):
        r["id"] = i + 1
        r["user_id"] = users[i % TRAINEES].id
        r["trainee"] = users[i % TRAINEES].name
        r["deductions"] = json.dumps(_deductions(rng))
    with engine.begin() as conn:
        for k in range(0, n, 5000):
            chunk = rows[k : k + 5000]
            conn.execute(sa.insert(attempts), chunk)
            misses = [m for r in chunk for m in miss_rows(r["id"], json.loads(r["deductions"]))]
            if misses:
                conn.execute(sa.insert(attempt_misses), misses)
    if engine.dialect.name == "postgresql":  # ids were given explicitly: move the sequence past them
        with engine.begin() as conn:
            conn.execute(sa.text("SELECT setval(pg_get_serial_sequence('attempts', 'id'), :n)"), {"n": n})
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("ANALYZE" if engine.dialect.name == "sqlite" else "VACUUM ANALYZE")
    dispose_engines()
    return time.perf_counter() - t0


def _median(fn) -> float:
    times = []
    for _ in range(REPEAT):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _redraw(dash: Dashboard, scope: Scope) -> None:
    """What one Trainer records redraw asks the database (dashboard + attempts tab)."""
    dash.summary(scope), dash.progress(scope), dash.pass_rates(scope), dash.misses(scope)
    dash.count(scope)
    first = dash.page(scope, limit=50)
    dash.store.notes(first[0].id)


def _child(mode: str, url: str, n: str = "0") -> None:
    out: dict = {}
    if mode == "seed":
        out["seconds"] = seed(url, int(n))
    elif mode == "queries":
        dash = Dashboard(url)
        cohort = Classroom(url).cohorts()[0].id
        for label, scope in (("all", Scope()), ("cohort", Scope(cohort_id=cohort))):
            out[f"summary ({label})"] = _median(lambda s=scope: dash.summary(s))
            out[f"progress ({label})"] = _median(lambda s=scope: dash.progress(s))
            out[f"pass rates ({label})"] = _median(lambda s=scope: dash.pass_rates(s))
            out[f"most missed ({label})"] = _median(lambda s=scope: dash.misses(s))
            out[f"page 1 of 50 ({label})"] = _median(lambda s=scope: dash.page(s, limit=50))
            out[f"whole redraw ({label})"] = _median(lambda s=scope: _redraw(dash, s))
    elif mode == "page":
        import os  # deferred: only the page child sets the app's database

        from streamlit.testing.v1 import AppTest  # deferred: only the page child needs Streamlit

        from ui.auth.session import AuthState  # deferred: it imports Streamlit

        os.environ["CANCEL_DESK_DB_URL"] = url
        _user, token = Accounts(url).sign_in("Tess", PW, "bench")
        at = AppTest.from_file(str(ROOT / "ui" / "train" / "trainer_page.py"), default_timeout=120)
        at.session_state["auth"] = AuthState(token)
        t0 = time.perf_counter()
        at.run()
        out["first render"] = time.perf_counter() - t0
        assert not at.exception, at.exception
        out["rerun"] = _median(at.run)
        out["attempts shown"] = float(at.metric[0].value)
    out["maxrss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps(out))


def _run(mode: str, url: str, *extra: str) -> dict:
    proc = subprocess.run([sys.executable, "-m", "benchmarks.dashboard", "--child", mode, url, *extra],
                          capture_output=True, text=True, check=True, cwd=ROOT)  # fmt: skip
    return json.loads(proc.stdout.strip().splitlines()[-1])


def bench(url: str, label: str) -> None:
    print(f"trainer dashboard benchmark on {label}; median of {REPEAT}, a fresh process per block")
    for n in SIZES:
        took = _run("seed", url, str(n))["seconds"]
        q, page = _run("queries", url), _run("page", url)
        print(f"\n{n:,} attempts (seeded in {took:.1f} s)")
        for key, secs in q.items():
            if key != "maxrss":
                print(f"  {key:<28} {secs * 1000:8.1f} ms")
        print(f"  queries process peak RSS       {q['maxrss'] / 2**20:6.0f} MB")
        print(f"  Trainer records page, first render {page['first render'] * 1000:8.1f} ms")
        print(f"  Trainer records page, rerun        {page['rerun'] * 1000:8.1f} ms")
        print(f"  page process peak RSS              {page['maxrss'] / 2**20:6.0f} MB "
              f"({page['attempts shown']:,.0f} attempts counted)")  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.dashboard")
    ap.add_argument("--pg", action="store_true", help="run on a throwaway PostgreSQL cluster")
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        _child(*args.child)
    else:
        on_database(bench, pg=args.pg)


if __name__ == "__main__":
    main()
