"""The tables `make loadtest` prints: p50, p95 and max per kind of action at each level,
then errors, lost attempts and the server's peak RSS and CPU."""

from __future__ import annotations

import bisect
import json
from collections import defaultdict

from benchmarks.loadtest.runner import LevelResult
from benchmarks.loadtest.worker import DRAWN

DESK_ALL = "desk action (all)"
DESK_ALL_DRAWN = DESK_ALL + DRAWN
SERVER = "server: request to answer sent (every click)"
LAG = "load generator: answer sent → browser read it"
ON_SERVER = " · server"  # suffix of an action's server-side figure
MATCH_S = 0.5  # a click's message reaches the server within this of leaving the browser


def matched(level: LevelResult) -> list[tuple[str, float, float]]:
    """(kind, server's request-to-answer seconds, lag) for each timed action the server saw.

    The lag is the answer's last frame read in the browser, less the server's sending it.
    An action is matched to the server request that came first after its click left the
    browser (both stamps on CLOCK_MONOTONIC); in a burst, two clicks a millisecond apart may
    swap, which moves each figure by about that much."""
    pairs = sorted(level.server_pairs)
    starts = [start for start, _ in pairs]
    out = []
    for r in level.results:
        for kind, sent, read in r.stamps:
            i = bisect.bisect_left(starts, sent - 0.01)
            if i < len(pairs) and starts[i] - sent <= MATCH_S and read >= pairs[i][1]:
                start, end = pairs[i]
                out.append((kind, end - start, read - end))
    return out


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
    if level.server_pairs:
        out[SERVER] = level.server_runs
        for kind, on_server, lag in matched(level):
            out[LAG].append(lag)
            out[kind + ON_SERVER].append(on_server)
            if kind.startswith("desk: "):
                out[DESK_ALL + ON_SERVER].append(on_server)
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
