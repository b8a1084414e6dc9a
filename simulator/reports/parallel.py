"""Parse a large report's blocks in worker processes and hand the results back in file order.

The machine's second core is otherwise idle while the reader parses (issue 12: polars uses
every core).  :func:`map_blocks` cuts the rows of a UTF-8 file into blocks of whole lines by
offset (:func:`plan`: each cut is just after a line feed, found by reading a few KiB at
the nominal offset), and each worker opens the file itself, reads its block and parses it
with its own copy of the :class:`~simulator.reports.read.OrderReport`, so no row's bytes
cross a pipe: only each block's summary (``fn(batch)``: a few arrays) comes back.  At most
:data:`IN_FLIGHT` blocks per worker are under way, so memory stays bounded.

The main process takes the results in file order: line numbers, the rows set aside (with
their reasons, capped as before) and every running total come out exactly as the serial
reader gives them.  Anything unusual (a UTF-16 file, a stream, a small file, a line feed
missing near a cut, no ``fork`` on this platform) takes the serial path instead.
"""

from __future__ import annotations

import ctypes
import itertools
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TypeVar

import numpy as np

from simulator.reports import columns as col
from simulator.reports.read import (
    BLOCK_BYTES,
    LONG_LINE_BYTES,
    MAX_LISTED_PROBLEMS,
    Batch,
    OrderReport,
    RowLog,
)

T = TypeVar("T")
MIN_BYTES = 16 * BLOCK_BYTES  # smaller files: the serial reader is done before workers would start
IN_FLIGHT = 2  # blocks per worker under way at once
CUT_BYTES = BLOCK_BYTES  # a worker's block: as the serial reader's
PROBE_BYTES = LONG_LINE_BYTES + 2  # a cut looks this far for a line feed (else: the serial path)

M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3  # glibc's mallopt() parameters
_WORKER: dict = {}


def default_workers() -> int:
    """Worker processes for a large report: two when the machine has two cores or more, else none."""
    return 2 if (os.cpu_count() or 1) >= 2 else 1


def plan(path: str, start: int, size: int, block: int = BLOCK_BYTES) -> list[int] | None:
    """Block boundaries ``[start, ..., size]``, each after a line feed; None if one is not found."""
    cuts = [start]
    with open(path, "rb") as fh:
        pos = start + block
        while pos < size:
            fh.seek(pos)
            probe = fh.read(PROBE_BYTES)
            j = probe.find(b"\n")
            if j < 0:
                return None
            if pos + j + 1 >= size:
                break
            cuts.append(pos + j + 1)
            pos = cuts[-1] + block
    cuts.append(size)
    return cuts


def map_blocks(report: OrderReport, fn: Callable[[Batch], T], workers: int = 1) -> Iterator[tuple[T, int]]:
    """``(fn(batch), bytes read so far)`` for every block of ``report``, in file order."""
    cuts = _cuts(report) if workers > 1 else None
    if cuts is None:
        for batch in report.batches():
            yield fn(batch), report.bytes_read
        return
    report.close()  # the workers read the file themselves
    ctx = multiprocessing.get_context("fork")
    path = report.source_path()
    assert path is not None, "_cuts found the file"
    args = (report, fn, path)
    pending: deque[tuple[Future, int]] = deque()
    blocks = itertools.pairwise(cuts)
    with ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init, initargs=args) as pool:
        try:
            while True:
                while len(pending) < workers * IN_FLIGHT:
                    lo_hi = next(blocks, None)
                    if lo_hi is None:
                        break
                    pending.append((pool.submit(_parse, *lo_hi, lo_hi[1] == cuts[-1]), lo_hi[1]))
                if not pending:
                    return
                future, done = pending.popleft()
                yield _merge(report, *future.result()), done
        finally:
            for future, _ in pending:
                future.cancel()


def _cuts(report: OrderReport) -> list[int] | None:
    path, start, size = report.source_path(), report.data_offset(), report.size
    if path is None or start is None or not size or size - start < MIN_BYTES:
        return None
    if "fork" not in multiprocessing.get_all_start_methods() or not os.path.isfile(path):
        return None
    return plan(path, start, size, CUT_BYTES)


def _merge(report: OrderReport, lines: int, ignored: list[dict], total: int, prices: int, result: T) -> T:
    """Fold one block's log into the report's, its line numbers made absolute."""
    log, base = report.log, report._line_no
    log.read += lines
    for p in ignored[: MAX_LISTED_PROBLEMS - len(log.ignored)]:
        log.ignored.append({"line": base + p["line"], "reason": p["reason"]})
    log.ignored_total += total
    log.unreadable_prices += prices
    report._line_no += lines
    return result


def _init(report: OrderReport, fn: Callable[[Batch], object], path: str) -> None:
    _keep_freed_memory()
    _WORKER.update(report=report, fn=fn, file=open(path, "rb"))  # noqa: SIM115 (the worker's life)


def _keep_freed_memory() -> None:
    """Let glibc's malloc reuse a block's freed arrays for the next block instead of returning
    them to the system: a fresh worker otherwise faults in (and zeroes) ~1 GB of pages per
    year of report, a third of its time.  Elsewhere (no glibc) nothing changes."""
    try:
        libc = ctypes.CDLL(None)
        libc.mallopt(M_MMAP_THRESHOLD, 64 * 2**20)
        libc.mallopt(M_TRIM_THRESHOLD, 256 * 2**20)
    except (OSError, AttributeError):
        pass


def _parse(lo: int, hi: int, at_eof: bool) -> tuple[int, list[dict], int, int, object]:
    """In a worker: block ``[lo, hi)`` -> (lines, rows set aside (lines from 1), their count, prices, fn)."""
    report, fh = _WORKER["report"], _WORKER["file"]
    fh.seek(lo)
    raw = fh.read(hi - lo)
    report.log = RowLog()
    b = np.frombuffer(raw, np.uint8)
    starts, ends = col.split_lines(b, at_eof, b"\r" in raw)
    batch = report.parse_lines(raw, b, starts, ends, 1)
    log = report.log
    return starts.size, log.ignored, log.ignored_total, log.unreadable_prices, _WORKER["fn"](batch)
