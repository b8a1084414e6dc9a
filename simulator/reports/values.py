"""The values in an All Orders report's cells: flags, dates, prices, channels, statuses and order ids.

Each spelling is decided here once; :mod:`simulator.reports.read` uses these row by row and
once per distinct value of a column.  :class:`Batch` is what the reader hands the replay.
"""

from __future__ import annotations

import hashlib
import math
import re
from datetime import datetime
from typing import NamedTuple

import numpy as np

SELLER_FULFILLED = {"merchant": True, "mfn": True, "amazon": False, "afn": False}
FLAGS = {"true": True, "yes": True, "y": True, "1": True, "false": False, "no": False, "n": False, "0": False}
FLAGS[""] = False
CANCELLED_STATUSES = frozenset({"cancelled", "canceled"})
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
# The report's own statuses that the replay reads and the report writer writes.
CANCELED, PENDING = "Canceled", "Pending"
WRITTEN = {"cancelled": "Cancelled", "waiting": "Unshipped", "shipped": "Shipped"}  # Seller Central's words


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


_STATUS_CODES = {"Canceled": 1, "Pending": 2}  # every other status: 0


def _status_code(text: str) -> int:
    status = text.strip()
    return -1 if not status else _STATUS_CODES.get(STATUS_SPELLING.get(status.lower(), status), 0)


def _item_code(text: str) -> int:
    item = text.strip()
    return _STATUS_CODES.get(STATUS_SPELLING.get(item.lower(), item), 0)


def _channel_code(text: str) -> int:
    sf = SELLER_FULFILLED.get(text.strip().lower())
    return -1 if sf is None else int(sf)


def _flag_code(text: str) -> int:
    flag = parse_flag(text)
    return -1 if flag is None else int(flag)


_ID_377 = re.compile(r"^\d{3}-\d{7,8}-\d{7}$")
LONG_ID = 10**18  # 3-8-7 keys sit above every 3-7-7 key (< 10**17), so the two never meet


def order_key(order_id: str) -> int:
    """8-byte key for an order id: exact for 3-7-7 ids (and 3-8-7, which a shop past ten million
    orders a year gets from some tools), a 63-bit hash (negative) otherwise."""
    if _ID_377.match(order_id):
        digits = order_id.replace("-", "")
        return int(digits) + (LONG_ID if len(digits) == 18 else 0)  # < 2 * 10**18 < 2**63
    h = int.from_bytes(hashlib.blake2b(order_id.encode(), digest_size=8).digest(), "big")
    return -1 - (h >> 1)


class Batch(NamedTuple):
    """The valid rows of one stretch of the report, as arrays in file order."""

    line: np.ndarray  # line number in the file (the header is line 1)
    day: np.ndarray  # purchase-date's calendar day, as written (date.toordinal())
    fp: np.ndarray  # order key (order_key)
    seller_fulfilled: np.ndarray
    buyer_requested: np.ndarray
    cancelled: np.ndarray
    seconds: np.ndarray  # ceil of the seconds from purchase to last update
    price: np.ndarray  # item-price, NaN when absent
    item_cancelled: np.ndarray  # item-status Canceled on an order neither Canceled nor Pending
    pending: np.ndarray  # cancelled while Pending: order-status/item-status are Pending/Canceled


def merge(a: Batch, b: Batch) -> Batch:
    """Two batches as one, in line order."""
    order = np.argsort(np.concatenate([a.line, b.line]), kind="stable")
    return Batch(*(np.concatenate([x, y])[order] for x, y in zip(a, b, strict=True)))


def items_batch(items: list) -> Batch:
    """The rows the row-by-row reader took, as a Batch."""
    return Batch(
        np.array([i.line for i in items], np.int64),
        np.array([i.purchase.toordinal() for i in items], np.int64),
        np.array([order_key(i.order_id) for i in items], np.int64),
        np.array([i.seller_fulfilled for i in items], bool),
        np.array([i.buyer_requested for i in items], bool),
        np.array([i.cancelled for i in items], bool),
        np.array([_gap(i) for i in items], np.int64),
        np.array([np.nan if i.price is None else i.price for i in items], np.float64),
        np.array([i.item_cancelled for i in items], bool),
        np.array([i.pending_cancel for i in items], bool),
    )


def _gap(item) -> int:
    """Whole seconds (rounded up) from purchase to last update; 0 without a last-updated-date."""
    return 0 if item.last_updated is None else math.ceil((item.last_updated - item.purchase).total_seconds())
