"""The All Orders report's first line: names normalised, and each refusal at line 1 with its hint."""

from __future__ import annotations

import pytest

from formats.all_orders import ALL_ORDERS_COLUMNS, header_columns
from formats.errors import ReportFileError


def test_spreadsheet_renamed_columns_are_read_by_name():
    line = b'"Amazon_Order_ID"\tPurchase Date\torder-status\tFULFILLMENT_CHANNEL\tNotes '
    got = header_columns(line, "r.tsv")
    assert got == ["amazon-order-id", "purchase-date", "order-status", "fulfillment-channel", "notes"]
    assert header_columns("\t".join(ALL_ORDERS_COLUMNS).encode(), "r.tsv") == list(ALL_ORDERS_COLUMNS)


@pytest.mark.parametrize(
    ("first_line", "message", "hint"),
    [
        (None, "empty file", "tab-separated"),
        (b"amazon-order-id,purchase-date,order-status,fulfillment-channel", "comma-separated",
         "Tab delimited"),
        (b"amazon-order-id\tpurchase-date\tsku", "lacks required columns: missing column(s) order-status",
         "tab-separated"),
        (b"name\tcity", "not an All Orders report", "amazon-order-id"),
        (b"amazon-order-id\tpurchase-date\torder-status\tfulfillment-channel\tAmazon Order ID", "named twice",
         "keep one of each"),
        (b"x" * (64 * 1024 + 1), "over 65,536 characters", "tab-separated"),
        (b"amazon-order-id\x00\tpurchase-date", "binary file", "tab-separated"),
    ],
)  # fmt: skip
def test_a_first_line_that_is_not_a_report_header_is_refused_at_line_1(first_line, message, hint):
    with pytest.raises(ReportFileError) as err:
        header_columns(first_line, "r.tsv")
    (problem,) = err.value.problems
    assert (problem.file, problem.line, problem.path) == ("r.tsv", 1, "header" if first_line else "")
    assert message in problem.message and hint in problem.hint
