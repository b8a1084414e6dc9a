"""The parallel reader (simulator/reports/parallel.py) gives exactly what the serial one gives.

Issue 12: the replay parses a large report's blocks in worker processes.  Line numbers, the
rows set aside and their reasons, every count and the JSON output must not change.
"""

from __future__ import annotations

import io
from pathlib import Path
from unittest import mock

import numpy as np

from simulator.reports import parallel
from simulator.reports.columns import order_key, padded, parse_ids
from simulator.reports.replay import replay_report
from simulator.reports.replay_result import ReplayResult
from simulator.reports.write import ReportSpec, write_report

BAD_LINES = [
    "",
    "not\ta\trow",
    "111-0000001-0000001\tnot a date",
    "x" * 70_000,
]


def messy_report(path: Path) -> bytes:
    """A generated report with bad rows, a CRLF stretch and a last line with no line end."""
    buf = io.StringIO()
    write_report(buf, ReportSpec(days=30, orders_per_day=60, shuffle=True), seed=5)
    lines = buf.getvalue().split("\n")
    header, rows = lines[0], [r for r in lines[1:] if r]
    for i, bad in enumerate(BAD_LINES):
        rows.insert(200 + 300 * i, bad)
    text = header + "\n" + "\n".join(rows[:900]) + "\r\n" + "\r\n".join(rows[900:])
    path.write_bytes(("\ufeff" + text).encode())
    return path.read_bytes()


def replay(path: Path, workers: int, cut: int = 4096) -> ReplayResult:
    with mock.patch.object(parallel, "MIN_BYTES", 0), mock.patch.object(parallel, "CUT_BYTES", cut):
        return replay_report(path, label="r.tsv", workers=workers)


def test_workers_give_the_serial_replay_exactly(tmp_path):
    path = tmp_path / "r.tsv"
    messy_report(path)
    serial = replay(path, 1)
    assert serial["rows"]["ignored_total"] == len(BAD_LINES)
    for cut in (1000, 4096, 50_000):
        assert replay(path, 2, cut).to_json() == serial.to_json()


def test_the_workers_really_ran(tmp_path):
    path = tmp_path / "r.tsv"
    messy_report(path)
    seen = []
    real = parallel._merge

    def spy(report, lines, *rest):
        seen.append(lines)
        return real(report, lines, *rest)

    with mock.patch.object(parallel, "_merge", spy):
        out = replay(path, 2)
    assert len(seen) > 10 and sum(seen) == out["rows"]["read"]


def test_cuts_fall_after_line_feeds_and_a_long_line_falls_back(tmp_path):
    path = tmp_path / "r.tsv"
    raw = messy_report(path)
    cuts = parallel.plan(str(path), 10, len(raw), 4096)
    assert cuts[0] == 10 and cuts[-1] == len(raw)
    assert all(raw[c - 1 : c] == b"\n" for c in cuts[1:-1])
    unended = tmp_path / "long.tsv"
    unended.write_bytes(b"h\n" + b"y" * (3 * parallel.PROBE_BYTES) + b"\n")
    assert parallel.plan(str(unended), 2, unended.stat().st_size, 4096) is None


def test_utf16_and_streams_take_the_serial_path(tmp_path):
    path = tmp_path / "r.tsv"
    raw = messy_report(path)
    wide = tmp_path / "wide.tsv"
    wide.write_bytes(raw.decode("utf-8-sig").encode("utf-16"))
    with mock.patch.object(parallel, "_init", side_effect=AssertionError("no workers")):
        assert replay(wide, 2).to_json() == replay(path, 1).to_json()
        with open(path, "rb") as fh:
            assert replay_report(fh, label="r.tsv", workers=2)["rows"] == replay(path, 1)["rows"]


def test_3_8_7_ids_take_the_fast_path_with_their_own_key():
    """Past ten million orders the bench's writer gives 3-8-7 ids; they were read row by row."""
    ids = ["111-1234567-1234567", "011-12345678-1234567", "111-2345678-1234567", "111-123456789-1234567"]
    raw = "\t".join(ids).encode()
    starts = np.array([0, 20, 41, 61])
    ends = starts + np.array([len(i) for i in ids])
    fast, keys = parse_ids(padded(np.frombuffer(raw, np.uint8)), starts, ends)
    assert fast.tolist() == [True, True, True, False]
    assert keys[:3].tolist() == [order_key(i) for i in ids[:3]]
    assert len({order_key(i) for i in ids}) == 4
