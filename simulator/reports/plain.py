"""The plain shapes real exports write, checked and read for a whole column at once.

:class:`~simulator.reports.read.OrderReport` hands each block's columns (pyarrow string arrays) to
these: a row is taken in bulk when its fields have the plain shape (``111-1234567-1234567``,
``2024-03-04T09:00:00-08:00``, ``12.34``), and then the values are the ones the row-by-row reader
would give (``datetime.fromisoformat``, ``float``).  Every other row goes back to that reader.
Ids: each value is laid out as a row of a byte matrix, its digits weighed by powers of ten (numpy);
dates and prices: pyarrow's compute functions.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from simulator.reports.values import LONG_ID

_SHORT = [j for j in range(19) if j not in (3, 11)]  # the digits of a 3-7-7 id
_LONG = [j for j in range(20) if j not in (3, 12)]  # and of a 3-8-7 one
_TENS = 10 ** np.arange(18, dtype=np.int64)[::-1]  # a digit's weight, from the last of 18
_EPOCH = 719163  # date(1970, 1, 1).toordinal()
_YEAR_1 = (1 - _EPOCH) * 86400  # 0001-01-01T00:00:00 in seconds from 1970 (pyarrow reads year 0 too)
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


def _number(m: np.ndarray, cols: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """(all are ASCII digits, their value) for the digits at these columns of a byte matrix."""
    digits = m[:, cols] - np.uint8(48)  # a byte that is not a digit wraps past 9
    return np.all(digits <= 9, axis=1), digits.astype(np.int64) @ _TENS[-len(cols) :]


def ids(a: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """(plain, order_key) for 3-7-7 and 3-8-7 ids of ASCII digits."""
    lens, m = _matrix(a, 20)
    ok, value = _number(m, _SHORT)
    ok &= (lens == 19) & (m[:, 3] == 45) & (m[:, 11] == 45)
    if not ok.all():
        long_ok, long_value = _number(m, _LONG)
        long_ok &= (lens == 20) & (m[:, 3] == 45) & (m[:, 12] == 45)
        ok, value = ok | long_ok, np.where(long_ok, long_value + LONG_ID, value)
    return ok, value


def dates(a: pa.Array) -> tuple[np.ndarray, ...]:
    """(plain, day ordinal as written, seconds on one clock, has an offset) for ``YYYY-MM-DDTHH:MM:SS``
    then nothing, ``Z`` or ``+HH:MM`` (the clock is UTC when there is an offset, the written time
    when not, as Python compares them).  pyarrow's ISO 8601 parser checks every field's range; the
    offset is read from its bytes to give the day as written, which must be in year 1 or after."""
    lens, m = _matrix(a, 25)
    aware, zone, sign = lens != 19, lens == 25, m[:, 19]
    ok = (
        (lens == 19)
        | ((lens == 20) & (sign == 90))
        | (zone & ((sign == 43) | (sign == 45)) & (m[:, 22] == 58))
    )
    hh_mm = (m[:, [20, 21, 23, 24]].astype(np.int64) - 48) @ np.array([36000, 3600, 600, 60])
    offset = np.where(zone, np.where(sign == 45, -hh_mm, hh_mm), 0)  # "-" is 45, "+" 43
    if aware.all() or not aware.any():  # the usual case: one kind in the whole block
        ok_t, seconds = _cast(a, _CLOCKS[bool(aware.any())], np.int64)
    else:
        ok_t, seconds = np.zeros(len(a), bool), np.zeros(len(a), np.int64)
        for kind in (False, True):
            rows = aware == kind
            ok_t[rows], seconds[rows] = _cast(a.filter(pa.array(rows)), _CLOCKS[kind], np.int64)
    written = seconds + offset
    return ok & ok_t & (written >= _YEAR_1), written // 86400 + _EPOCH, seconds, aware


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
