"""`python -m simulator run` and `compare`: simulate a scenario, compare policies.

Output goes to stdout (or --out FILE) as a table, JSON or CSV; the progress
bar goes to stderr and only for work that takes over a second.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys

from formats.errors import ArgumentError
from simulator.cli.args import whole
from simulator.cli.output import write_output
from simulator.cli.progress import StderrProgress
from simulator.cli.scheduler import add_scheduler, executor_for
from simulator.engine.streams import DEFAULT_SEED
from simulator.runs.compliance import COMPLIANT
from simulator.runs.montecarlo import compare, simulate
from simulator.runs.result_types import (
    CancellationRate,
    Comparison,
    Compliance,
    Peak,
    SimulationResult,
    WindowFigures,
)
from simulator.runs.results import DELTA_KEYS

FORMATS = ("table", "json", "csv")


def register(sub) -> None:
    """Add `run` and `compare` to the `python -m simulator` parser."""
    r = sub.add_parser("run", help="simulate a scenario under one policy (Monte Carlo with --runs)")
    r.add_argument("scenario", help="scenario name (starter_shop) or YAML file")
    r.add_argument("--policy", help="policy name or YAML file (default: the scenario's policy)")
    _common(r)
    r.set_defaults(func=_run)
    c = sub.add_parser("compare", help="compare policies on the same orders (common random numbers)")
    c.add_argument("scenario", help="scenario name (starter_shop) or YAML file")
    c.add_argument(
        "--policy", action="append", required=True, help="policy name or YAML file; repeat for each policy"
    )
    _common(c)
    add_scheduler(c, "serial")
    c.set_defaults(func=_compare)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--seed", type=whole(0), default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})"
    )
    p.add_argument("--days", type=whole(1), help="number of days (default: the scenario's)")
    p.add_argument("--runs", type=whole(1), default=1, help="Monte Carlo runs (default 1)")
    p.add_argument("--rulebook", help="override the scenario's rulebook (name or YAML file)")
    p.add_argument("--format", choices=FORMATS, default="table", help="output format (default table)")
    p.add_argument("--out", help="write the output to this file instead of stdout")
    p.add_argument(
        "--fail-on-breach",
        action="store_true",
        help="exit 1 when any run breaches the Cancellation Rate limit",
    )
    p.add_argument("--progress-after", type=float, default=1.0, help=argparse.SUPPRESS)


def _simulate_with_progress(fn, args, **extra):
    """Call ``simulate`` or ``compare`` with the CLI's arguments and a stderr progress bar."""
    bar = StderrProgress(args.progress_after)
    try:
        return fn(
            args.scenario,
            args.policy,
            args.rulebook,
            seed=args.seed,
            runs=args.runs,
            days=args.days,
            progress=bar,
            **extra,
        )
    finally:
        bar.close()


def _run(args) -> int:
    res = _simulate_with_progress(simulate, args)
    text = {"json": _json, "csv": run_csv, "table": run_table}[args.format](res)
    _emit(text, args.out)
    return 1 if args.fail_on_breach and res.breached else 0


def _compare(args) -> int:
    if len(args.policy) < 2:
        raise ArgumentError.single(
            "compare",
            "compare needs at least two policies",
            "pass --policy A --policy B; use `run` for one policy",
        )
    with executor_for(args) as ex:
        res = _simulate_with_progress(compare, args, executor=ex)
    text = {"json": _json, "csv": compare_csv, "table": compare_table}[args.format](res)
    _emit(text, args.out)
    return 1 if args.fail_on_breach and res.breached else 0


def _emit(text: str, out: str | None) -> None:
    if not out:
        sys.stdout.write(text)
        return
    write_output(out, text, checked=False, what="the output")
    print(f"wrote {out}", file=sys.stderr)


def _json(res: SimulationResult | Comparison) -> str:
    return res.to_json()


# -- csv ---------------------------------------------------------------------
def _csv(rows: list[dict]) -> str:
    buf = io.StringIO()
    fields: list[str] = []
    for row in rows:
        fields += [k for k in row if k not in fields]
    w = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    w.writeheader()
    for row in rows:
        w.writerow({k: "" if v is None else v for k, v in row.items()})
    return buf.getvalue()


def run_csv(res: SimulationResult) -> str:
    """The daily block, one row per day."""
    return _csv(res.daily)


def compare_csv(res: Comparison) -> str:
    """Every policy's daily block, with a `policy` column first."""
    return _csv([{"policy": name, **row} for name, b in res.policies.items() for row in b.daily])


# -- tables ------------------------------------------------------------------
def _pct(x) -> str:
    return "-" if x is None else f"{x:.2%}"


def _n(x) -> str:
    if x is None:
        return "-"
    return f"{x:,}" if isinstance(x, int) else f"{x:,.2f}"


def _grid(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(c)) for c in col) for col in zip(header, *rows, strict=True)]
    line = lambda cells: "  ".join(  # noqa: E731
        str(c).ljust(w) if i == 0 else str(c).rjust(w)
        for i, (c, w) in enumerate(zip(cells, widths, strict=True))
    )
    return "\n".join([line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)]) + "\n"


def _head(res: SimulationResult | Comparison, policy: str) -> str:
    runs = res.runs
    return (
        f"Scenario {res.scenario!r} | policy {policy} | rulebook {res.rulebook} | "
        f"seed {res.seed} | {runs} run{'s' if runs != 1 else ''} | {res.days} days\n"
    )


def _peak(fig: CancellationRate | WindowFigures, runs: int) -> str:
    """The one peak figure: a single run's peak, or the median run's peak and the 95th percentile."""
    p: Peak = fig.peak  # ABSENT (falsy) when the block has none
    median, p95 = (p.median, p.p95) if p else (None, None)
    if runs == 1:
        return f"peak {_pct(median)}"
    return f"peak: median run {_pct(median)}, 95th percentile {_pct(p95)}"


def compliance_lines(block: Compliance | None, indent: str = "") -> str:
    """The compliance block in words: the status, then each flag with its rule and source."""
    if not block:
        return ""
    out = [f"{indent}Compliance: {block.summary}\n"]
    for f in block.flags:
        src = f"; source: {f.source}" if f.source else ""
        out.append(f"{indent}  {f.situation}: {f.why} (rule {f.rule}{src})\n")
    return "".join(out)


def run_table(res: SimulationResult) -> str:
    cr, odr, runs = res.cancellation_rate, res.order_defect_rate, res.runs
    out = [_head(res, res.policy), compliance_lines(res.compliance)]
    out.append("\nTotals" + (" (mean per run)" if runs > 1 else "") + "\n")
    out.append(_grid(["metric", "value"], [[k, _n(v)] for k, v in res.totals.to_dict().items()]))
    windows = " and ".join(map(str, cr.windows_days))
    out.append(
        f"\nCancellation Rate: limit {_pct(cr.limit)} over {windows} days | "
        f"{_peak(cr, runs)} | mean {_pct(cr.mean)} | days over limit {cr.days_over_limit} | "
        f"breach probability {cr.breach_probability:.1%}\n"
    )
    for w, v in list(cr.by_window.items())[1:]:  # India: the 30-day window too
        out.append(
            f"  {w}-day window: {_peak(v, runs)} | mean {_pct(v.mean)} | "
            f"days over limit {v.days_over_limit} | breach probability {v.breach_probability:.1%}\n"
        )
    out.append(
        f"Order Defect Rate: limit {_pct(odr.limit)} over {odr.window_days} days | "
        f"max {_pct(odr.max)} | mean {_pct(odr.mean)}"
        + "".join(  # G200205250: one figure per fulfilment channel
            f" | {ch.replace('_', '-')} max {_pct(b.max)}" for ch, b in (odr.by_channel or {}).items()
        )
        + "\n"
    )
    out.append("\nHandling\n")
    out.append(
        _grid(
            ["situation", "procedure", "otherwise", "counts"],
            [
                [s, h.procedure, h.otherwise, "yes" if h.counted_otherwise else "no"]
                for s, h in res.handling.items()
            ],
        )
    )
    rate_keys = [k for k in res.daily[0] if k.startswith("rolling_cancellation_rate")]
    cols = ["orders", "seller_fulfilled_orders", "counted_cancellations", "buyer_requested_cancellations"]
    out.append("\nDaily\n")
    header = [
        "date",
        "orders",
        "MFN",
        "counted",
        "buyer_req",
        *[k.replace("rolling_cancellation_rate", "CR") or "CR" for k in rate_keys],
    ]
    rows = [[d["date"], *[_n(d[c]) for c in cols], *[_pct(d[k]) for k in rate_keys]] for d in res.daily]
    out.append(_grid(header, rows))
    return "".join(out)


def compare_table(res: Comparison) -> str:
    names = list(res.policies)
    flat = {n: b.metrics() for n, b in res.policies.items()}
    header = ["metric", *names, *[f"Δ {n}" for n in names[1:]]]
    rows = []
    for k in DELTA_KEYS:
        fmt = _pct if k.startswith(("cancellation_rate_", "order_defect", "breach")) else _n
        rows.append([k, *[fmt(flat[n][k]) for n in names], *[fmt(res.deltas[n][k]) for n in names[1:]]])
    rows.insert(0, ["compliance", *[_status(res.policies[n]) for n in names], *["" for _ in names[1:]]])
    head = _head(res, ", ".join(names))
    flags = "".join(compliance_lines(res.policies[n].compliance, f"{n}: ") for n in names)
    return (
        head
        + flags
        + f"\nDeltas are against {res.baseline} (same orders, same buyers)\n\n"
        + _grid(header, rows)
    )


def _status(result: SimulationResult) -> str:
    c = result.compliance
    return c.label.upper() if c and c.status != COMPLIANT else (c.label if c else "-")
