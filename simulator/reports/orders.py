"""Count each order once, by ``amazon-order-id``, in bounded memory and linear time for any row order.

Rows arrive as arrays (purchase day, order key, flags).  A purchase day is
*open* while it is within :data:`OPEN_DAYS` days of the newest day seen; its rows wait in
memory.  When it closes, its rows are folded to one record per order (the flags OR-ed)
and handed to a :class:`_Store`.  A row whose day has already closed (a *late* row) is
handed to the store as it is: nothing is looked up or inserted per row, so no order of
rows is slower than another.  The store keeps records in memory up to
:data:`SPILL_RECORDS`; beyond that it appends them, split by order_key into
:data:`PARTITIONS` files, to a temporary folder.  At the end each partition is sorted once
and every order is counted on its first purchase day with the flags of all its rows, so
an id seen on several days is counted once (``merged_across_days`` counts the others).
Peak memory is the open days' rows, the store's buffer and one partition.
"""

from __future__ import annotations

import os
import shutil
import tempfile

import numpy as np

from simulator.reports.values import order_key

OPEN_DAYS = 3
N_FLAGS = 64  # the replay's six flag bits (simulator.reports.replay)
SPILL_RECORDS = 1 << 17  # ~1.7 MB of records kept in memory before the store writes to disk
PARTITIONS = 64
MAX_ORDINAL = 3_652_059  # date(9999, 12, 31).toordinal()
RECORD = np.dtype([("fp", "<i8"), ("day", "<i4"), ("flags", "u1")])


def _fold(fp: np.ndarray, flags: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One entry per distinct order_key, the flags OR-ed."""
    order = np.argsort(fp, kind="stable")
    fp, flags = fp[order], flags[order]
    if fp.size < 2:
        return fp, flags
    starts = np.flatnonzero(np.concatenate(([True], fp[1:] != fp[:-1])))
    return fp[starts], np.bitwise_or.reduceat(flags, starts)


class _Store:
    """Records (order_key, day, flags) of closed days, spilled to partition files when many."""

    def __init__(self) -> None:
        self.buffer: list[np.ndarray] = []
        self.buffered = 0
        self.folder: str | None = None
        self.work = 0

    def add(self, fp: np.ndarray, day: int | np.ndarray, flags: np.ndarray) -> None:
        rec = np.empty(fp.size, RECORD)
        rec["fp"], rec["day"], rec["flags"] = fp, day, flags
        self.buffer.append(rec)
        self.buffered += rec.size
        self.work += rec.size
        if self.buffered > SPILL_RECORDS:
            self._spill()

    def _spill(self) -> None:
        if self.folder is None:
            self.folder = tempfile.mkdtemp(prefix="cancel_desk_replay_")
        rec = np.concatenate(self.buffer)
        self.buffer, self.buffered = [], 0
        part = rec["fp"] % PARTITIONS
        order = np.argsort(part, kind="stable")
        rec, part = rec[order], part[order]
        cuts = np.searchsorted(part, np.arange(PARTITIONS + 1))
        for p in range(PARTITIONS):
            if cuts[p + 1] > cuts[p]:
                with open(os.path.join(self.folder, f"{p}.bin"), "ab") as fh:
                    rec[cuts[p] : cuts[p + 1]].tofile(fh)
        self.work += rec.size

    def partitions(self):
        """Every record, one partition at a time (all in one piece when nothing was spilled)."""
        if self.folder is None:
            if self.buffer:
                yield np.concatenate(self.buffer)
            return
        if self.buffer:
            self._spill()
        for p in range(PARTITIONS):
            path = os.path.join(self.folder, f"{p}.bin")
            if os.path.exists(path):
                yield np.fromfile(path, RECORD)

    def close(self) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None
        self.buffer, self.buffered = [], 0


class _OpenDay:
    __slots__ = ("flags", "fps", "pending", "rows")

    def __init__(self) -> None:
        self.fps: list[np.ndarray] = []
        self.flags: list[np.ndarray] = []
        self.pending: list[tuple[int, int]] = []  # slices of the batch being added
        self.rows = 0


class OrderCounter:
    """Counts each order once per unique amazon-order-id; per-row state only for open days.

    ``work`` counts the array elements and runs of rows the counter handled: it grows
    linearly with the rows, whatever their order (a test holds it to that).
    """

    def __init__(self, open_days: int = OPEN_DAYS) -> None:
        self.open_days = open_days
        self.open: dict[int, _OpenDay] = {}
        self._closed = np.zeros(MAX_ORDINAL + 2, bool)  # 3.6 MB, touched only where days are
        self._store = _Store()
        self.late_rows = 0
        self.merged_across_days = 0
        self.peak_open_orders = 0
        self.first_day: int | None = None
        self.last_day: int | None = None
        self.runs = 0

    @property
    def work(self) -> int:
        return self._store.work + self.runs

    def add(self, day: int, order_id: str, flags: int) -> None:
        """One row (the batch form, :meth:`add_batch`, is the fast one)."""
        self.add_batch(
            np.array([day], np.int64),
            np.array([order_key(order_id)], np.int64),
            np.array([flags], np.uint8),
        )

    def add_batch(self, days: np.ndarray, fps: np.ndarray, flags: np.ndarray) -> None:
        """Rows in file order: purchase day ordinals, order order keys, flag sets."""
        if days.size == 0:
            return
        lo, hi = int(days.min()), int(days.max())
        self.first_day = lo if self.first_day is None else min(self.first_day, lo)
        self.last_day = hi if self.last_day is None else max(self.last_day, hi)
        cuts = np.flatnonzero(days[1:] != days[:-1]) + 1
        bounds = np.concatenate(([0], cuts, [days.size])).tolist()
        run_days = days[bounds[:-1]].tolist()
        late: list[tuple[int, int]] = []
        batch = (fps, flags)
        self.runs += len(run_days)
        for day, a, b in zip(run_days, bounds[:-1], bounds[1:], strict=True):
            od = self.open.get(day)
            if od is None:
                if self._closed[day]:
                    late.append((a, b))
                    self.late_rows += b - a
                    continue
                # A new purchase day: close the days far from it, whichever way the report is sorted.
                for d in [d for d in self.open if abs(d - day) >= self.open_days]:
                    self._close(d, batch)
                od = self.open[day] = _OpenDay()
            od.pending.append((a, b))
            od.rows += b - a
            self.peak_open_orders = max(self.peak_open_orders, sum(o.rows for o in self.open.values()))
        for od in self.open.values():  # keep what this batch left in open days
            if od.pending:
                od.fps.append(np.concatenate([fps[a:b] for a, b in od.pending]))
                od.flags.append(np.concatenate([flags[a:b] for a, b in od.pending]))
                od.pending = []
        if late:
            idx = np.concatenate([np.arange(a, b) for a, b in late]) if len(late) > 1 else slice(*late[0])
            self._store.add(fps[idx], days[idx], flags[idx])

    def _close(self, day: int, batch: tuple[np.ndarray, np.ndarray]) -> None:
        od = self.open.pop(day)
        fps = od.fps + [batch[0][a:b] for a, b in od.pending]
        flags = od.flags + [batch[1][a:b] for a, b in od.pending]
        fp, fl = _fold(np.concatenate(fps), np.concatenate(flags))
        self._store.add(fp, day, fl)
        self._closed[day] = True

    def finish(self) -> dict[int, np.ndarray]:
        """Daily counts by flag set, for every day from the first purchase day to the last."""
        first, by_flags = self.by_flags()
        return {first + i: by_flags[i] for i in range(by_flags.shape[0])}

    def by_flags(self) -> tuple[int, np.ndarray]:
        """(first day, orders per day per flag set); each order on its first day, all rows' flags."""
        for d in list(self.open):
            self._close(d, (np.empty(0, np.int64), np.empty(0, np.uint8)))
        if self.first_day is None or self.last_day is None:  # both set by the first row
            return 0, np.zeros((0, N_FLAGS), np.int64)
        first, span = self.first_day, self.last_day - self.first_day + 1
        counts = np.zeros(span * N_FLAGS, np.int64)
        try:
            for rec in self._store.partitions():
                order = np.lexsort((rec["day"], rec["fp"]))
                fp, day, fl = rec["fp"][order], rec["day"][order], rec["flags"][order]
                new_order = np.concatenate(([True], fp[1:] != fp[:-1]))
                new_entry = new_order | np.concatenate(([True], day[1:] != day[:-1]))
                starts = np.flatnonzero(new_order)
                self.merged_across_days += int(new_entry.sum()) - starts.size
                flags = np.bitwise_or.reduceat(fl, starts) if starts.size else fl
                idx = (day[starts].astype(np.int64) - first) * N_FLAGS + flags
                counts += np.bincount(idx, minlength=span * N_FLAGS)
                self._store.work += rec.size
        finally:
            self._store.close()
        return first, counts.reshape(span, N_FLAGS)

    def close(self) -> None:
        """Remove the store's temporary files (also done by :meth:`by_flags`)."""
        self._store.close()
