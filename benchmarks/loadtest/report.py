"""The tables `make loadtest` prints: p50, p95 and max per kind of action at each level,
then errors, lost attempts and the server's peak RSS and CPU."""

from __future__ import annotations

import json
from collections import defaultdict

from benchmarks.loadtest.runner import LevelResult
from benchmarks.loadtest.worker import DRAWN

DESK_ALL = "desk action (all)"
DESK_ALL_DRAWN = DESK_ALL + DRAWN
SERVER = "server: request to answer sent (every click)"


def percentile(values: list[float], q: float) -> float:
    """Linear interpolation between the closest ranks (q in 0..1), as numpy's default."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = (len(ordered) - 1) * q
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def by_kind(level: LevelResult) -> dict[str, list[float]]:
    """Seconds per kind of action; every desk action is also in DESK_ALL (answered) or
    DESK_ALL_DRAWN (drawn)."""
    out: dict[str, list[float]] = defaultdict(list)
    for r in level.results:
        for kind, seconds in r.timings:
            out[kind].append(seconds)
            if kind.startswith("desk: "):
                out[DESK_ALL_DRAWN if kind.endswith(DRAWN) else DESK_ALL].append(seconds)
    if level.server_runs:
        out[SERVER] = list(level.server_runs)
    return dict(sorted(out.items()))


def summary(level: LevelResult) -> dict:
    """Everything the tables show, as plain data (also written with --json)."""
    return {
        "scenario": level.name,
        "sessions": level.sessions,
        "seconds": round(level.seconds, 1),
        "actions": {
            kind: {
                "n": len(v),
                "p50": percentile(v, 0.5),
                "p95": percentile(v, 0.95),
                "max": max(v),
            }
            for kind, v in by_kind(level).items()
        },
        "errors": level.errors,
        "attempts_finished": level.finished_attempts,
        "attempts_in_store": level.rows,
        "lost_attempts": len(level.lost),
        "server": vars(level.load),
    }


def table(levels: list[LevelResult]) -> str:
    """A markdown table: one row per kind of action, one p50/p95/max group per level."""
    sums = [summary(lv) for lv in levels]
    kinds = sorted({k for s in sums for k in s["actions"]})
    head = "| action | " + " | ".join(f"{s['scenario']} {s['sessions']}: p50 / p95 / max (n)" for s in sums)
    lines = [head + " |", "|---|" + "---|" * len(sums)]
    for kind in kinds:
        cells = []
        for s in sums:
            a = s["actions"].get(kind)
            cells.append(f"{a['p50']:.2f} / {a['p95']:.2f} / {a['max']:.2f} ({a['n']})" if a else "–")
        lines.append(f"| {kind} | " + " | ".join(cells) + " |")
    rows = {
        "errors": lambda s: str(len(s["errors"])),
        "attempts finished / in store / lost": lambda s: (
            f"{s['attempts_finished']} / {s['attempts_in_store']} / {s['lost_attempts']}"
        ),
        "server RSS start / peak MB": lambda s: (
            f"{s['server']['rss_start_mb']:.0f} / {s['server']['rss_peak_mb']:.0f}"
        ),
        "server CPU mean / peak %": lambda s: (
            f"{s['server']['cpu_mean_pct']:.0f} / {s['server']['cpu_peak_pct']:.0f}"
        ),
        "wall time s": lambda s: f"{s['seconds']:.0f}",
    }
    for label, cell in rows.items():
        lines.append(f"| **{label}** | " + " | ".join(cell(s) for s in sums) + " |")
    return "\n".join(lines)


def error_lines(levels: list[LevelResult]) -> str:
    out = [f"{lv.name} {lv.sessions}: {e}" for lv in levels for e in lv.errors]
    out += [f"{lv.name} {lv.sessions}: attempt #{i} lost" for lv in levels for i in lv.lost]
    return "\n".join(out)


def to_json(levels: list[LevelResult]) -> str:
    return json.dumps([summary(lv) for lv in levels], indent=2)
