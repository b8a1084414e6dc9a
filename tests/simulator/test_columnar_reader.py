"""The columnar reader against a plain Python reader, and the order counter against a plain reference.

``OrderReport.batches`` (pyarrow's streaming CSV reader, then numpy on its columns) takes the
rows whose fields have the plain shape in bulk and hands every other row to the row-by-row
reader; ``OrderReport.items`` uses only that one.  Both must agree, on every row, every reason
and every count, for any spelling, line end, encoding and block size, with the plainest
reader there is: decode the text, split it into lines, and judge each line with ``_row``.
"""

from __future__ import annotations

import codecs
import math
import re
from collections import Counter
from unittest import mock

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.reports import orders as orders_mod
from simulator.reports import read as read_mod
from simulator.reports.orders import OrderCounter
from simulator.reports.read import MAX_LINE_CHARS, OrderReport, RowLog
from simulator.reports.values import order_key

HEADER = [
    "order-status",
    "amazon-order-id",
    "fulfillment-channel",
    "purchase-date",
    "last-updated-date",
    "is-buyer-requested-cancellation",
    "item-price",
    "notes",
]
IDS = [
    "111-0000001-0000001",
    "111-0000002-0000002",
    "111-00000002-0000002",
    "011-00000002-0000002",
    " 111-0000003-0000003",
    "ORDER-1",
    "",
    "x" * 70,
    "a\x00b",
    "١١١-٠٠٠٠٠٠١-٠٠٠٠٠٠١",
    "111-000000a-0000001",
]
DATES = [
    "2024-03-04T09:00:00Z",
    "2024-03-04T09:00:00-08:00",
    "2024-03-04T09:00:00+05:30",
    "2024-03-04T09:00:00",
    "2024-03-04 09:00:00",
    "2024-02-29T23:59:59+00:00",
    "2023-02-29T00:00:00Z",
    "2024-13-01T00:00:00Z",
    "0001-01-01T00:00:00+01:00",
    "9999-12-31T23:59:59-01:00",
    "2024-03-04T09:00:00.5Z",
    "2024-03-04T24:00:00Z",
    "2024-03-04T09:00:00+24:00",
    "2024-03-04T09:00:00+0530",
    "yesterday",
    "",
    " 2024-03-04T09:30:00Z ",
    "2024-03-05T09:00:00Z",
    "2024-03-04T09:30:01Z",
    "2024-03-04T09:29:59-00:00",
    "2000-02-29T12:00:00Z",
    "1900-02-29T12:00:00Z",
]
STATUSES = [
    "Shipped",
    "SHIPPED",
    "Cancelled",
    "canceled",
    " Canceled ",
    "",
    "PendingAvailability",
    "Caf\xe9",
    "x" * 30,
    "Pending",
]
CHANNELS = ["Merchant", "MFN", "amazon", "AFN ", "Seller", "", "mfn"]
FLAGS = ["true", "Yes", "", "No", "maybe", "1", "FALSE"]
PRICES = ["", "12.34", "12,34", "7", "007.5", "1e3", " 5 ", "1000000000", "999999999.99", ".5", "5.", "abc",
          "12.345", "inf", "0", "123456789012"]  # fmt: skip
JUNK = ["", "   ", "\t" * 7, "a\tb", "\xa0", "x" * (MAX_LINE_CHARS + 3), "é" * (MAX_LINE_CHARS // 2 + 1)]


def row_tuples(items) -> list[tuple]:
    return [
        (i.line, i.purchase.toordinal(), order_key(i.order_id), i.seller_fulfilled, i.buyer_requested,
         i.cancelled, math.ceil((i.last_updated - i.purchase).total_seconds()), i.price)
        for i in items
    ]  # fmt: skip


def batch_tuples(batches) -> list[tuple]:
    out = []
    for b in batches:
        for k in range(b.line.size):
            price = None if np.isnan(b.price[k]) else float(b.price[k])
            flags = (bool(b.seller_fulfilled[k]), bool(b.buyer_requested[k]), bool(b.cancelled[k]))
            out.append((int(b.line[k]), int(b.day[k]), int(b.fp[k]), *flags, int(b.seconds[k]), price))
    return out


def plain_reader(raw: bytes) -> tuple[list, RowLog]:
    """The report read the plainest way: all of it decoded, split at LF, CRLF and CR, line by line."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = raw.decode("utf-16", "replace")
    else:
        text = raw.decode("utf-8", "replace").removeprefix("\ufeff")
    lines = re.split(r"\r\n|\r|\n", text)[1:]
    if lines and lines[-1] == "":  # the last line's end, not a line
        lines.pop()
    judge = OrderReport(raw, "r.tsv")  # its header, and its row-by-row reader
    items = []
    for n, line in enumerate(lines, start=2):
        judge.log.read += 1
        got = judge._row(line, n)
        if isinstance(got, str):
            judge.log.ignore(n, got)
        else:
            items.append(got)
    judge.close()
    return items, judge.log


field_row = st.tuples(*(st.sampled_from(p) for p in (STATUSES, IDS, CHANNELS, DATES, DATES, FLAGS, PRICES)))
line = st.one_of(field_row.map(lambda f: "\t".join([*f, "note"])), st.sampled_from(JUNK))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    lines=st.lists(line, max_size=25),
    ends=st.lists(st.sampled_from(["\n", "\r\n", "\r"]), min_size=26, max_size=26),
    final_end=st.booleans(),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
    block=st.sampled_from([16, 64, 1000, 2 * 1024 * 1024]),
)
def test_batches_and_items_agree_with_the_plain_reader(lines, ends, final_end, encoding, block):
    text = "\t".join(HEADER) + ends[-1]
    for i, ln in enumerate(lines):
        text += ln + (ends[i] if final_end or i < len(lines) - 1 else "")
    raw = text.encode(encoding)
    expected_items, log = plain_reader(raw)
    expected = row_tuples(expected_items)
    with mock.patch.object(read_mod, "BLOCK_BYTES", block):
        one, many = OrderReport(raw, "r.tsv"), OrderReport(raw, "r.tsv")
        assert row_tuples(one.items()) == expected
        got = batch_tuples(many.batches())
    assert got == expected
    for rep in (one, many):
        assert (rep.log.read, rep.log.ignored, rep.log.ignored_total, rep.log.unreadable_prices) == (
            log.read, log.ignored, log.ignored_total, log.unreadable_prices)  # fmt: skip


def test_the_plain_rows_are_taken_in_bulk():
    """The fast path is really used: a plain report never reaches the row-by-row reader."""
    rows = [f"Shipped\t111-0000001-{i:07d}\tMFN\t2024-03-04T09:00:00Z\t2024-03-05T09:00:00Z\tfalse\t12.50\tn"
            for i in range(300)]  # fmt: skip
    raw = ("\t".join(HEADER) + "\n" + "\n".join(rows) + "\n").encode()
    rep = OrderReport(raw, "r.tsv")
    with mock.patch.object(OrderReport, "_row", side_effect=AssertionError("row by row")):
        got = batch_tuples(rep.batches())
    assert len(got) == 300 and got[0][1:] == (738949, 11100000010000000, True, False, False, 86400, 12.5)


def reference(rows, open_days=3):
    """The counting rules, plainly: each id on its first day with all its flags; late rows by day."""
    open_, closed, late, per = set(), set(), 0, {}
    for day, fp, fl in rows:
        if day not in open_:
            if day in closed:
                late += 1
            else:
                for d in [d for d in open_ if abs(d - day) >= open_days]:
                    open_.remove(d)
                    closed.add(d)
                open_.add(day)
        per.setdefault(fp, {})
        per[fp][day] = per[fp].get(day, 0) | fl
    counts, merged = Counter(), 0
    for days in per.values():
        flags = 0
        for v in days.values():
            flags |= v
        counts[(min(days), flags)] += 1
        merged += len(days) - 1
    return counts, late, merged


@settings(max_examples=100, deadline=None)
@given(
    rows=st.lists(
        st.tuples(st.integers(1, 12), st.integers(0, 30), st.integers(0, 15)), min_size=1, max_size=80
    ),
    cuts=st.lists(st.integers(1, 80), max_size=5),
    spill=st.sampled_from([2, 7, 1 << 17]),
)
def test_order_counter_matches_the_reference(rows, cuts, spill):
    counts, late, merged = reference(rows)
    counter = OrderCounter()
    arr = np.array(rows, np.int64)
    with mock.patch.object(orders_mod, "SPILL_RECORDS", spill):
        for part in np.split(arr, sorted(set(c for c in cuts if c < len(rows)))):
            counter.add_batch(part[:, 0], part[:, 1], part[:, 2].astype(np.uint8))
        first, by_flags = counter.by_flags()
    got = Counter({(first + d, f): int(by_flags[d, f]) for d, f in zip(*np.nonzero(by_flags), strict=True)})
    assert got == counts
    assert (counter.late_rows, counter.merged_across_days) == (late, merged)
    assert counter._store.folder is None  # the temporary files are gone
