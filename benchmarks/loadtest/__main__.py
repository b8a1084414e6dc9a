"""`python -m benchmarks.loadtest` (`make loadtest`): the classroom mix at 1, 10, 20 and 40
sessions, then 20 sessions pressing Run at the same moment; prints the table.

Not a test: timings depend on the machine.  tests/e2e/test_loadtest_smoke.py (in `make test`) runs
3 sessions and asserts only that nothing failed and no attempt was lost.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from benchmarks.loadtest import proxy, report
from benchmarks.loadtest.runner import run_level

DESCRIPTION = (
    "Many browser sessions against one app server (behind nginx for its static files): the classroom mix, "
    "then sessions pressing Run at the same moment. Prints p50/p95/max per action."
)


def _counts(text: str) -> list[int]:
    try:
        counts = [int(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected numbers separated by commas, got {text!r}") from None
    if any(c < 1 for c in counts):
        raise argparse.ArgumentTypeError("session counts must be at least 1")
    return counts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.loadtest", description=DESCRIPTION)
    ap.add_argument(
        "--sessions", type=_counts, default=[1, 10, 20, 40], help="classroom levels, e.g. 1,10,20,40"
    )
    ap.add_argument("--burst", type=int, default=20, help="sessions pressing Run at once (0: skip)")
    ap.add_argument("--seed", type=int, default=0, help="seeds each session's choices and think times")
    ap.add_argument("--db-url", default=None, help="CANCEL_DESK_DB_URL for the server (default: its SQLite)")
    ap.add_argument(
        "--same-priority",
        action="store_true",
        help="run the browsers at the server's priority (default: idle priority, as if on other computers)",
    )
    ap.add_argument(
        "--direct",
        action="store_true",
        help="no nginx in front: the app server serves its own static files (as `make run` does)",
    )
    ap.add_argument("--json", type=Path, default=None, help="also write the figures as JSON here")
    args = ap.parse_args(argv)
    if not args.direct and not proxy.available():
        print(
            f"nginx is not installed ({proxy.NGINX}): `make loadtest` installs it, or pass --direct",
            file=sys.stderr,
        )
        return 2
    front = {"static_proxy": not args.direct, "background_clients": not args.same_priority}
    levels = []
    for n in args.sessions:
        print(f"classroom, {n} session(s) ...", file=sys.stderr, flush=True)
        levels.append(run_level("classroom", n, seed=args.seed, db_url=args.db_url, **front))
    if args.burst:
        print(f"burst, {args.burst} sessions ...", file=sys.stderr, flush=True)
        levels.append(run_level("burst", args.burst, seed=args.seed, db_url=args.db_url, **front))
    print(report.table(levels))
    problems = report.error_lines(levels)
    if problems:
        print("\nProblems:\n" + problems)
    if args.json:
        args.json.write_text(report.to_json(levels) + "\n")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
