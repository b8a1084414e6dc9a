"""`python -m simulator sweep SCENARIO --param PATH --values V1,V2,...`: one number, several values.

For each value: the breach probability, and the peak and mean rolling
Cancellation Rate with their 5-95% band over the runs.  The same function
(``simulator.runs.sweep.sweep``) draws the policy lab's sweep chart.
A bad path or value raises ``RulebookError`` (exit 2 in ``simulator.cli.main``).
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

from simulator.cli.args import whole
from simulator.cli.output import write_output
from simulator.cli.progress import StderrProgress
from simulator.cli.scheduler import add_scheduler, executor_for
from simulator.runs.result_types import SweepPoint, SweepResult
from simulator.runs.sweep import DEFAULT_RUNS, MAX_POINTS, sweep

FORMATS = ("table", "json", "csv")
COLUMNS = tuple(SweepPoint.__dataclass_fields__)


def register(sub) -> None:
    """Add `sweep` to the `python -m simulator` parser."""
    s = sub.add_parser(
        "sweep",
        help="set one scenario number to several values; breach probability and rates at each",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    s.add_argument("scenario", help="scenario name (holiday_stockout) or YAML file")
    s.add_argument(
        "--param",
        required=True,
        help="the number to vary, e.g. seller_fulfilled_share, volume.mean_per_day, "
        "situations.out_of_stock (the base rate), situations.out_of_stock.days_20-40 (a window's entry)",
    )
    s.add_argument(
        "--values", required=True, type=values_list, help="comma-separated values, e.g. 0.01,0.02,0.05"
    )
    s.add_argument("--policy", help="policy name or YAML file (default: the scenario's policy)")
    s.add_argument(
        "--runs",
        type=whole(1),
        default=DEFAULT_RUNS,
        help=f"Monte Carlo runs per value (default {DEFAULT_RUNS})",
    )
    s.add_argument(
        "--seed", type=whole(0), default=0, help="random seed, the same for every value (default 0)"
    )
    s.add_argument("--rulebook", help="override the scenario's rulebook (name or YAML file)")
    s.add_argument("--format", choices=FORMATS, default="table", help="output format (default table)")
    s.add_argument("--out", help="write the output to this file instead of stdout")
    s.add_argument("--progress-after", type=float, default=1.0, help=argparse.SUPPRESS)
    add_scheduler(s, "serial")
    s.set_defaults(func=_sweep)


def values_list(text: str) -> list[float]:
    """``"0.01, 0.02,0.05"`` -> [0.01, 0.02, 0.05]; argparse turns the error into exit 2."""
    parts = [p.strip() for p in text.split(",")]
    if not any(parts):
        raise argparse.ArgumentTypeError("give at least one value, e.g. --values 0.01,0.02")
    out = []
    for p in parts:
        try:
            out.append(float(p))
        except ValueError:
            raise argparse.ArgumentTypeError(f"{p!r} is not a number (values are comma-separated)") from None
        if out[-1] != out[-1] or out[-1] in (float("inf"), float("-inf")):
            raise argparse.ArgumentTypeError(f"{p!r} is not a finite number")
    if len(out) > MAX_POINTS:
        raise argparse.ArgumentTypeError(f"at most {MAX_POINTS} values, got {len(out)}")
    return out


def _sweep(args) -> int:
    bar = StderrProgress(args.progress_after)
    try:
        with executor_for(args) as ex:
            res = sweep(
                args.scenario,
                args.param,
                args.values,
                args.policy,
                runs=args.runs,
                seed=args.seed,
                rulebook=args.rulebook,
                progress=bar,
                executor=ex,
            )
    finally:
        bar.close()
    text = {"json": sweep_json, "csv": sweep_csv, "table": sweep_table}[args.format](res)
    if args.out:
        write_output(Path(args.out), text, replace=True)
    else:
        sys.stdout.write(text)
    return 0


def sweep_json(res: SweepResult) -> str:
    return res.to_json()


def sweep_csv(res: SweepResult) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    for p in res.points:
        w.writerow(["" if (v := getattr(p, c)) is None else v for c in COLUMNS])
    return buf.getvalue()


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{x:.2%}"


def _band(low: float | None, high: float | None) -> str:
    return f"{_pct(low)} - {_pct(high)}"


def sweep_table(res: SweepResult) -> str:
    runs = res.runs
    head = (
        f"Sweep of {res.parameter} (now {res.current:g}) | scenario {res.scenario!r} | "
        f"policy {res.policy} | rulebook {res.rulebook} | seed {res.seed} | "
        f"{runs} run{'s' if runs != 1 else ''} per value | {res.days} days\n\n"
    )
    header = ["value", "breach probability", "peak (median run)", "peak 5-95%", "mean rate", "mean 5-95%"]
    rows = [
        [
            f"{p.value:g}",
            f"{p.breach_probability:.1%}",
            _pct(p.peak),
            _band(p.peak_p05, p.peak_p95),
            _pct(p.mean_rate),
            _band(p.mean_rate_p05, p.mean_rate_p95),
        ]
        for p in res.points
    ]
    widths = [max(len(c) for c in col) for col in zip(header, *rows, strict=True)]
    lines = [header, ["-" * w for w in widths], *rows]
    body = "\n".join("  ".join(c.rjust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in lines)
    note = "\nRates are the rolling Cancellation Rate; each band holds 90% of the runs (5th to 95th percentile).\n"  # noqa: E501
    return head + body + "\n" + note
