"""Issue 12, "Replay at columnar speed": no input makes the replay slow or stuck; long work shows progress."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest

from formats.errors import RulebookError
from simulator.cli.replay import terminal_progress
from simulator.reports import read as read_mod
from simulator.reports import replay as replay_mod
from simulator.reports.read import OrderReport
from simulator.reports.replay import replay_report
from simulator.reports.replay_result import ReplayResult
from simulator.reports.write import ReportSpec, write_report

ROOT = Path(__file__).resolve().parents[2]
HEAD = "amazon-order-id\tpurchase-date\tlast-updated-date\torder-status\tfulfillment-channel"


def interleaved(n: int) -> bytes:
    """Rows alternating between two purchase days ten days apart."""
    day = {0: "2024-03-01T09:00:00Z", 1: "2024-03-11T09:00:00Z"}
    rows = [f"111-{i % 2:07d}-{i:07d}\t{day[i % 2]}\t2024-03-25T09:00:00Z\tShipped\tMFN" for i in range(n)]
    return ("\n".join([HEAD, *rows]) + "\n").encode()


def replay_counting_work(raw: bytes) -> tuple[ReplayResult, int]:
    seen = []

    class Recording(replay_mod.OrderCounter):
        def __init__(self, *a, **k):
            super().__init__(*a, **k)
            seen.append(self)

    with mock.patch.object(replay_mod, "OrderCounter", Recording):
        result = replay_report(raw)
    return result, seen[0].work


def test_rows_alternating_between_two_days_take_linear_work():
    """ "a report whose rows alternate between two purchase days is roughly quadratic: 200k rows take
    4.8 s ... 1M rows take 52.9 s." Work is counted in array elements and runs the counter handles."""
    small, work_small = replay_counting_work(interleaved(2_000))
    big, work_big = replay_counting_work(interleaved(8_000))
    assert small.rows.orders == 2_000 and big.rows.orders == 8_000
    assert big.rows.late_rows == 3_999  # every row of the first day after the second began
    assert work_big <= 8 * 8_000
    assert work_big / work_small <= 4.2  # 4x the rows, 4x the work (a quadratic counter would be 16x)


def test_replay_of_dev_zero_is_refused_at_once():
    """ "`python -m simulator replay /dev/zero` hangs, because the over-long first line is drained
    without a cap." """
    proc = subprocess.run(
        [sys.executable, "-m", "simulator", "replay", "/dev/zero"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert "first line is over 65,536 characters" in proc.stderr and "Traceback" not in proc.stderr


class Zeros(io.RawIOBase):
    """A header, then NUL bytes for ever; counts what was read."""

    def __init__(self, header: bytes) -> None:
        self.header, self.read_bytes = header, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buf) -> int:
        n = len(buf)
        chunk = (self.header + b"\0" * n)[:n]
        self.header = self.header[n:]
        buf[:n] = chunk
        self.read_bytes += n
        return n


def test_an_endless_line_after_the_header_is_refused_after_a_bounded_read():
    """ "Cap every read." A line with no end is refused once it passes 64 MiB."""
    stream = Zeros((HEAD + "\n").encode())
    report = OrderReport(stream, "endless.tsv")
    with pytest.raises(RulebookError, match="without a line end"):
        list(report.batches())
    assert stream.read_bytes <= 64 * 2**20 + 4 * read_mod.BLOCK_BYTES
    assert report.log.ignored == [{"line": 2, "reason": "line is over 65,536 characters"}]


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_line_on_a_terminal_and_quiet_otherwise(monkeypatch):
    """ "The CLI shows a progress line on a terminal, rows read against the file's size." """
    buf = io.StringIO()
    write_report(buf, ReportSpec(days=10, orders_per_day=40), seed=2)
    raw = buf.getvalue().encode()
    assert terminal_progress(io.StringIO()) is None
    tty = FakeTerminal()
    bar = terminal_progress(tty, after=0.0)
    monkeypatch.setattr(read_mod, "BLOCK_BYTES", 16 * 1024)
    quiet = replay_report(raw)
    loud = replay_report(raw, progress=bar)
    bar.close()
    assert quiet == loud
    lines = tty.getvalue().split("\r")
    assert len(lines) > 3 and "rows read" in lines[-1] and "MiB" in lines[-1]
    assert tty.getvalue().endswith("\n")


def test_cli_is_quiet_when_stderr_is_not_a_terminal(tmp_path):
    """ "Both stay quiet when the output is not a terminal." (the report is over one block)"""
    path = tmp_path / "r.tsv"
    write_report(path, ReportSpec(days=40, orders_per_day=250), seed=3)
    assert path.stat().st_size > read_mod.BLOCK_BYTES
    proc = subprocess.run(
        [sys.executable, "-m", "simulator", "replay", str(path), "--format", "json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0 and proc.stderr == "" and proc.stdout.startswith("{")
