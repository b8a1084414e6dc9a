"""The plain shapes real exports write, checked and read for a whole column at once with numpy.

:class:`~simulator.reports.read.OrderReport` hands each block's columns (pyarrow string arrays) to
these: a row is taken in bulk when its fields have the plain shape (``111-1234567-1234567``,
``2024-03-04T09:00:00-08:00``, ``12.34``), and then the values are the ones the row-by-row reader
would give (``datetime.fromisoformat``, ``float``).  Every other row goes back to that reader.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from simulator.reports.values import LONG_ID

_DAYS_BEFORE_MONTH = np.array([0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334], np.int64)
_DAYS_IN_MONTH = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], np.int64)
_FIELDS = np.zeros((25, 8), np.float32)  # a date's bytes -> year, month, day, h, m, s, offset h, offset m
for _k, _at in enumerate((0, 5, 8, 11, 14, 17, 20, 23)):
    _FIELDS[_at : _at + (4 if _k == 0 else 2), _k] = [1000, 100, 10, 1] if _k == 0 else [10, 1]


def _fixed(a: pa.Array, width: int) -> tuple[np.ndarray, np.ndarray]:
    """(each value's length in bytes, its first ``width`` bytes as a matrix row, zero past its end)."""
    off = np.frombuffer(a.buffers()[1], np.int32)[a.offset : a.offset + len(a) + 1].astype(np.int64)
    buf = a.buffers()[2]
    data = np.frombuffer(buf, np.uint8)[: off[-1]] if buf is not None else np.zeros(0, np.uint8)
    lens = np.diff(off)
    if lens.size and (lens == lens[0]).all() and 0 < lens[0] <= width:  # the usual case: one width
        m = data[off[0] :].reshape(-1, lens[0])
        if lens[0] == width:
            return lens, m
        out = np.zeros((len(m), width), np.uint8)
        out[:, : lens[0]] = m
        return lens, out
    pos = off[:-1, None] + np.arange(width)
    inside = pos < off[1:, None]
    return lens, np.where(inside, data[np.where(inside, pos, 0)] if data.size else 0, 0).astype(np.uint8)


def _digits(m: np.ndarray, cols: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """(all are ASCII digits, their value) for the given columns of a byte matrix."""
    d = m[:, cols] - np.uint8(48)  # uint8 wraps: a byte below '0' becomes large
    ok = np.asarray((d <= 9).all(axis=1))
    return ok, d.astype(np.int64) @ (10 ** np.arange(len(cols) - 1, -1, -1, dtype=np.int64))


def ids(a: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """(plain, order_key) for 3-7-7 and 3-8-7 ids of ASCII digits."""
    lens, m = _fixed(a, 20)
    ok, value = _digits(m, [j for j in range(19) if j not in (3, 11)])
    ok &= (lens == 19) & (m[:, 3] == 45) & (m[:, 11] == 45)
    long_ok, long_value = _digits(m, [j for j in range(20) if j not in (3, 12)])
    long_ok &= (lens == 20) & (m[:, 3] == 45) & (m[:, 12] == 45)
    return ok | long_ok, np.where(long_ok, long_value + LONG_ID, value)


def dates(a: pa.Array) -> tuple[np.ndarray, ...]:
    """(plain, day ordinal as written, seconds on one clock, has an offset) for ``YYYY-MM-DDTHH:MM:SS``
    then nothing, ``Z`` or ``+HH:MM``, every field in range (the clock is UTC when there is an offset,
    the written time when not, as Python compares them)."""
    lens, m = _fixed(a, 25)
    d = m - np.uint8(48)  # uint8 wraps: a byte below '0' becomes large
    digit = d <= 9
    y, mo, dd, h, mi, s, oh, om = (d.astype(np.float32) @ _FIELDS).astype(np.int64).T  # exact: < 2**24
    ok = digit[:, [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18]].all(axis=1)
    ok &= (m[:, [4, 7, 10, 13, 16]] == np.frombuffer(b"--T::", np.uint8)).all(axis=1)
    sign = np.where(m[:, 19] == 45, -1, 1)
    zone = (lens == 25) & ((m[:, 19] == 43) | (m[:, 19] == 45)) & digit[:, [20, 21, 23, 24]].all(axis=1)
    zone &= (m[:, 22] == 58) & (oh <= 23) & (om <= 59)
    ok &= (lens == 19) | ((lens == 20) & (m[:, 19] == 90)) | zone
    leap = ((y % 4 == 0) & (y % 100 != 0)) | (y % 400 == 0)
    mo_c = np.clip(mo, 1, 12)
    ok &= (y >= 1) & (mo >= 1) & (mo <= 12) & (dd >= 1) & (h <= 23) & (mi <= 59) & (s <= 59)
    ok &= dd <= _DAYS_IN_MONTH[mo_c] + ((mo_c == 2) & leap)
    y1 = y - 1
    day = y1 * 365 + y1 // 4 - y1 // 100 + y1 // 400 + _DAYS_BEFORE_MONTH[mo_c] + ((mo_c > 2) & leap) + dd
    clock = day * 86400 + h * 3600 + mi * 60 + s - np.where(zone, sign * (oh * 3600 + om * 60), 0)
    return ok, day, clock, lens != 19


def prices(a: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """(plain, value): empty (NaN), or 1-9 digits with an optional 1- or 2-digit fraction after a dot.

    Read byte by byte over the column's buffer (no matrix: the lengths vary).  The digits, as one
    exact integer, over ``10**k``: correctly rounded, so it equals ``float(text)``."""
    off = np.frombuffer(a.buffers()[1], np.int32)[a.offset : a.offset + len(a) + 1].astype(np.int64)
    buf = a.buffers()[2]
    data = np.frombuffer(buf, np.uint8)[off[0] : off[-1]] if buf is not None else np.zeros(0, np.uint8)
    start, end, lens = off[:-1] - off[0], off[1:] - off[0], np.diff(off)
    dig, dot = (data >= 48) & (data <= 57), data == 46

    def per_row(x: np.ndarray) -> np.ndarray:  # the sum of x over each value's bytes
        cs = np.concatenate(([0], np.cumsum(x)))
        return cs[end] - cs[start]

    n_dots = per_row(dot)
    dot_at = np.where(n_dots == 1, per_row(np.where(dot, np.arange(data.size), 0)) - start, lens)
    frac = np.where(n_dots == 1, lens - dot_at - 1, 0)
    ok = (per_row(dig) + n_dots == lens) & (n_dots <= 1) & (dot_at >= 1) & (dot_at <= 9)
    ok &= (n_dots == 0) | (frac == 1) | (frac == 2)
    row = np.repeat(np.arange(len(lens)), lens)
    after = np.concatenate(([0], np.cumsum(dig)))
    after = after[end][row] - after[1:]  # digits to the right of each byte, in its value
    weight = np.where(dig, (data.astype(np.float64) - 48) * 10.0 ** np.minimum(after, 30), 0)
    value = np.bincount(row, weights=weight, minlength=len(lens))  # exact below 2**53: 11 digits
    price = value / np.array([1.0, 10.0, 100.0])[np.clip(frac, 0, 2)]
    return ok | (lens == 0), np.where(lens == 0, np.nan, price)
