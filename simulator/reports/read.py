"""Stream Seller Central's *All Orders* report (tab-separated, one row per item) with pyarrow.

The reader goes by header names, never by position, so extra, reordered or missing optional
columns are fine.  It tolerates what real exports contain: a UTF-8 BOM (or a UTF-16 file saved
by Excel), CRLF line ends, flags written ``true``/``false``/``Yes``/``No``/empty, statuses in any
case, and product names in a legacy encoding.  A file that is not such a report is refused with
a :class:`~formats.errors.ReportFileError` naming the missing columns; a malformed row is set
aside with its line number and the reason, never skipped silently.

The header is checked by :func:`formats.all_orders.header_columns`;
:class:`~simulator.reports.source.ReportSource` hands over the rest in blocks of whole lines, and
``pyarrow.csv.read_csv`` parses each block (the next two in two threads) into the columns the
replay uses, setting aside the rows with the wrong number of fields by their line number, and
:mod:`~simulator.reports.plain` checks the columns.  The lines set aside, and the rows not in the
plain shape real exports write, go to the row-by-row reader (:meth:`OrderReport.items` reads every
row so), which says why a row is set aside.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from pathlib import Path
from typing import IO, NamedTuple, TypeVar

import numpy as np
import pyarrow as pa
import pyarrow.csv as pa_csv

from formats import all_orders
from formats.all_orders import (
    ALL_ORDERS_COLUMNS,
    BUYER_REQUESTED_COLUMN,
    ITEM_STATUS_COLUMN,
    MAX_LINE_CHARS,
    REQUIRED_COLUMNS,
    UPDATED_COLUMN,
)
from formats.errors import ReportFileError
from simulator.reports import plain
from simulator.reports.source import ReportSource
from simulator.reports.values import (
    CANCELED,
    PENDING,
    SELLER_FULFILLED,
    STATUS_SPELLING,
    Batch,
    _channel_code,
    _flag_code,
    _item_code,
    _status_code,
    items_batch,
    merge,
    parse_date,
    parse_flag,
    parse_price,
)

MAX_LISTED_PROBLEMS = 1000  # the rest are counted in ``ignored_total``
MAX_ID_CHARS = 64
BLOCK_BYTES = 3 * 512 * 1024  # the bytes read, parsed and checked at once (~6,600 rows)
LONG_LINE_BYTES = 4 * (MAX_LINE_CHARS + 1)  # more bytes than this is more characters than the cap
TOO_LONG_ROW = f"line is over {MAX_LINE_CHARS:,} characters"
USED_COLUMNS = {*REQUIRED_COLUMNS, UPDATED_COLUMN, ITEM_STATUS_COLUMN, BUYER_REQUESTED_COLUMN, "item-price"}
CATEGORIES = dict.fromkeys(  # few distinct values: pyarrow hands them over as codes into a small table
    ["order-status", "fulfillment-channel", ITEM_STATUS_COLUMN, BUYER_REQUESTED_COLUMN],
    pa.dictionary(pa.int32(), pa.string()),
)
T = TypeVar("T")


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
        return self.status == CANCELED

    @property
    def item_cancelled(self) -> bool:
        """An item cancelled on an order that was not cancelled as a whole (nor still Pending)."""
        return self.item_status == CANCELED and self.status not in (CANCELED, PENDING)

    @property
    def pending_cancel(self) -> bool:
        """Cancelled while still Pending: one status says Pending, the other Canceled."""
        return {self.status, self.item_status} == {PENDING, CANCELED}


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


class Parsed(NamedTuple):
    """A block as :meth:`OrderReport._parse` hands it over (its bytes are let go: only the lines
    for the row-by-row reader are kept)."""

    todo: dict[int, bytes]  # the lines for the row-by-row reader, by index in the block
    lines: int  # lines in the block
    rows: np.ndarray  # the index in the block of each row in the plain shape
    columns: tuple[np.ndarray, ...]  # their Batch columns after the line number
    read: int  # the bytes of the file read up to the block's end


class OrderReport:
    """An All Orders report opened for streaming.

    ``OrderReport(path_or_stream, label)`` reads and checks the header at once (raising
    ``ReportFileError`` if it is not such a report); :meth:`batches` then yields the valid rows
    of each chunk as arrays, :meth:`items` one :class:`Item` per valid row; both record the
    other rows in ``log``.
    """

    def __init__(self, source: str | Path | bytes | IO[bytes], label: str | None = None) -> None:
        self.label = label or (str(source) if isinstance(source, (str, Path)) else "report")
        self.log = RowLog()
        self._src = ReportSource(source, self.label, BLOCK_BYTES, LONG_LINE_BYTES)
        header = self._src.first_line()
        try:
            self.columns = all_orders.header_columns(header, self.label)
        except ReportFileError:
            self.close()
            raise
        self.index = {c: i for i, c in reversed(list(enumerate(self.columns)))}
        self.missing_optional = [c for c in ALL_ORDERS_COLUMNS if c not in self.index]
        self.extra_columns = [c for c in self.columns if c not in ALL_ORDERS_COLUMNS]
        self.has_updated = UPDATED_COLUMN in self.index
        self._types = {
            f"c{i}": CATEGORIES.get(c, pa.string()) for c, i in self.index.items() if c in USED_COLUMNS
        }
        self.bytes_read = 0  # how far into the file the rows handed over so far reach

    @property
    def size(self) -> int | None:
        """Bytes in the file, when known."""
        return self._src.size

    def __enter__(self) -> OrderReport:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._src.close()

    def _parse(self, block: bytes | ReportFileError, read: int) -> Parsed:
        """A block parsed by pyarrow and its columns checked (in a worker thread: nothing is logged)."""
        if isinstance(block, ReportFileError):
            raise block
        wrong: list[int] = []

        def invalid_row(row: pa_csv.InvalidRow) -> str:
            wrong.append(row.number - 1)  # known with use_threads=False
            return "skip"

        names = [f"c{i}" for i in range(len(self.columns))]  # by position: names may repeat
        read_options = pa_csv.ReadOptions(use_threads=False, block_size=len(block) + 1, column_names=names)
        parse = pa_csv.ParseOptions(
            delimiter="\t", quote_char=False, ignore_empty_lines=False, invalid_row_handler=invalid_row
        )
        convert = pa_csv.ConvertOptions(  # the source hands over valid UTF-8
            column_types=self._types, include_columns=list(self._types), check_utf8=False
        )
        # the system's allocator gives freed blocks back: less peak memory than mimalloc
        table = pa_csv.read_csv(pa.py_buffer(block), read_options, parse, convert, pa.system_memory_pool())
        table, n = table.combine_chunks(), table.num_rows
        ok, columns = self._plain(table) if n else (np.zeros(0, bool), (np.zeros(0),) * 9)
        rows = np.delete(np.arange(n + len(wrong)), wrong)
        todo = sorted({*wrong, *rows[~ok].tolist()})
        texts = block.splitlines() if todo else []  # at LF, CRLF and CR, as pyarrow ends lines
        return Parsed({i: texts[i] for i in todo}, n + len(wrong), rows[ok], columns, read)

    def _blocks(self) -> Iterator[tuple[bytes | ReportFileError, int]]:
        """(each block of whole lines, the bytes of the file read up to its end); a file refused
        part way comes last, so that it is raised after the blocks before it are counted."""
        try:
            for block in iter(self._src.read, b""):
                yield block, self._src.raw_read
        except ReportFileError as exc:
            yield exc, self._src.raw_read

    def _decide(self, texts: Iterable[tuple[int, bytes]], first: int) -> list[Item]:
        """The row-by-row reader on (index, line) of a block, in order: the Items; the rest logged."""
        items = []
        for i, text in texts:
            got = self._row(text.decode(), first + i)
            if isinstance(got, str):
                self.log.ignore(first + i, got)
            else:
                items.append(got)
        return items

    def items(self) -> Iterator[Item]:
        """Yield every valid row, read one by one; log every other one with its line number."""
        try:
            for block in iter(self._src.read, b""):
                texts = block.splitlines()  # at LF, CRLF and CR only (str.splitlines splits at more)
                items = self._decide(enumerate(texts), self.log.read + 2)
                self.log.read, self.bytes_read = self.log.read + len(texts), self._src.raw_read
                yield from items
        finally:
            self.close()

    def batches(self) -> Iterator[Batch]:
        """Yield the valid rows of each block as a :class:`Batch`; log every other row.

        Two threads parse and check the next two blocks (pyarrow and numpy let go of the GIL) while
        the caller counts this one.
        """
        try:
            for p in _ahead(self._parse, self._blocks()):
                first = self.log.read + 2
                items = self._decide(p.todo.items(), first)
                self.log.read, self.bytes_read = self.log.read + p.lines, p.read
                batch = Batch(first + p.rows, *p.columns)
                yield merge(batch, items_batch(items)) if items else batch
        finally:
            self.close()

    def _codes_of(self, table: pa.Table, name: str, decide: Callable[[str], int]) -> np.ndarray:
        """A code per row for a column of few distinct values, each value decided once (-1: row by row)."""
        if name not in self.index:
            return np.zeros(table.num_rows, np.int64)
        part = table.column(f"c{self.index[name]}").chunk(0)  # with its own small dictionary
        codes = np.array([decide(value) for value in part.dictionary.to_pylist()], np.int64)
        return codes[plain.column(part.indices, np.int32)]

    def _plain(self, table: pa.Table) -> tuple[np.ndarray, tuple[np.ndarray, ...]]:
        """(rows whose every field has the plain shape, their Batch columns after the line number)."""
        n, idx = table.num_rows, self.index

        def col(name: str) -> pa.Array:
            return table.column(f"c{idx[name]}").chunk(0)

        ok, fp = plain.ids(col("amazon-order-id"))
        ok_p, day, t_p, aware_p = plain.dates(col("purchase-date"))
        ok_l, _, t_l, aware_l = (
            plain.dates(col(UPDATED_COLUMN)) if self.has_updated else (ok_p, 0, t_p, aware_p)
        )
        status = self._codes_of(table, "order-status", _status_code)
        channel = self._codes_of(table, "fulfillment-channel", _channel_code)
        br = self._codes_of(table, BUYER_REQUESTED_COLUMN, _flag_code)
        item = self._codes_of(table, ITEM_STATUS_COLUMN, _item_code)
        ok_price, price = (
            plain.prices(col("item-price")) if "item-price" in idx else (True, np.full(n, np.nan))
        )
        ok &= ok_p & ok_l & (aware_p == aware_l) & (t_l >= t_p) & (status >= 0) & (channel >= 0)
        ok &= (br >= 0) & (item >= 0) & ok_price
        st, it = status[ok], item[ok]
        pending = ((st == 2) & (it == 1)) | ((st == 1) & (it == 2))
        return ok, (day[ok], fp[ok], channel[ok] == 1, br[ok] == 1, st == 1, (t_l - t_p)[ok], price[ok],
                    (it == 1) & (st == 0), pending)  # fmt: skip

    def _row(self, text: str, n: int) -> Item | str:
        """The row-by-row reader: an Item, or the reason the line is set aside."""
        if len(text) > MAX_LINE_CHARS:
            return TOO_LONG_ROW
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


def _show(value: str) -> str:
    v = value.strip()
    return repr(v if len(v) <= 40 else v[:40] + "...") if v else "(empty)"


def _ahead(
    parse: Callable[[bytes | ReportFileError, int], T],
    blocks: Iterator[tuple[bytes | ReportFileError, int]],
    workers: int = 2,
) -> Iterator[T]:
    """``parse`` of each block, in order: the next ``workers`` in threads while the caller has this one."""
    with ThreadPoolExecutor(workers, thread_name_prefix="report-read") as pool:
        jobs = deque(pool.submit(parse, *b) for b in islice(blocks, workers))
        while jobs:
            done = jobs.popleft().result()
            if (b := next(blocks, None)) is not None:
                jobs.append(pool.submit(parse, *b))
            yield done
