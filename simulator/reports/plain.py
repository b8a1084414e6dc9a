"""The plain shapes real exports write, checked and read for a whole column at once.

:class:`~simulator.reports.read.OrderReport` hands each block's columns (pyarrow string arrays) to
these: a row is taken in bulk when its fields have the plain shape (``111-1234567-1234567``,
``2024-03-04T09:00:00-08:00``, ``12.34``), and then the values are the ones the row-by-row reader
would give (``datetime.fromisoformat``, ``float``).  Every other row goes back to that reader.
Ids: each value is laid out as a row of a byte matrix, digits read two at a time through a table
(numpy); dates and prices: pyarrow's compute functions.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from simulator.reports.values import LONG_ID

_NO = 255  # not a digit (or not two)
_DIGIT = np.full(256, _NO, np.uint8)
_DIGIT[48:58] = np.arange(10)
_PAIR = np.full(1 << 16, _NO, np.uint8)  # two bytes, as a little-endian uint16 -> their value 0-99
_PAIR[(np.arange(48, 58)[:, None] | np.arange(48, 58)[None, :] << 8).ravel()] = np.arange(100)
_EPOCH = 719163  # date(1970, 1, 1).toordinal()
_CLOCKS = {False: pa.timestamp("s"), True: pa.timestamp("s", "UTC")}  # no offset / an offset, in UTC


def _matrix(a: pa.Array, width: int) -> tuple[np.ndarray, np.ndarray]:
    """(each value's length in bytes, its first ``width`` bytes as a matrix row, zero past its end)."""
    off = np.frombuffer(a.buffers()[1], np.int32)[a.offset : a.offset + len(a) + 1].astype(np.int64)
    buf = a.buffers()[2]
    data = np.frombuffer(buf, np.uint8)[: off[-1]] if buf is not None else np.zeros(0, np.uint8)
    lens = np.diff(off)
    if lens.size and (lens == lens[0]).all() and 0 < lens[0] <= width:  # the usual case: one width
        m = data[off[0] :].reshape(-1, lens[0])
        return lens, m if lens[0] == width else np.pad(m, ((0, 0), (0, width - lens[0])))
    pos = off[:-1, None] + np.arange(width)
    inside = pos < off[1:, None]
    data = np.concatenate([data, np.zeros(1, np.uint8)])  # index 0 past the end stays in bounds
    return lens, np.where(inside, data[np.where(inside, pos, 0)], 0).astype(np.uint8)


def _pairs(m: np.ndarray, at: list[int]) -> np.ndarray:
    """Column j: the value of the two digits at bytes ``at[j]`` and the next of each row (``_NO`` if not)."""
    w = m.shape[1]
    even, odd = m[:, : w // 2 * 2].view("<u2"), m[:, 1 : 1 + (w - 1) // 2 * 2].view("<u2")
    return np.stack([np.take(_PAIR, (odd if k % 2 else even)[:, k // 2]) for k in at], axis=1)


def _number(m: np.ndarray, cols: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """(all are ASCII digits, their value) for the digits at these columns of a byte matrix."""
    ok, value, i = np.ones(len(m), bool), np.zeros(len(m), np.int64), 0
    while i < len(cols):
        two = i + 1 < len(cols) and cols[i + 1] == cols[i] + 1
        d = _pairs(m, [cols[i]])[:, 0] if two else np.take(_DIGIT, m[:, cols[i]])
        ok &= d != _NO
        value = value * (100 if two else 10) + d
        i += 2 if two else 1
    return ok, value


def ids(a: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """(plain, order_key) for 3-7-7 and 3-8-7 ids of ASCII digits."""
    lens, m = _matrix(a, 20)
    ok, value = _number(m, [j for j in range(19) if j not in (3, 11)])
    ok &= (lens == 19) & (m[:, 3] == 45) & (m[:, 11] == 45)
    if not ok.all():
        long_ok, long_value = _number(m, [j for j in range(20) if j not in (3, 12)])
        long_ok &= (lens == 20) & (m[:, 3] == 45) & (m[:, 12] == 45)
        ok, value = ok | long_ok, np.where(long_ok, long_value + LONG_ID, value)
    return ok, value


def dates(a: pa.Array) -> tuple[np.ndarray, ...]:
    """(plain, day ordinal as written, seconds on one clock, has an offset) for ``YYYY-MM-DDTHH:MM:SS``
    then nothing, ``Z`` or ``+HH:MM`` (the clock is UTC when there is an offset, the written time
    when not, as Python compares them).  pyarrow's ISO 8601 parser checks every field's range."""
    lens = column(pc.binary_length(a), np.int32)
    aware = lens != 19
    ok, day = _cast(pc.utf8_slice_codeunits(a, 0, 10), pa.date32(), np.int32)
    ok &= (day > -_EPOCH) & ((lens == 19) | (lens == 20) | (lens == 25))
    seconds = np.zeros(len(a), np.int64)
    for offset in (False, True):
        if (rows := aware == offset).any():
            some = a if rows.all() else a.filter(pa.array(rows))
            ok[rows] &= (got := _cast(some, _CLOCKS[offset], np.int64))[0]
            seconds[rows] = got[1]
    return ok, day.astype(np.int64) + _EPOCH, seconds, aware


def _cast(a: pa.Array, to: pa.DataType, dtype: type) -> tuple[np.ndarray, np.ndarray]:
    """(cast, value) of each value: halves an array pyarrow refuses until each refused value is alone."""
    try:
        return np.ones(len(a), bool), column(pc.cast(a, to), dtype)
    except pa.ArrowInvalid:
        if len(a) == 1:
            return np.zeros(1, bool), np.zeros(1, dtype)
        halves = [_cast(a.slice(i, j), to, dtype) for i, j in ((0, len(a) // 2), (len(a) // 2, len(a)))]
        return np.concatenate([halves[0][0], halves[1][0]]), np.concatenate([halves[0][1], halves[1][1]])


def prices(a: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """(plain, value): empty (NaN), or 1-9 digits with an optional 1- or 2-digit fraction after a dot
    (pyarrow's float parser rounds them as ``float`` does)."""
    plain = pc.match_substring_regex(a, r"^\d{1,9}(\.\d{1,2})?$")
    ok, price = column(pc.cast(plain, pa.uint8()), np.uint8) == 1, np.full(len(a), np.nan)
    price[ok] = column(pc.cast(a.filter(plain), pa.float64()), np.float64)
    return ok | (column(pc.utf8_length(a), np.int32) == 0), price


def column(a: pa.Array, dtype: type) -> np.ndarray:
    """The values of an array without nulls (from its buffer: ``to_numpy`` would load pandas, 60 MB).

    No Python value goes to pyarrow here either: converting one loads pandas too."""
    return np.frombuffer(a.buffers()[1], dtype)[a.offset :][: len(a)] if len(a) else np.zeros(0, dtype)
