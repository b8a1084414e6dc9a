"""Vectorised parsing of a block of report lines (numpy over the raw UTF-8 bytes).

:class:`~simulator.reports.read.OrderReport` cuts the file into blocks of whole lines;
this module finds the lines and tabs of a block and reads the columns the replay needs
for every row at once.  It is a *fast path*: a row is taken here only when each of its
fields has the plain shape real exports write (``111-1234567-1234567``,
``2024-03-04T09:00:00-08:00``, ``Shipped``, ``12.34`` ...), and then the values are the
ones the row-by-row reader would give (``datetime.fromisoformat``, ``float``).  Every other
row (a bad one, or an unusual but valid spelling) goes back to the row-by-row reader,
which decides it exactly as before and gives the reason when it is set aside.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from typing import NamedTuple

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

_ID_377 = re.compile(r"^\d{3}-\d{7,8}-\d{7}$")
_LONG_ID = 10**18  # 3-8-7 keys sit above every 3-7-7 key (< 10**17), so the two never meet
_DAYS_BEFORE_MONTH = np.array([0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334], np.int64)
_DAYS_IN_MONTH = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], np.int64)
US = 1_000_000
PAD = 32  # >= the widest gather


class Batch(NamedTuple):
    """The valid rows of one block, as arrays in file order."""

    line: np.ndarray  # line number in the file (the header is line 1)
    day: np.ndarray  # purchase-date's calendar day, as written (date.toordinal())
    fp: np.ndarray  # order key (columns.order_key)
    seller_fulfilled: np.ndarray
    buyer_requested: np.ndarray
    cancelled: np.ndarray
    seconds: np.ndarray  # ceil of the seconds from purchase to last update
    price: np.ndarray  # item-price, NaN when absent
    item_cancelled: np.ndarray  # item-status Canceled on an order neither Canceled nor Pending
    pending: np.ndarray  # cancelled while Pending: order-status/item-status are Pending/Canceled


def order_key(order_id: str) -> int:
    """8-byte key for an order id: exact for 3-7-7 ids (and 3-8-7, which a shop past ten million
    orders a year gets from some tools), a 63-bit hash (negative) otherwise."""
    if _ID_377.match(order_id):
        digits = order_id.replace("-", "")
        return int(digits) + (_LONG_ID if len(digits) == 18 else 0)  # < 2 * 10**18 < 2**63
    h = int.from_bytes(hashlib.blake2b(order_id.encode(), digest_size=8).digest(), "big")
    return -1 - (h >> 1)


def split_lines(b: np.ndarray, at_eof: bool, has_cr: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """(start, end) of every line of ``b``; ``end`` excludes the line end (LF, CRLF or a lone CR).

    ``has_cr=False`` (the caller found no CR byte, e.g. with ``bytes.find``) skips that pass.
    """
    ends = np.flatnonzero(b == 10)
    content_end = ends
    cr = np.flatnonzero(b == 13) if has_cr else ends[:0]
    if cr.size:
        after = cr + 1
        crlf = after < b.size
        crlf[crlf] = b[after[crlf]] == 10
        ends = np.sort(np.concatenate([ends, cr[~crlf]]))
        content_end = ends.copy()
        before_lf = (b[ends] == 10) & (ends > 0)
        before_lf[before_lf] = b[ends[before_lf] - 1] == 13
        content_end[before_lf] -= 1
    starts = np.empty(ends.size, np.int64)
    starts[:1] = 0
    starts[1:] = ends[:-1] + 1
    tail = int(ends[-1]) + 1 if ends.size else 0
    if at_eof and tail < b.size:  # a last line without a line end
        starts = np.append(starts, tail)
        content_end = np.append(content_end, b.size)
    return starts, content_end


class Fields:
    """Where each column of each line starts and ends, for lines with the header's number of fields."""

    def __init__(self, b: np.ndarray, starts: np.ndarray, ends: np.ndarray, n_cols: int) -> None:
        self.tabs = np.flatnonzero(b == 9)
        self.first_tab = np.searchsorted(self.tabs, starts)
        self.counts = np.searchsorted(self.tabs, ends) - self.first_tab
        self.starts, self.ends, self.n_cols = starts, ends, n_cols

    def bounds(self, rows: np.ndarray, col: int) -> tuple[np.ndarray, np.ndarray]:
        lo = self.first_tab[rows]
        s = self.starts[rows] if col == 0 else self.tabs[lo + (col - 1)] + 1
        e = self.ends[rows] if col == self.n_cols - 1 else self.tabs[lo + col]
        return s, e


def _gather(b: np.ndarray, s: np.ndarray, width: int) -> np.ndarray:
    """(rows, width) bytes from each start; ``b`` carries :data:`PAD` zero bytes past the block."""
    return sliding_window_view(b, width)[s]


def padded(b: np.ndarray) -> np.ndarray:
    """The block with PAD zero bytes after it, so that every gather stays inside."""
    out = np.zeros(b.size + PAD, np.uint8)
    out[: b.size] = b
    return out


def _digits(m: np.ndarray, cols: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """(all are ASCII digits, their value) for the given columns of a gathered matrix."""
    d = m[:, cols] - np.uint8(48)  # uint8 wraps: a byte below '0' becomes large
    ok: np.ndarray = np.all(d <= 9, axis=1)
    return ok, d.astype(np.int64) @ _POW10[-len(cols) :]  # exact: at most 18 digits


_POW10 = 10 ** np.arange(17, -1, -1, dtype=np.int64)
_DATE_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 23, 24]
_DATE_SEPS = (np.array([4, 7, 10, 13, 16]), np.frombuffer(b"--T::", np.uint8))


def parse_ids(b: np.ndarray, s: np.ndarray, e: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(fast, order_key): fast for plain ASCII 3-7-7 and 3-8-7 ids (the key is :func:`order_key`'s)."""
    m = _gather(b, s, 20)
    ok, value = _digits(m, [j for j in range(19) if j not in (3, 11)])
    ok &= (e - s == 19) & (m[:, 3] == 45) & (m[:, 11] == 45)
    long_ok, long_value = _digits(m, [j for j in range(20) if j not in (3, 12)])
    long_ok &= (e - s == 20) & (m[:, 3] == 45) & (m[:, 12] == 45)
    return ok | long_ok, np.where(long_ok, long_value + _LONG_ID, value)


def parse_dates(b: np.ndarray, s: np.ndarray, e: np.ndarray) -> tuple[np.ndarray, ...]:
    """(fast, day ordinal, microseconds on one clock, has an offset) for ``YYYY-MM-DDTHH:MM:SS``
    followed by nothing, ``Z`` or ``+HH:MM``/``-HH:MM``, with every field in range.

    The day is the calendar date as written (``date.toordinal()``); the clock is UTC when
    there is an offset, the written time when there is none (as Python compares them).
    """
    n = e - s
    m = _gather(b, s, 25)
    dm = m[:, _DATE_DIGITS] - np.uint8(48)  # uint8 wraps: a byte below '0' becomes large
    digit = dm <= 9
    v = dm.astype(np.int64)
    ok = digit[:, :14].all(axis=1)
    y = v[:, 0] * 1000 + v[:, 1] * 100 + v[:, 2] * 10 + v[:, 3]
    mo, d, h, mi, sec, oh, om = (v[:, j] * 10 + v[:, j + 1] for j in range(4, 18, 2))
    ok &= (m[:, _DATE_SEPS[0]] == _DATE_SEPS[1]).all(axis=1)
    zulu = (n == 20) & (m[:, 19] == 90)
    sign = np.where(m[:, 19] == 45, -1, 1)
    offset = (n == 25) & ((m[:, 19] == 43) | (m[:, 19] == 45)) & digit[:, 14:].all(axis=1) & (m[:, 22] == 58)
    offset &= (oh <= 23) & (om <= 59)
    ok &= (n == 19) | zulu | offset
    leap = ((y % 4 == 0) & (y % 100 != 0)) | (y % 400 == 0)
    mo_c = np.clip(mo, 1, 12)
    month_days = _DAYS_IN_MONTH[mo_c] + ((mo_c == 2) & leap)
    ok &= (y >= 1) & (mo >= 1) & (mo <= 12) & (d >= 1) & (d <= month_days)
    ok &= (h <= 23) & (mi <= 59) & (sec <= 59)
    y1 = y - 1
    day = y1 * 365 + y1 // 4 - y1 // 100 + y1 // 400 + _DAYS_BEFORE_MONTH[mo_c] + ((mo_c > 2) & leap) + d
    off_s = np.where(offset, sign * (oh * 3600 + om * 60), 0)
    clock = (day * 86400 + h * 3600 + mi * 60 + sec - off_s) * US
    return ok, day, clock, n != 19


def parse_prices(b: np.ndarray, s: np.ndarray, e: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(fast, value): empty (NaN), or 1-9 digits with an optional 1- or 2-digit fraction after a dot.

    ``N / 10**k`` of exact integers is correctly rounded, so it equals ``float(text)``.
    """
    n = e - s
    width = 12
    m = _gather(b, s, width)
    inside = np.arange(width)[None, :] < n[:, None]
    dig = (m >= 48) & (m <= 57) & inside
    dot = (m == 46) & inside
    n_dots = dot.sum(axis=1)
    dot_at = np.where(n_dots == 1, dot.argmax(axis=1), n)
    frac = np.where(n_dots == 1, n - dot_at - 1, 0)
    ok = (n <= width) & (dig | dot | ~inside).all(axis=1) & (n_dots <= 1)
    ok &= (dot_at >= 1) & (dot_at <= 9) & ((n_dots == 0) | (frac == 1) | (frac == 2))
    value = np.zeros(len(m), np.int64)
    d = m.astype(np.int64) - 48
    for j in range(width):
        value = np.where(dig[:, j], value * 10 + d[:, j], value)
    price = value / np.array([1.0, 10.0, 100.0])[np.clip(frac, 0, 2)]
    empty = n == 0
    return ok | empty, np.where(empty, np.nan, price)


_KEEP = np.tri(17, 16, -1, dtype=np.uint8) * np.uint8(255)  # row k: 255 in the first k bytes


class Categories:
    """Codes for a column with few distinct values, each distinct value decided once in Python.

    ``decide(text) -> code`` (>= 0, or -1 for "let the row-by-row reader decide").  Values
    are matched by their bytes (length and up to 16 bytes, via a 64-bit hash checked exactly);
    longer or never-seen values past :attr:`cap` are decided per row: still exact, just slower.
    """

    WIDTH = 16

    def __init__(self, decide: Callable[[str], int], cap: int = 4096) -> None:
        self.decide = decide
        self.cap = cap
        self.known: dict[tuple[int, ...], int] = {}  # (length, word, word)
        self._table: tuple[np.ndarray, ...] | None = None

    def _keys(self, b: np.ndarray, s: np.ndarray, e: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        n = e - s
        m = _gather(b, s, self.WIDTH) & _KEEP[np.minimum(n, self.WIDTH)]  # zero the bytes past the value
        words = np.ascontiguousarray(m).view("<u8").reshape(len(m), 2)
        return n, words

    @staticmethod
    def _hash(n: np.ndarray, words: np.ndarray) -> np.ndarray:
        with np.errstate(over="ignore"):
            h = words[:, 0] * np.uint64(0x9E3779B97F4A7C15)
            h ^= words[:, 1] * np.uint64(0xC2B2AE3D27D4EB4F)
            h ^= n.astype(np.uint64)
        return h

    def _rebuild(self) -> None:
        keys = np.array(list(self.known), np.uint64).reshape(-1, 3)
        codes = np.array(list(self.known.values()), np.int64)
        h = self._hash(keys[:, 0].astype(np.int64), keys[:, 1:])
        order = np.argsort(h, kind="stable")
        self._table = (h[order], keys[order], codes[order])

    def codes(self, b: np.ndarray, raw: bytes, s: np.ndarray, e: np.ndarray) -> np.ndarray:
        """One code per row; ``b`` is padded, ``raw`` the block's bytes (to decode new values)."""
        n, words = self._keys(b, s, e)
        h = self._hash(n, words)
        out = np.full(len(n), -1, np.int64)
        unknown = np.ones(len(n), bool)
        if self._table is not None and len(n):
            th, tk, tc = self._table
            pos = np.minimum(np.searchsorted(th, h), len(th) - 1)
            key = tk[pos]
            hit = (th[pos] == h) & (key[:, 0] == n.astype(np.uint64)) & (key[:, 1:] == words).all(axis=1)
            out[hit] = tc[pos[hit]]
            unknown = ~hit
        if not unknown.any():
            return out
        ui = np.flatnonzero(unknown & (n <= self.WIDTH))
        _, first, inv = np.unique(h[ui], return_index=True, return_inverse=True)
        reps = ui[first]
        same = (n[ui] == n[reps][inv]) & (words[ui] == words[reps][inv]).all(axis=1)
        rep_codes = np.array([self._decide(raw, s, e, i) for i in reps.tolist()], np.int64)
        out[ui[same]] = rep_codes[inv[same]]
        unknown[ui[same]] = False
        for i in np.flatnonzero(unknown).tolist():  # long values and hash collisions: one by one
            out[i] = self._decide(raw, s, e, i)
        grew = False
        for i, code in zip(reps.tolist(), rep_codes.tolist(), strict=True):
            key3 = (int(n[i]), *(int(w) for w in words[i]))
            if len(self.known) < self.cap and key3 not in self.known:
                self.known[key3] = code
                grew = True
        if grew:
            self._rebuild()
        return out

    def _decide(self, raw: bytes, s: np.ndarray, e: np.ndarray, i: int) -> int:
        return self.decide(raw[int(s[i]) : int(e[i])].decode("utf-8", "replace"))


def plain_rows(
    raw: bytes,
    b: np.ndarray,
    starts: np.ndarray,
    ends: np.ndarray,
    first: int,
    n_cols: int,
    idx: dict[str, int],
    cats: tuple[Categories, Categories, Categories, Categories],
    max_bytes: int,
) -> tuple[np.ndarray, Batch]:
    """(rows taken, their Batch): the lines of ``n_cols`` fields, at most ``max_bytes`` long, whose
    every field has the plain shape; ``idx`` gives each column's position."""
    st_cat, ch_cat, flag_cat, item_cat = cats
    fields = Fields(b, starts, ends, n_cols)
    rows = np.flatnonzero((fields.counts == n_cols - 1) & (ends - starts <= max_bytes))
    b = padded(b)

    def at(name: str) -> tuple[np.ndarray, np.ndarray]:
        return fields.bounds(rows, idx[name])

    ok, fp = parse_ids(b, *at("amazon-order-id"))
    ok_p, day, t_p, aware_p = parse_dates(b, *at("purchase-date"))
    ok_l, t_l, aware_l = ok_p, t_p, aware_p  # no last-updated-date: no gap (and no inference)
    if "last-updated-date" in idx:
        ok_l, _, t_l, aware_l = parse_dates(b, *at("last-updated-date"))
    status = st_cat.codes(b, raw, *at("order-status"))
    channel = ch_cat.codes(b, raw, *at("fulfillment-channel"))
    ok &= ok_p & ok_l & (aware_p == aware_l) & (t_l >= t_p) & (status >= 0) & (channel >= 0)
    br = np.zeros(rows.size, np.int64)
    if "is-buyer-requested-cancellation" in idx:
        br = flag_cat.codes(b, raw, *at("is-buyer-requested-cancellation"))
        ok &= br >= 0
    item = (
        item_cat.codes(b, raw, *at("item-status")) if "item-status" in idx else np.zeros(rows.size, np.int64)
    )
    ok &= item >= 0
    price = np.full(rows.size, np.nan)
    if "item-price" in idx:
        ok_price, price = parse_prices(b, *at("item-price"))
        ok &= ok_price
    seconds = -((t_p - t_l) // US)  # whole seconds here, so exact
    taken = rows[ok]
    sf, requested, cancelled = channel[ok] == 1, br[ok] == 1, status[ok] == 1
    st, it = status[ok], item[ok]
    item_cancelled, pending = (it == 1) & (st == 0), ((st == 2) & (it == 1)) | ((st == 1) & (it == 2))
    batch = Batch(
        first + taken,
        day[ok],
        fp[ok],
        sf,
        requested,
        cancelled,
        seconds[ok],
        price[ok],
        item_cancelled,
        pending,
    )
    return taken, batch


def merge(a: Batch, b: Batch) -> Batch:
    """Two batches as one, in line order."""
    order = np.argsort(np.concatenate([a.line, b.line]), kind="stable")
    return Batch(*(np.concatenate([x, y])[order] for x, y in zip(a, b, strict=True)))
