"""`python -m simulator replay REPORT` and `python -m simulator calibrate REPORT --out FILE`.

Bad input (not a report, a missing column, a rulebook that does not load, an
output path that cannot be used) raises an ``InputError`` (``ReportFileError``,
``ArgumentError``, ...); ``simulator.cli.main`` prints it and exits with 2.
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING, TextIO

from formats.loader import DEFAULT_RULEBOOK
from rules.sfp import sfp_rulebook
from simulator.cli.output import YAML_SUFFIXES, check_out_path, write_output
from simulator.cli.progress import StderrProgress
from simulator.reports.replay import replay_report
from simulator.reports.replay_result import ReplayResult

if TYPE_CHECKING:
    from formats.scenario import Scenario

TABLE_IGNORED = 20


def register(sub) -> None:
    """Add `replay` and `calibrate` to the `python -m simulator` parser."""
    r = sub.add_parser(
        "replay",
        help="replay a Seller Central All Orders report: the real rolling Cancellation Rate, day by day",
        description="Read a tab-separated All Orders report and print its daily Cancellation Rate.",
    )
    r.add_argument("report", help="the All Orders report (.txt/.tsv, tab-separated)")
    r.add_argument("--rulebook", default=DEFAULT_RULEBOOK, help="rulebook name or path (default amazon_us)")
    r.add_argument(
        "--sfp", action="store_true", help="a Seller Fulfilled Prime shop: judge against the SFP target"
    )
    r.add_argument("--format", choices=["table", "json", "csv"], default="table")
    r.add_argument("--out", help="write the output to this file instead of stdout")
    r.set_defaults(func=_replay)

    c = sub.add_parser(
        "calibrate",
        help="write a scenario whose volume, channel mix and cancellations match a report",
        description="Turn an All Orders report into a scenario YAML file.",
    )
    c.add_argument("report", help="the All Orders report (.txt/.tsv, tab-separated)")
    c.add_argument("--out", required=True, help="the scenario file to write, e.g. scenarios/my_shop.yaml")
    c.add_argument("--rulebook", default=DEFAULT_RULEBOOK, help="rulebook name or path (default amazon_us)")
    c.add_argument("--name", help="the scenario's name (default: from the --out file name)")
    c.add_argument("--force", action="store_true", help="replace --out if it already exists")
    c.set_defaults(func=_calibrate)


def terminal_progress(stream: TextIO, after: float = 1.0) -> StderrProgress | None:
    """A progress line on ``stream`` (rows read, MiB of the file) when it is a terminal; else None."""
    isatty = getattr(stream, "isatty", None)
    return StderrProgress(after, stream) if isatty is not None and isatty() else None


def _replay(args) -> int:
    rulebook = sfp_rulebook(args.rulebook) if args.sfp else args.rulebook
    progress = terminal_progress(sys.stderr)
    try:
        result = replay_report(args.report, rulebook, label=args.report, progress=progress)
    finally:
        if progress is not None:
            progress.close()
    text = render(result, args.format)
    if args.sfp and args.format == "table":  # say which target, with its page
        m = sfp_rulebook(args.rulebook).metrics.cancellation_rate
        text = (
            f"Seller Fulfilled Prime: {m.label} {m.target.replace('_', ' ')} {m.limit:.1%} ({m.source})\n"
            + text
        )
    if args.out:
        if write_output(Path(args.out), text, replace=True):
            print(f"replaced the existing file {Path(args.out)}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _calibrate(args) -> int:
    out = Path(args.out)
    _, summary = write_calibrated(args.report, out, rulebook=args.rulebook, name=args.name, force=args.force)
    sys.stdout.write(summary)
    return 0


def write_calibrated(
    report: str | Path | bytes | IO[bytes],
    out: Path,
    *,
    rulebook: str | Path = DEFAULT_RULEBOOK,
    name: str | None = None,
    force: bool = False,
    label: str | None = None,
) -> tuple[Scenario, str]:
    """Calibrate ``report`` and write the scenario to exactly ``out``; returns (scenario, summary).

    ``out`` is checked before the report is read, so a refused path costs
    nothing and leaves nothing behind.
    """
    out = Path(out)
    check_out_path(out, replace=force, suffixes=YAML_SUFFIXES)
    # deferred: calibrating needs the scenario catalog and the simulation engine; replay does not
    from simulator.reports.calibrate import calibrate_report

    cal = calibrate_report(report, out, rulebook=rulebook, name=name, label=label)
    replaced = write_output(out, cal.text, replace=force, suffixes=YAML_SUFFIXES)
    return cal.scenario, f"{'replaced' if replaced else 'wrote'} {out}: {cal.summary}"


def render(result: ReplayResult, fmt: str) -> str:
    if fmt == "json":
        return result.to_json()
    if fmt == "csv":
        return daily_csv(result.daily)
    return table(result)


def daily_csv(daily: list[dict]) -> str:
    buf = io.StringIO()
    keys = list(daily[0]) if daily else ["date"]
    w = csv.DictWriter(buf, fieldnames=keys, lineterminator="\n")
    w.writeheader()
    for row in daily:
        w.writerow({k: _cell(row.get(k)) for k in keys})
    return buf.getvalue()


def _cell(value: object) -> object:
    """A CSV cell: empty for no value, true/false as in the JSON."""
    if value is None:
        return ""
    return str(value).lower() if isinstance(value, bool) else value


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{x:.2%}"


def table(result: ReplayResult) -> str:
    t, cr, rows = result.totals, result.cancellation_rate, result.rows
    windows = cr.windows_days
    out = [
        f"Replay of {result.report} (rulebook {result.rulebook}), "
        f"{result.start_date} to {result.end_date} ({result.days} days)",
        f"rows read {rows.read:,}, orders {rows.orders:,}, rows ignored {rows.ignored_total:,}",
        f"orders {t.orders:,}, seller-fulfilled {t.seller_fulfilled_orders:,}, "
        f"counted cancellations {t.counted_cancellations:,}, "
        f"buyer-requested {t.buyer_requested_cancellations:,}, "
        f"buyer direct (inferred) {t.buyer_direct_cancellations:,}, "
        f"cancelled while Pending {t.pending_cancellations:,}, "
        f"fulfilled by Amazon {t.amazon_fulfilled_cancellations:,} (not counted)",
    ]
    for w in windows:
        b = cr.by_window[str(w)]
        out.append(
            f"Cancellation Rate ({w}-day, full windows only): max {_pct(b.max)}, mean {_pct(b.mean)}, "
            f"days over the {cr.limit:.1%} limit: {b.days_over_limit}"
        )
        part = b.partial
        if part and part.days:
            out.append(
                f"  first {part.days} day(s), partial {w}-day windows (not in the headline): "
                f"max {_pct(part.max)}, days over the limit: {part.days_over_limit}"
            )
    head = f"{'date':<10}  {'orders':>7}  {'seller':>7}  {'counted':>7}" + "".join(
        f"  {f'{w}d rate':>8}" for w in windows
    )
    out += ["", head]
    keys = ["rolling_cancellation_rate"] + [f"rolling_cancellation_rate_{w}d" for w in windows[1:]]
    for d in result.daily:
        line = f"{d['date']:<10}  {d['orders']:>7}  {d['seller_fulfilled_orders']:>7}"
        line += f"  {d['counted_cancellations']:>7}"
        line += "".join(f"  {_pct(d[k]):>8}" for k in keys)
        covered = d.get("window_days_covered", windows[0])
        out.append(line + (f"  partial: {covered} of {windows[0]} days" if covered < windows[0] else ""))
    if rows.ignored:
        out += ["", "Ignored rows:"]
        out += [f"  line {p['line']}: {p['reason']}" for p in rows.ignored[:TABLE_IGNORED]]
        more = rows.ignored_total - min(len(rows.ignored), TABLE_IGNORED)
        if more > 0:
            out.append(f"  ... and {more:,} more (--format json lists up to 1,000)")
    for note in result.notes:
        out.append(f"Note: {note}")
    return "\n".join(out) + "\n"
