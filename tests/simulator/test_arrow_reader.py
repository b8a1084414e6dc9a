"""The replay through pyarrow's streaming reader gives, byte for byte, what the hand-written reader gave.

Issue 20: the replay's own tab-separated parser, its worker processes and its malloc tuning
were replaced by ``pyarrow.csv.open_csv``.  The JSON and CSV output of a generated report and of
a messy one (bad rows, a BOM, a CRLF stretch, a line too long for pyarrow's block, a last line
with no line end) must not change: the hashes below are of the output before the change.
"""

from __future__ import annotations

import hashlib
import io
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest

from simulator.cli.replay import render
from simulator.reports import read as read_mod
from simulator.reports.read import OrderReport
from simulator.reports.replay import replay_report
from simulator.reports.values import order_key
from simulator.reports.write import ReportSpec, write_report

BAD_LINES = ["", "not\ta\trow", "111-0000001-0000001\tnot a date", "x" * 70_000, "\t" * 33, "é" * 40000]
# sha256 of `python -m simulator replay REPORT --format json|csv` (label: the file name) as the
# hand-written reader gave it, under today's rulebooks (issue 21 changed what counts, not the reading)
GOLDEN = {
    ("all_orders.txt", "json"): "2e2663c832b3464a284837b02955d123302c9ae51e0e3f64c590e6ac7ccd532b",
    ("all_orders.txt", "csv"): "c9d0bd0af8b5a32675f43f9ee4f07e616b50cf18b3240bf5ea4edcb4bc540b10",
    ("messy.tsv", "json"): "91333ba30bd5e25a3a6811b617c11529da431e44cd5b121e0029c6d8e3857b34",
    ("messy.tsv", "csv"): "ed116c6e1a3ee06a53595da557454e431c30edf1502dad925906f83bcdb97f0d",
    ("messy16.tsv", "json"): "99172683a32a7594aafe758cb545d212c3f3900dff15398edb34e7c707336c80",
}


def messy_text() -> str:
    """A generated report, rows out of order, with bad rows, a CRLF stretch and no last line end."""
    buf = io.StringIO()
    write_report(buf, ReportSpec(days=30, orders_per_day=60, shuffle=True), seed=5)
    lines = buf.getvalue().split("\n")
    header, rows = lines[0], [r for r in lines[1:] if r]
    for i, bad in enumerate(BAD_LINES):
        rows.insert(200 + 300 * i, bad)
    return header + "\n" + "\n".join(rows[:900]) + "\r\n" + "\r\n".join(rows[900:])


def sha(path: Path, fmt: str) -> str:
    return hashlib.sha256(render(replay_report(path, label=path.name), fmt).encode()).hexdigest()


def test_a_generated_report_replays_byte_for_byte_as_before(tmp_path):
    """`python -m simulator.reports.write all_orders.txt --days 28 --orders-per-day 100` (its fixed seed)."""
    path = tmp_path / "all_orders.txt"
    write_report(path, ReportSpec(days=28, orders_per_day=100.0))
    assert sha(path, "json") == GOLDEN[("all_orders.txt", "json")]
    assert sha(path, "csv") == GOLDEN[("all_orders.txt", "csv")]


@pytest.mark.parametrize("block", [16 * 1024, 2 * 1024 * 1024])
def test_a_messy_report_replays_byte_for_byte_as_before(tmp_path, block):
    text = messy_text()
    utf8, utf16 = tmp_path / "messy.tsv", tmp_path / "messy16.tsv"
    utf8.write_bytes(("\ufeff" + text).encode())
    utf16.write_bytes(text.encode("utf-16"))
    with mock.patch.object(read_mod, "BLOCK_BYTES", block):
        assert sha(utf8, "json") == GOLDEN[("messy.tsv", "json")]
        assert sha(utf8, "csv") == GOLDEN[("messy.tsv", "csv")]
        assert sha(utf16, "json") == GOLDEN[("messy16.tsv", "json")]
        result = replay_report(utf8, label="messy.tsv")
    reasons = [p["reason"] for p in result.rows.ignored]
    assert result.rows.ignored_total == len(BAD_LINES) and "line is over 65,536 characters" in reasons
    assert "has 1 tab-separated fields where the header has 34" in reasons  # the 80 KB line of 'é'
    with open(utf8, "rb") as fh:  # an upload's stream: the same
        assert replay_report(fh, label="messy.tsv").to_json() == result.to_json()


def test_3_8_7_ids_take_the_fast_path_with_their_own_key():
    """Past ten million orders the bench's writer gives 3-8-7 ids: taken in bulk, never row by row."""
    ids = ["111-1234567-1234567", "011-12345678-1234567", "111-2345678-1234567"]
    head = "amazon-order-id\tpurchase-date\torder-status\tfulfillment-channel\n"
    rows = "".join(f"{i}\t2024-03-04T09:00:00Z\tShipped\tMFN\n" for i in ids)
    rep = OrderReport((head + rows).encode(), "r.tsv")
    with mock.patch.object(OrderReport, "_row", side_effect=AssertionError("row by row")):
        (batch,) = list(rep.batches())
    assert batch.fp.tolist() == [order_key(i) for i in ids]
    assert len({order_key(i) for i in [*ids, "111-123456789-1234567"]}) == 4


def test_invalid_utf8_in_a_row_is_read_as_the_row_reader_decodes_it():
    """A legacy byte in an order-status: the row is judged on the text with U+FFFD, as before."""
    head = b"amazon-order-id\tpurchase-date\torder-status\tfulfillment-channel\n"
    raw = head + b"111-0000001-0000001\t2024-03-04T09:00:00Z\tCaf\xe9\tMFN\n\xff\n"
    rep = OrderReport(raw, "r.tsv")
    (item,) = list(rep.items())
    assert item.status == "Caf\ufffd"
    assert rep.log.ignored == [{"line": 3, "reason": "has 1 tab-separated fields where the header has 4"}]


ABANDON = """
import sys
from simulator.reports.read import OrderReport
with OrderReport(sys.argv[1]) as report:
    rows = report.batches()
    next(rows), next(rows)
half = OrderReport(sys.argv[1]).batches()
next(half)
print("left")
"""


def test_a_report_left_half_read_lets_the_process_exit(tmp_path):
    """The chunk read ahead in a thread is finished or dropped with the report (else exit could hang)."""
    path = tmp_path / "big.tsv"
    write_report(path, ReportSpec(days=120, orders_per_day=300.0))
    assert path.stat().st_size > 4 * read_mod.BLOCK_BYTES  # more than the two chunks read and one ahead
    root = Path(__file__).resolve().parents[2]
    for _ in range(6):
        proc = subprocess.run([sys.executable, "-c", ABANDON, str(path)], cwd=root, capture_output=True,
                              text=True, timeout=60)  # fmt: skip
        assert proc.returncode == 0 and proc.stdout == "left\n", proc.stderr
