"""Stream Seller Central's *All Orders* report (tab-separated, one row per item).

The reader goes by header names, never by position, so extra, reordered or
missing optional columns are fine.  It tolerates what real exports contain: a
UTF-8 BOM (or a UTF-16 file saved by Excel), CRLF line ends, flags written
``true``/``false``/``Yes``/``No``/empty, statuses in any case, and product
names in a legacy encoding.  A file that is not such a report is refused with a
:class:`~formats.errors.ReportFileError` naming the missing columns; a malformed
row is set aside with its line number and the reason, never skipped silently.

The file is read in blocks of :data:`BLOCK_BYTES` of whole lines (every read is capped;
so is the first line, and a line with no end in sight is refused after
:data:`MAX_UNENDED_BYTES`), so memory does not grow with the file.  :meth:`OrderReport.batches`
reads each block column by column (:mod:`simulator.reports.columns`) and hands back
arrays; a row whose fields are not in the plain shape goes through the row-by-row
reader (:meth:`OrderReport.items` uses only that one), which decides it exactly and says
why it was set aside.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, NamedTuple

import numpy as np

from formats.errors import Problem, ReportFileError
from simulator.reports import columns as col
from simulator.reports.blocks import DROPPED, ByteBlocks
from simulator.reports.columns import Batch
from simulator.reports.values import (
    SELLER_FULFILLED,
    STATUS_SPELLING,
    _channel_code,
    _flag_code,
    _item_code,
    _status_code,
    parse_date,
    parse_flag,
    parse_price,
)

# DOMAIN.md s.7: the report's columns in Seller Central's order.
ALL_ORDERS_COLUMNS = (
    "amazon-order-id",
    "merchant-order-id",
    "purchase-date",
    "last-updated-date",
    "order-status",
    "fulfillment-channel",
    "sales-channel",
    "order-channel",
    "url",
    "ship-service-level",
    "product-name",
    "sku",
    "asin",
    "item-status",
    "quantity",
    "currency",
    "item-price",
    "item-tax",
    "shipping-price",
    "shipping-tax",
    "gift-wrap-price",
    "gift-wrap-tax",
    "item-promotion-discount",
    "ship-promotion-discount",
    "ship-city",
    "ship-state",
    "ship-postal-code",
    "ship-country",
    "promotion-ids",
    "is-business-order",
    "purchase-order-number",
    "price-designation",
    "is-iba",
    "is-buyer-requested-cancellation",
)
REQUIRED_COLUMNS = (
    "amazon-order-id",
    "purchase-date",
    "order-status",
    "fulfillment-channel",
)
UPDATED_COLUMN = "last-updated-date"  # optional: without it there is no direct-cancel inference
ITEM_STATUS_COLUMN = "item-status"  # optional: Cancelled on a row of a live order = an item cancellation
BUYER_REQUESTED_COLUMN = "is-buyer-requested-cancellation"
MAX_LINE_CHARS = 64 * 1024
MAX_LISTED_PROBLEMS = 1000  # the rest are counted in ``ignored_total``
MAX_ID_CHARS = 64
BLOCK_BYTES = 2 * 1024 * 1024  # one read (~8.7k rows): measured faster and smaller than 8+ MiB blocks
LONG_LINE_BYTES = 4 * (MAX_LINE_CHARS + 1)  # more bytes than this is more characters than the cap
MAX_UNENDED_BYTES = 64 * 1024 * 1024  # a "line" this long with no line end: not a text report

FORMAT_HINT = (
    "expected Seller Central's All Orders report: tab-separated, first line naming the columns "
    f"({', '.join(REQUIRED_COLUMNS)}, ...)"
)


class Item(NamedTuple):
    """One valid row of the report (one order item)."""

    line: int
    order_id: str
    purchase: datetime
    last_updated: datetime | None  # None when the report has no last-updated-date column
    status: str  # SP-API spelling where known ("Canceled" for Cancelled/CANCELED)
    seller_fulfilled: bool
    buyer_requested: bool
    price: float | None = None  # item-price (the line's total), when given and readable
    item_status: str = ""  # the same spellings; "" when the column is absent or empty

    @property
    def cancelled(self) -> bool:
        return self.status == "Canceled"

    @property
    def item_cancelled(self) -> bool:
        """An item cancelled on an order that was not cancelled as a whole (nor still Pending)."""
        return self.item_status == "Canceled" and self.status not in ("Canceled", "Pending")

    @property
    def pending_cancel(self) -> bool:
        """Cancelled while still Pending: one status says Pending, the other Canceled."""
        return {self.status, self.item_status} == {"Pending", "Canceled"}


@dataclass
class RowLog:
    """What happened to every row: read, and the ones set aside (with line and reason)."""

    read: int = 0
    ignored: list[dict] = field(default_factory=list)
    ignored_total: int = 0
    unreadable_prices: int = 0  # rows kept, price left out (the rate does not need it)

    def ignore(self, line: int, reason: str) -> None:
        self.ignored_total += 1
        if len(self.ignored) < MAX_LISTED_PROBLEMS:
            self.ignored.append({"line": line, "reason": reason})


def normalise_column(name: str) -> str:
    """``"Amazon_Order_ID "`` -> ``amazon-order-id`` (spreadsheets rename columns like that)."""
    return name.strip().strip('"').strip().lower().replace("_", "-").replace(" ", "-")


class OrderReport:
    """An All Orders report opened for streaming.

    ``OrderReport(path_or_stream, label)`` reads and checks the header at once
    (raising ``ReportFileError`` if it is not such a report); :meth:`batches` then
    yields the valid rows of each block as arrays, :meth:`items` one :class:`Item`
    per valid row; both record the other rows in ``log``.
    """

    def __init__(self, source: str | Path | bytes | IO[bytes], label: str | None = None) -> None:
        self.label = label or (str(source) if isinstance(source, (str, Path)) else "report")
        self.log = RowLog()
        self._src = ByteBlocks(source, self.label, BLOCK_BYTES, LONG_LINE_BYTES)
        self._line_no = 1
        header = self._src.first_line()
        if header is None:
            self.close()
            raise ReportFileError.single(self.label, "empty file, not an All Orders report", FORMAT_HINT)
        self.columns = self._check_header(header)
        self.index = {c: i for i, c in reversed(list(enumerate(self.columns)))}
        self.missing_optional = [c for c in ALL_ORDERS_COLUMNS if c not in self.index]
        self.extra_columns = [c for c in self.columns if c not in ALL_ORDERS_COLUMNS]
        self._status = col.Categories(_status_code)
        self._channel = col.Categories(_channel_code)
        self._flag = col.Categories(_flag_code)
        self._item = col.Categories(_item_code)
        self.has_updated = UPDATED_COLUMN in self.index

    @property
    def size(self) -> int | None:
        """Bytes in the file, when known."""
        return self._src.size

    @property
    def bytes_read(self) -> int:
        return self._src.bytes_read

    def __enter__(self) -> OrderReport:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._src.close()

    def _fail(self, message: str, hint: str = FORMAT_HINT, line: int = 1) -> ReportFileError:
        self.close()
        return ReportFileError([Problem(self.label, line, 1, "header" if line == 1 else "", message, hint)])

    def _check_header(self, raw: bytes | object) -> list[str]:
        header = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else None
        if header is None or len(header) > MAX_LINE_CHARS:
            raise self._fail(f"first line is over {MAX_LINE_CHARS:,} characters, not a report header")
        if "\x00" in header:
            raise self._fail("binary file, not an All Orders report")
        columns = [normalise_column(c) for c in header.split("\t")]
        missing = [c for c in REQUIRED_COLUMNS if c not in columns]
        if missing:
            by_comma = [normalise_column(c) for c in header.split(",")]
            if "\t" not in header and all(c in by_comma for c in REQUIRED_COLUMNS):
                raise self._fail(
                    "the file is comma-separated; the All Orders report is tab-separated",
                    "download the report again from Seller Central (Reports > Fulfillment > All Orders) "
                    "or save it as 'Text (Tab delimited)'",
                )
            found = len(REQUIRED_COLUMNS) - len(missing)
            what = "not an All Orders report" if found == 0 else "the report lacks required columns"
            raise self._fail(f"{what}: missing column(s) {', '.join(missing)}")
        twice = sorted({c for c in REQUIRED_COLUMNS if columns.count(c) > 1})
        if twice:
            raise self._fail(f"column(s) named twice: {', '.join(twice)}", "keep one of each")
        return columns

    def _lines(self) -> Iterator[tuple[int, bytes, np.ndarray, np.ndarray, np.ndarray]]:
        """(first line number, block bytes, as an array, line starts, line ends) per block."""
        try:
            for block in self._src.blocks():
                if block is DROPPED:
                    self._line_no += 1
                    self.log.read += 1
                    self.log.ignore(self._line_no, f"line is over {MAX_LINE_CHARS:,} characters")
                    continue
                raw, at_eof = block
                b = np.frombuffer(raw, np.uint8)
                starts, ends = col.split_lines(b, at_eof, b"\r" in raw)
                first = self._line_no + 1
                self._line_no += starts.size
                self.log.read += starts.size
                yield first, raw, b, starts, ends
        finally:
            self.close()

    def _row(self, text: str, n: int) -> Item | str:
        """The row-by-row reader: an Item, or the reason the line is set aside."""
        if len(text) > MAX_LINE_CHARS:
            return f"line is over {MAX_LINE_CHARS:,} characters"
        if not text.strip():
            return "blank line"
        f = text.split("\t")
        n_cols = len(self.columns)
        if len(f) != n_cols:
            return f"has {len(f)} tab-separated fields where the header has {n_cols}"
        idx = self.index
        i_br, i_price = idx.get(BUYER_REQUESTED_COLUMN), idx.get("item-price")
        oid = f[idx["amazon-order-id"]].strip()
        raw_pd = f[idx["purchase-date"]]
        raw_lu = f[idx[UPDATED_COLUMN]] if self.has_updated else raw_pd
        raw_fc = f[idx["fulfillment-channel"]]
        status = f[idx["order-status"]].strip()
        sf = SELLER_FULFILLED.get(raw_fc.strip().lower())
        pd, lu = parse_date(raw_pd), parse_date(raw_lu)
        raw_br = f[i_br] if i_br is not None else ""
        br = parse_flag(raw_br) if i_br is not None else False
        if not oid or len(oid) > MAX_ID_CHARS or "\x00" in oid:
            return "amazon-order-id is empty" if not oid else "amazon-order-id is not an order id"
        if pd is None:
            return f"purchase-date {_show(raw_pd)} is not an ISO 8601 date"
        if lu is None:
            return f"last-updated-date {_show(raw_lu)} is not an ISO 8601 date"
        if (pd.tzinfo is None) != (lu.tzinfo is None):
            return "purchase-date and last-updated-date must both have an offset, or neither"
        if lu < pd:
            return "last-updated-date is before purchase-date"
        if not status:
            return "order-status is empty"
        if sf is None:
            return f"fulfillment-channel {_show(raw_fc)} is not Merchant, MFN, Amazon or AFN"
        if br is None:
            return f"{BUYER_REQUESTED_COLUMN} {_show(raw_br)} is not true/false/yes/no/empty"
        i_item = idx.get(ITEM_STATUS_COLUMN)
        item = f[i_item].strip() if i_item is not None else ""
        price = None
        if i_price is not None and f[i_price].strip():
            price = parse_price(f[i_price])
            if price is None:
                self.log.unreadable_prices += 1
        spell = STATUS_SPELLING.get(status.lower(), status)
        item = STATUS_SPELLING.get(item.lower(), item)
        return Item(n, oid, pd, lu if self.has_updated else None, spell, sf, br, price, item)

    def items(self) -> Iterator[Item]:
        """Yield every valid row, read one by one; log every other one with its line number."""
        for first, raw, _, starts, ends in self._lines():
            for i, (s, e) in enumerate(zip(starts.tolist(), ends.tolist(), strict=True)):
                got = self._row(raw[s:e].decode("utf-8", "replace"), first + i)
                if isinstance(got, str):
                    self.log.ignore(first + i, got)
                else:
                    yield got

    def batches(self) -> Iterator[Batch]:
        """Yield the valid rows of each block as a :class:`Batch`; log every other row."""
        for first, raw, b, starts, ends in self._lines():
            yield self.parse_lines(raw, b, starts, ends, first)

    def parse_lines(
        self, raw: bytes, b: np.ndarray, starts: np.ndarray, ends: np.ndarray, first: int
    ) -> Batch:
        """The valid rows among the given lines of a block (line ``first`` onwards); log the others."""
        cats = (self._status, self._channel, self._flag, self._item)
        fast, batch = col.plain_rows(
            raw, b, starts, ends, first, len(self.columns), self.index, cats, MAX_LINE_CHARS
        )
        slow = np.ones(starts.size, bool)
        slow[fast] = False
        items = []
        for i in np.flatnonzero(slow).tolist():
            got = self._row(raw[starts[i] : ends[i]].decode("utf-8", "replace"), first + i)
            if isinstance(got, str):
                self.log.ignore(first + i, got)
            else:
                items.append(got)
        return col.merge(batch, _items_batch(items)) if items else batch

    def data_offset(self) -> int | None:
        """Where the rows start in the file's own bytes, or None when the file is transcoded (UTF-16)."""
        return self._src.data_offset()

    def source_path(self) -> str | None:
        """The file being read, when it was opened by path."""
        return self._src.path


def _items_batch(items: list[Item]) -> Batch:
    """The rows the row-by-row reader took, as a Batch."""
    return Batch(
        np.array([i.line for i in items], np.int64),
        np.array([i.purchase.toordinal() for i in items], np.int64),
        np.array([col.order_key(i.order_id) for i in items], np.int64),
        np.array([i.seller_fulfilled for i in items], bool),
        np.array([i.buyer_requested for i in items], bool),
        np.array([i.cancelled for i in items], bool),
        np.array([_gap(i) for i in items], np.int64),
        np.array([np.nan if i.price is None else i.price for i in items], np.float64),
        np.array([i.item_cancelled for i in items], bool),
        np.array([i.pending_cancel for i in items], bool),
    )


def _gap(item: Item) -> int:
    """Whole seconds (rounded up) from purchase to last update; 0 without a last-updated-date."""
    return 0 if item.last_updated is None else math.ceil((item.last_updated - item.purchase).total_seconds())


def _show(value: str) -> str:
    v = value.strip()
    return repr(v if len(v) <= 40 else v[:40] + "...") if v else "(empty)"
