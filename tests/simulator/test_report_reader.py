"""The All Orders report reader: header names, real-export quirks, malformed rows, refusals."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from formats.errors import RulebookError
from simulator.reports.read import (
    ALL_ORDERS_COLUMNS,
    MAX_LINE_CHARS,
    MAX_LISTED_PROBLEMS,
    OrderReport,
    parse_date,
    parse_flag,
    parse_price,
)

ROOT = Path(__file__).resolve().parents[2]
FIX = Path(__file__).parent / "fixtures_reports"
HEAD = "amazon-order-id\tpurchase-date\tlast-updated-date\torder-status\tfulfillment-channel"


def read_all(source, label="r.tsv"):
    rep = OrderReport(source, label)
    items = list(rep.items())
    return rep, items


def test_basic_report_reads_every_item_row_of_the_real_layout():
    rep, items = read_all(FIX / "basic.tsv")
    assert rep.columns == list(ALL_ORDERS_COLUMNS)
    assert rep.missing_optional == [] and rep.extra_columns == []
    assert rep.log.read == 11 and rep.log.ignored_total == 0
    assert len(items) == 11
    assert len({i.order_id for i in items}) == 10  # order 1 has two items
    first = items[0]
    assert first.line == 2 and first.order_id == "111-0000001-0000001"
    assert first.seller_fulfilled and not first.cancelled and first.price == 24.99
    assert items[2].cancelled and items[2].price is None


def test_quirks_bom_crlf_reordered_renamed_extra_columns_flags_and_case():
    raw = (FIX / "quirks.tsv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and b"Caf\xe9" in raw
    rep, items = read_all(FIX / "quirks.tsv")
    assert rep.columns[:2] == ["order-status", "amazon-order-id"]  # by name, not position
    assert rep.extra_columns == ["my-notes"]
    assert "is-buyer-requested-cancellation" not in rep.missing_optional  # Is_Buyer_Requested_Cancellation
    assert rep.log.ignored == [] and len(items) == 9
    assert [i.status for i in items] == ["Canceled", "Canceled"] + ["Shipped"] * 3 + ["Canceled"] * 2 + [
        "Pending",
        "Canceled",
    ]
    assert [i.buyer_requested for i in items[:3]] == [True, False, False]  # Yes / No / empty
    assert [i.seller_fulfilled for i in items] == [True, True, True, True, True, False, False, True, True]
    assert all("\r" not in i.order_id and "\r" not in i.status for i in items)
    assert items[-1].order_id == "112-0000007-0000007"


def test_utf16_export_from_a_spreadsheet_reads_the_same():
    text = (FIX / "basic.tsv").read_text(encoding="utf-8")
    _, utf8 = read_all(FIX / "basic.tsv")
    _, utf16 = read_all(text.encode("utf-16"))
    assert [(i.order_id, i.status, i.purchase) for i in utf16] == [
        (i.order_id, i.status, i.purchase) for i in utf8
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("true", True), ("TRUE", True), ("Yes", True), ("1", True), ("false", False), ("No", False), ("", False),
     (" no ", False), ("maybe", None), ("2", None)],
)  # fmt: skip
def test_flags(value, expected):
    assert parse_flag(value) is expected


def test_dates_keep_the_offset_written_in_the_report():
    d = parse_date("2024-03-05T23:00:00-08:00")
    assert d.date().isoformat() == "2024-03-05" and d.utcoffset().total_seconds() == -8 * 3600
    assert parse_date("2024-03-05T23:00:00Z").date().isoformat() == "2024-03-05"
    assert parse_date("03/05/2024") is None and parse_date("2024-13-01T00:00:00Z") is None


def test_prices():
    assert parse_price("12.50") == 12.5 and parse_price("12,50") == 12.5
    assert parse_price("abc") is None and parse_price("nan") is None and parse_price("-3") is None


def test_malformed_rows_are_listed_with_line_numbers_and_reasons():
    rep, items = read_all(FIX / "malformed_rows.tsv")
    assert [i.line for i in items] == [2, 9]
    got = {p["line"]: p["reason"] for p in rep.log.ignored}
    assert got == {
        3: "has 4 tab-separated fields where the header has 6",
        4: "purchase-date '03/04/2024 10:00' is not an ISO 8601 date",
        5: "fulfillment-channel 'Seller' is not Merchant, MFN, Amazon or AFN",
        6: "is-buyer-requested-cancellation 'maybe' is not true/false/yes/no/empty",
        7: "amazon-order-id is empty",
        8: "blank line",
        10: "last-updated-date is before purchase-date",
        11: "order-status is empty",
    }
    assert rep.log.read == 10 and rep.log.ignored_total == 8


def test_an_overlong_line_is_set_aside_and_the_next_row_still_read():
    good = "111-0000001-0000001\t2024-03-04T09:00:00Z\t2024-03-05T09:00:00Z\tShipped\tMFN"
    huge = "x" * (MAX_LINE_CHARS * 3)
    rep, items = read_all(f"{HEAD}\n{huge}\n{good}\n".encode())
    assert [i.line for i in items] == [3]
    assert rep.log.ignored == [{"line": 2, "reason": f"line is over {MAX_LINE_CHARS:,} characters"}]


def test_the_ignored_list_is_capped_but_the_count_is_exact():
    bad = "\n".join(
        f"111-0000001-{i:07d}\tnot a date\t2024-03-05T09:00:00Z\tShipped\tMFN" for i in range(1500)
    )
    rep, items = read_all(f"{HEAD}\n{bad}\n".encode())
    assert items == []
    assert len(rep.log.ignored) == MAX_LISTED_PROBLEMS and rep.log.ignored_total == 1500
    assert rep.log.ignored[-1]["line"] == MAX_LISTED_PROBLEMS + 1


def test_a_callers_stream_is_left_open():
    buf = io.BytesIO((FIX / "basic.tsv").read_bytes())
    _, items = read_all(buf)
    assert len(items) == 11 and not buf.closed


REFUSALS = [
    ("not_a_report.txt", "not an All Orders report: missing column(s) amazon-order-id, purchase-date, "
     "order-status, fulfillment-channel"),
    ("missing_column.tsv", "missing column(s) order-status, fulfillment-channel"),
    ("comma_separated.csv", "the file is comma-separated; the All Orders report is tab-separated"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "message"), REFUSALS)
def test_refusals_name_what_is_wrong(name, message):
    with pytest.raises(RulebookError) as err:
        OrderReport(FIX / name, name)
    assert message in str(err.value)
    assert str(err.value).startswith(f"{name}:1:1: header:")


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (b"", "empty file"),
        (b"PK\x03\x04\x00\x00binary", "binary file"),
        ("x" * (MAX_LINE_CHARS + 10), "first line"),
    ],
)
def test_refusals_of_empty_binary_and_huge_headers(source, message):
    raw = source.encode() if isinstance(source, str) else source
    with pytest.raises(RulebookError, match=message):
        OrderReport(raw, "up.tsv")


def test_duplicate_required_column_is_refused():
    with pytest.raises(RulebookError, match="named twice: order-status"):
        OrderReport(f"{HEAD}\torder-status\n".encode(), "dup.tsv")


def test_missing_file_and_folder_are_clear():
    with pytest.raises(RulebookError, match="file not found"):
        OrderReport(FIX / "nope.tsv")
    with pytest.raises(RulebookError, match="is a folder"):
        OrderReport(FIX)


CLI_REFUSALS = [
    ("not_a_report.txt", "missing column(s) amazon-order-id"),
    ("missing_column.tsv", "missing column(s) order-status, fulfillment-channel"),
    ("comma_separated.csv", "comma-separated"),
    ("bad_dates.tsv", "no usable order rows: line 2: purchase-date 'yesterday' is not an ISO 8601 date"),
    ("header_only.tsv", "the report has a header but no order rows"),
    ("nope.tsv", "file not found"),
]


@pytest.mark.parametrize(("name", "message"), CLI_REFUSALS)
@pytest.mark.parametrize("command", ["replay", "calibrate"])
def test_cli_refusals_exit_2_without_traceback(name, message, command, tmp_path):
    argv = [sys.executable, "-m", "simulator", command, str(FIX / name)]
    if command == "calibrate":
        argv += ["--out", str(tmp_path / "shop.yaml")]
    proc = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout == ""
    assert not (tmp_path / "shop.yaml").exists()
