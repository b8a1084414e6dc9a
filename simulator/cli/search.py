"""`python -m simulator search SCENARIO`: find the best compliant policy for a shop.

The space comes from the rulebook and the scenario (each simulated situation's compliant
handlings, how long to wait for the buyer, and any --param number); Optuna proposes
policies (NSGA-II, or TPE when --weights make one objective) and every trial runs on the
same seeds.  The work is said on stderr before it starts and refused over one machine's
budget (use --scheduler).  The same inputs and seed give the same front, on any executor.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

from simulator.cli.args import whole
from simulator.cli.output import check_out_path, write_output
from simulator.cli.progress import StderrProgress
from simulator.cli.scheduler import add_scheduler
from simulator.runs.executor import check_scheduler, open_executor
from simulator.search.api import DEFAULT_RUNS, DEFAULT_TRIALS, default_storage, question, search
from simulator.search.objectives import DEFAULT_OBJECTIVES, OBJECTIVES, parse_objectives, parse_pairs
from simulator.search.result import Figure, Point, SearchResult
from simulator.search.study import Progress

FORMATS = ("table", "json", "csv")


def register(sub) -> None:
    s = sub.add_parser(
        "search",
        help="find the best compliant policy: a multi-objective search on common random numbers",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    s.add_argument("scenario", help="scenario name (holiday_stockout) or YAML file")
    s.add_argument(
        "--objective",
        default=",".join(DEFAULT_OBJECTIVES),
        help=f"comma-separated objectives to minimise, from {', '.join(OBJECTIVES)} "
        f"(default {','.join(DEFAULT_OBJECTIVES)})",
    )
    s.add_argument(
        "--weights", help="NAME=W,...: minimise one weighted sum (TPE) instead of finding a front (NSGA-II)"
    )
    s.add_argument("--limit", help="NAME=MAX,...: a trial over a limit is infeasible, e.g. breach=0.05")
    s.add_argument("--trials", type=whole(1), default=DEFAULT_TRIALS, help=f"default {DEFAULT_TRIALS}")
    s.add_argument(
        "--runs",
        type=whole(1),
        default=DEFAULT_RUNS,
        help=f"Monte Carlo runs a trial (default {DEFAULT_RUNS})",
    )
    s.add_argument("--seed", type=whole(0), default=0, help="random seed (default 0)")
    s.add_argument("--days", type=whole(1), help="number of days (default: the scenario's)")
    s.add_argument(
        "--include-risky",
        action="store_true",
        help="also search handlings the rulebook calls a compliance risk or a violation (marked)",
    )
    s.add_argument(
        "--param",
        action="append",
        default=[],
        help="PATH=LOW:HIGH, a scenario number the search may move, e.g. volume.mean_per_day=300:600",
    )
    s.add_argument("--rulebook", help="override the scenario's rulebook (name or YAML file)")
    add_scheduler(s, "local")
    s.add_argument(
        "--storage",
        help="Optuna storage URL (default: the project's SQLite file, data/search.sqlite3; "
        "postgresql://... for a shared database; memory: keep nothing)",
    )
    s.add_argument("--study", help="study name (default: one made from the inputs; the same name continues)")
    s.add_argument("--format", choices=FORMATS, default="table", help="output format (default table)")
    s.add_argument("--out", help="write the output to this file instead of stdout")
    s.add_argument("--progress-after", type=float, default=1.0, help=argparse.SUPPRESS)
    s.set_defaults(func=_search)


def _storage(text: str | None) -> str | None:
    if text == "memory":
        return None
    if text:
        return text
    url = default_storage()
    Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    return url


def _search(args) -> int:
    scheduler = check_scheduler(args.scheduler)
    objectives = parse_objectives(args.objective)
    q = question(
        args.scenario,
        objectives=objectives,
        weights=parse_pairs(args.weights, objectives, "--weights"),
        limits=parse_pairs(args.limit, objectives, "--limit"),
        runs=args.runs,
        seed=args.seed,
        include_risky=args.include_risky,
        params=args.param,
        rulebook=args.rulebook,
        days=args.days,
    )
    if args.out:
        check_out_path(Path(args.out), replace=True)  # a bad path is refused before the work
    bar = StderrProgress(args.progress_after)

    said: list[str] = []

    def progress(p: Progress) -> None:
        if not said:  # the work, in run-days, before any of it is done
            print(f"Search: {p.message}", file=sys.stderr)
            said.append(p.message)
        bar(p.done / p.total, p.message)

    storage = _storage(args.storage)
    try:
        with open_executor(scheduler) as ex:
            res = search(
                q, trials=args.trials, executor=ex, storage=storage, study_name=args.study, progress=progress
            )
    except KeyboardInterrupt:
        bar.close()
        again = (
            "run the same command to continue it (the trials it had begun are finished first)"
            if storage
            else "nothing was kept (--storage memory)"
        )
        print(f"Search interrupted; {again}.", file=sys.stderr)
        return 130
    finally:
        bar.close()
    text = {"json": lambda r: r.to_json() + "\n", "csv": search_csv, "table": search_table}[args.format](res)
    if args.out:
        write_output(Path(args.out), text, replace=True)
    else:
        sys.stdout.write(text)
    return 0


def _fig(f: Figure, objective: str) -> str:
    o = OBJECTIVES[objective]
    if o.percent:  # a share of runs to one decimal; a rate near its limit needs two
        d = 1 if o.proportion else 2
        return f"{f.mean:.{d}%} ({f.low:.{d}%}-{f.high:.{d}%})"
    return f"{f.mean:,.2f} ({f.low:,.2f}-{f.high:,.2f})"


def _row(p: Point, objectives: list[str]) -> list[str]:
    tied = ", ".join(str(t) for t in p.tied_with) or "-"
    knobs = [f"{v:g}" for v in p.scenario_values.values()]
    return [str(p.trial), *knobs, *(_fig(p.figures[o], o) for o in objectives), p.label or p.status, tied]


def _grid(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(c) for c in col) for col in zip(header, *rows, strict=True)]
    lines = [header, ["-" * w for w in widths], *rows]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in lines)


def search_table(res: SearchResult) -> str:
    objs = [o["id"] for o in res.objectives]
    head = (
        f"Search of {res.scenario!r} | rulebook {res.rulebook} | seed {res.seed} | {res.trials} trials x "
        f"{res.runs} runs | {res.run_days:,} run-days | study {res.study}\n"
    )
    words = "".join(f"  {o['id']}: {o['words']}\n" for o in res.objectives)
    limits = "".join(f"  limit: {k} <= {v:g}\n" for k, v in res.limits.items())
    knobs = list(res.front[0].scenario_values) if res.front else []
    header = ["trial", *knobs, *(f"{o} (95% CI)" for o in objs), "compliance", "tied with"]
    table = _grid(header, [_row(p, objs) for p in res.front])
    out = head + "\nObjectives (all minimised):\n" + words + limits
    out += f"\nPareto front: {len(res.front)} of {res.trials} trials\n" + table + "\n"
    if res.limits and not any(p.feasible for p in res.all_trials):
        out += "\nNo trial meets the limits: the front above is of every trial.\n"
    if res.best is not None:
        w = ", ".join(f"{k}={v:g}" for k, v in res.weights.items()) or "every objective weighs 1"
        out += f"\nBest for the weights ({w}): trial {res.best.trial}, {res.best.label}\n"
        out += "".join(f"  {line}\n" for line in res.best.policy_yaml.splitlines())
    return out


def search_csv(res: SearchResult) -> str:
    objs = [o["id"] for o in res.objectives]
    on_front = {p.trial for p in res.front}
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    knobs = list(res.all_trials[0].scenario_values) if res.all_trials else []
    cols = [f"{o}{s}" for o in objs for s in ("", "_low", "_high")]
    w.writerow(["trial", "on_front", "feasible", "status", *knobs, *cols])
    for p in res.all_trials:
        figs = [x for o in objs for x in (p.figures[o].mean, p.figures[o].low, p.figures[o].high)]
        row = [p.trial, int(p.trial in on_front), int(p.feasible), p.status]
        w.writerow([*row, *p.scenario_values.values(), *figs])
    return buf.getvalue()
