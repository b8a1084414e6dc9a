"""Stream Seller Central's *All Orders* report (tab-separated, one row per item).

The reader goes by header names, never by position, so extra, reordered or
missing optional columns are fine.  It tolerates what real exports contain: a
UTF-8 BOM (or a UTF-16 file saved by Excel), CRLF line ends, flags written
``true``/``false``/``Yes``/``No``/empty, statuses in any case, and product
names in a legacy encoding.  A file that is not such a report is refused with a
:class:`~formats.errors.ReportFileError` naming the missing columns; a malformed
row is set aside with its line number and the reason, never skipped silently.

Rows are read one line at a time (each line capped at :data:`MAX_LINE_CHARS`)
so memory does not grow with the file.
"""

from __future__ import annotations

import codecs
import io
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, NamedTuple

from formats.errors import Problem, ReportFileError

# The report's columns in Seller Central's order (the All Orders report, Reports > Fulfillment).
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
    "last-updated-date",
    "order-status",
    "fulfillment-channel",
)
BUYER_REQUESTED_COLUMN = "is-buyer-requested-cancellation"
MAX_LINE_CHARS = 64 * 1024
MAX_LISTED_PROBLEMS = 1000  # the rest are counted in ``ignored_total``
MAX_ID_CHARS = 64

SELLER_FULFILLED = {"merchant": True, "mfn": True, "amazon": False, "afn": False}
FLAGS = {"true": True, "yes": True, "y": True, "1": True, "false": False, "no": False, "n": False, "0": False}
FLAGS[""] = False
# SP-API spellings, so that "SHIPPED" and "shipped" read as "Shipped".
_KNOWN_STATUSES = (
    "Pending",
    "PendingAvailability",
    "InvoiceUnconfirmed",
    "Unshipped",
    "PartiallyShipped",
    "Shipped",
    "Shipping",
    "Canceled",
    "Unfulfillable",
)
STATUS_SPELLING = {s.lower(): s for s in _KNOWN_STATUSES} | {"cancelled": "Canceled"}

FORMAT_HINT = (
    "expected Seller Central's All Orders report: tab-separated, first line naming the columns "
    f"({', '.join(REQUIRED_COLUMNS)}, ...)"
)


class Item(NamedTuple):
    """One valid row of the report (one order item)."""

    line: int
    order_id: str
    purchase: datetime
    last_updated: datetime
    status: str  # SP-API spelling where known ("Canceled" for Cancelled/CANCELED)
    seller_fulfilled: bool
    buyer_requested: bool
    price: float | None = None  # item-price (the line's total), when given and readable

    @property
    def cancelled(self) -> bool:
        return self.status == "Canceled"

    @property
    def minutes_to_update(self) -> float:
        return (self.last_updated - self.purchase).total_seconds() / 60.0


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


def parse_flag(value: str) -> bool | None:
    """true/false/Yes/No/1/0/empty -> bool; anything else -> None."""
    return FLAGS.get(value.strip().lower())


def parse_date(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value.strip())
    except ValueError:
        return None


def parse_price(value: str) -> float | None:
    """``12.34`` or ``12,34`` -> 12.34; anything else (or not finite) -> None."""
    v = value.strip()
    if "," in v and "." not in v:
        v = v.replace(",", ".")
    try:
        x = float(v)
    except ValueError:
        return None
    return x if math.isfinite(x) and 0 <= x < 1e9 else None


class OrderReport:
    """An All Orders report opened for streaming.

    ``OrderReport(path_or_stream, label)`` reads and checks the header at once
    (raising ``ReportFileError`` if it is not such a report); :meth:`items` then
    yields one :class:`Item` per valid row and records the others in ``log``.
    """

    def __init__(self, source: str | Path | bytes | IO[bytes], label: str | None = None) -> None:
        self.label = label or (str(source) if isinstance(source, (str, Path)) else "report")
        self.log = RowLog()
        self._text = _open_text(source, self.label)
        self._line_no = 0
        header = self._read_line()
        if header is None:
            self.close()
            raise ReportFileError.single(self.label, "empty file, not an All Orders report", FORMAT_HINT)
        self.columns = self._check_header(header)
        self.index = {c: i for i, c in reversed(list(enumerate(self.columns)))}
        self.missing_optional = [c for c in ALL_ORDERS_COLUMNS if c not in self.index]
        self.extra_columns = [c for c in self.columns if c not in ALL_ORDERS_COLUMNS]

    def __enter__(self) -> OrderReport:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._text.close()

    def _fail(self, message: str, hint: str = FORMAT_HINT, line: int = 1) -> ReportFileError:
        self.close()
        return ReportFileError([Problem(self.label, line, 1, "header" if line == 1 else "", message, hint)])

    def _check_header(self, header: str | None) -> list[str]:
        if header is _TOO_LONG:
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

    def _read_line(self) -> str | None:
        """The next line without its line end; ``_TOO_LONG`` for an over-long one; None at the end."""
        raw = self._text.readline(MAX_LINE_CHARS + 1)
        if not raw:
            return None
        self._line_no += 1
        if len(raw) > MAX_LINE_CHARS and not raw.endswith(("\n", "\r")):
            while True:  # drop the rest of the line in bounded chunks
                rest = self._text.readline(MAX_LINE_CHARS)
                if not rest or rest.endswith(("\n", "\r")):
                    break
            return _TOO_LONG
        return raw.rstrip("\r\n")

    def items(self) -> Iterator[Item]:
        """Yield every valid row; log every other one with its line number."""
        idx = self.index
        n_cols = len(self.columns)
        i_id, i_pd, i_lu = idx["amazon-order-id"], idx["purchase-date"], idx["last-updated-date"]
        i_st, i_fc = idx["order-status"], idx["fulfillment-channel"]
        i_br = idx.get(BUYER_REQUESTED_COLUMN)
        i_price = idx.get("item-price")
        log = self.log
        try:
            while True:
                line = self._read_line()
                if line is None:
                    return
                n = self._line_no
                log.read += 1
                if line is _TOO_LONG:
                    log.ignore(n, f"line is over {MAX_LINE_CHARS:,} characters")
                    continue
                if not line.strip():
                    log.ignore(n, "blank line")
                    continue
                f = line.split("\t")
                if len(f) != n_cols:
                    log.ignore(n, f"has {len(f)} tab-separated fields where the header has {n_cols}")
                    continue
                reason = None
                oid = f[i_id].strip()
                sf = SELLER_FULFILLED.get(f[i_fc].strip().lower())
                status = f[i_st].strip()
                pd = parse_date(f[i_pd])
                lu = parse_date(f[i_lu])
                br = parse_flag(f[i_br]) if i_br is not None else False
                if not oid or len(oid) > MAX_ID_CHARS or "\x00" in oid:
                    reason = "amazon-order-id is empty" if not oid else "amazon-order-id is not an order id"
                elif pd is None:
                    reason = f"purchase-date {_show(f[i_pd])} is not an ISO 8601 date"
                elif lu is None:
                    reason = f"last-updated-date {_show(f[i_lu])} is not an ISO 8601 date"
                elif (pd.tzinfo is None) != (lu.tzinfo is None):
                    reason = "purchase-date and last-updated-date must both have an offset, or neither"
                elif lu < pd:
                    reason = "last-updated-date is before purchase-date"
                elif not status:
                    reason = "order-status is empty"
                elif sf is None:
                    reason = f"fulfillment-channel {_show(f[i_fc])} is not Merchant, MFN, Amazon or AFN"
                elif br is None:
                    reason = f"{BUYER_REQUESTED_COLUMN} {_show(f[i_br])} is not true/false/yes/no/empty"
                if reason:
                    log.ignore(n, reason)
                    continue
                canon = STATUS_SPELLING.get(status.lower(), status)
                price = None
                if i_price is not None and f[i_price].strip():
                    price = parse_price(f[i_price])
                    if price is None:
                        log.unreadable_prices += 1
                yield Item(n, oid, pd, lu, canon, sf, br, price)
        finally:
            self.close()


_TOO_LONG = "\x00too long\x00"


def _show(value: str) -> str:
    v = value.strip()
    return repr(v if len(v) <= 40 else v[:40] + "...") if v else "(empty)"


def _open_text(source: str | Path | bytes | IO[bytes], label: str) -> io.TextIOBase:
    """A text stream over the report: UTF-8 (BOM or not) or UTF-16 with a BOM."""
    if isinstance(source, (str, Path)):
        try:
            raw: IO[bytes] = open(source, "rb")  # noqa: SIM115 (closed by OrderReport.close)
        except FileNotFoundError:
            raise ReportFileError.single(label, "file not found", "check the path") from None
        except IsADirectoryError:
            raise ReportFileError.single(
                label, "is a folder, not a file", "name a .tsv or .txt report"
            ) from None
        except OSError as exc:
            raise ReportFileError.single(label, f"cannot read file: {exc.strerror}") from None
    elif isinstance(source, (bytes, bytearray)):
        raw = io.BytesIO(source)
    else:
        raw = source
    head = raw.read(4)
    if isinstance(head, str):
        raise TypeError("OrderReport needs a binary stream, a path or bytes")
    encoding = "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    # A stream the caller passed in stays open (an upload may be read again).
    buffered = io.BufferedReader(
        _Prefixed(head, raw, owned=isinstance(source, (str, Path, bytes, bytearray)))
    )
    # errors="replace": product names in a legacy encoding must not sink the report;
    # the columns the replay needs are ASCII.  newline="" keeps CR so we can strip it.
    return io.TextIOWrapper(buffered, encoding=encoding, errors="replace", newline="")


class _Prefixed(io.RawIOBase):
    """Puts back the bytes read to sniff the encoding, for any (even unseekable) stream."""

    def __init__(self, head: bytes, rest: IO[bytes], owned: bool) -> None:
        self._head = head
        self._rest = rest
        self._owned = owned

    def readable(self) -> bool:
        return True

    def readinto(self, buf) -> int:
        if self._head:
            n = min(len(buf), len(self._head))
            buf[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(buf))
        n = len(data)
        buf[:n] = data
        return n

    def close(self) -> None:
        try:
            if self._owned:
                self._rest.close()
        finally:
            super().close()
