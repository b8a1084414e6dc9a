"""The values in an All Orders report's cells: flags, dates, prices, channels and statuses.

Each spelling is decided here once; :mod:`simulator.reports.read` (row by row) and
:class:`~simulator.reports.columns.Categories` (once per distinct value) both use these.
"""

from __future__ import annotations

import math
from datetime import datetime

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
