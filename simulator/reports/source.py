"""The report's bytes as pyarrow's CSV reader takes them: UTF-8 whole lines, every read capped.

Opens a path, bytes or a binary stream.  A UTF-16 file (Excel's "Unicode text") is transcoded
to UTF-8 and a UTF-8 byte-order mark dropped; bytes that are not UTF-8 become U+FFFD, as the
row reader decodes them.  Lines end with LF, CRLF or a lone CR (as pyarrow and Python's
``newline=""`` read them).  The first line is read here, capped (``replay /dev/zero`` is refused
at once); :meth:`ReportSource.read` then hands pyarrow the rest.  A line too long for pyarrow's
block is taken out and replaced by a one-field *marker* line, which the reader's invalid-row
handler gives back to :meth:`ReportSource.take_marker`, so every line keeps its number.  The
lines handed out and not yet read are kept (:meth:`ReportSource.line`), for the rows pyarrow's
columns cannot decide.
"""

from __future__ import annotations

import codecs
import io
import itertools
import os
import queue
import secrets
import threading
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pyarrow as pa

from formats.errors import ReportFileError

TOO_LONG = object()  # first_line(): the first line has no end within the cap
MAX_UNENDED = 64 * 1024 * 1024  # a "line" this long with no line end: not a text report


class ReportSource(io.RawIOBase):
    """``first_line()`` once, then ``read(n)`` (pyarrow's reads) up to the end."""

    def __init__(self, source: str | Path | bytes | IO[bytes], label: str, block: int, line_cap: int) -> None:
        self.block, self.line_cap = block, line_cap
        self.long = max(64, min(line_cap // 4, block // 4))  # longer lines go round pyarrow
        self._raw, self._owned = _open(source, label)
        self._label = label
        try:
            self.size: int | None = os.fstat(self._raw.fileno()).st_size or None
        except (AttributeError, OSError, io.UnsupportedOperation):
            self.size = len(source) if isinstance(source, (bytes, bytearray)) else None
        self.raw_read = self.handed = self.lines_handed = 0
        self._markers: deque[tuple[str, str | None]] = deque()
        self._token = "\x00" + secrets.token_hex(8)
        self._out, self._eof, self._done = bytearray(), False, False
        self._skip: bytes | None = None
        self._ring: deque[tuple[int, bytes]] = deque()  # (first line number, lines) handed to pyarrow
        self._next_line = 2
        self._split: tuple[int, list[bytes]] = (0, [])
        head = self._raw.read(4)
        if isinstance(head, str):
            self.close()
            raise TypeError("OrderReport needs a binary stream, a path or bytes")
        self.raw_read += len(head)
        self._utf16 = None
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            self._utf16 = codecs.getincrementaldecoder("utf-16")(errors="replace")
            self._carry = self._utf16.decode(head, False).encode()
        else:
            self._carry = head[3:] if head.startswith(codecs.BOM_UTF8) else head

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        if self._owned and not self._raw.closed:
            self._raw.close()
        super().close()

    def _read_raw(self) -> bytes:
        """Up to one block more, as UTF-8 (b"" at the end of the file)."""
        while not self._eof:
            data = self._raw.read(self.block // 2)  # with the line carried over: one block
            self.raw_read += len(data)
            self._eof = not data
            if self._utf16:
                data = self._utf16.decode(data, self._eof).encode()
            if data or self._eof:
                return data
        return b""

    def first_line(self) -> bytes | object | None:
        """The first line's bytes without its end; TOO_LONG past ``line_cap`` bytes; None if empty."""
        buf = self._carry
        while True:
            end = _first_end(buf)
            settled = end >= 0 and (buf[end] == 10 or end + 1 < len(buf) or self._eof)
            if settled or self._eof or len(buf) > self.line_cap:
                break
            buf += self._read_raw()
        if not buf:
            return None
        end = len(buf) if end < 0 and self._eof else end
        if end < 0 or end > self.line_cap:
            return TOO_LONG
        self._carry = buf[end + (2 if buf[end : end + 2] == b"\r\n" else 1) :]
        return buf[:end]

    def read(self, n: int = -1) -> bytes:
        if self.closed:  # pyarrow's read-ahead after the report was closed: it stops there
            raise ValueError("report closed")
        n = n if n >= 0 else 1 << 62
        while len(self._out) < n and not self._done:
            seg = self._lines()
            self._done = not seg
            if seg:
                self._ring.append((self._next_line, seg))
                ends = seg.count(b"\n") + (seg.count(b"\r") - seg.count(b"\r\n") if b"\r" in seg else 0)
                self._next_line += ends + (seg[-1:] not in (b"\n", b"\r"))
                self.lines_handed = self._next_line - 2
            if not self._out and len(seg) <= n:
                self.handed += len(seg)
                return seg  # the usual case: no copy
            self._out += seg
        chunk = bytes(self._out[:n])
        del self._out[:n]
        self.handed += len(chunk)
        return chunk

    def line(self, n: int) -> str:
        """The text of line ``n`` (one handed out and not forgotten)."""
        first, seg = next((f, s) for f, s in reversed(tuple(self._ring)) if f <= n)
        if self._split[0] != first:
            self._split = (first, seg.splitlines())
        return self._split[1][n - first].decode()

    def forget(self, before: int) -> None:
        """Drop the kept lines before line ``before``."""
        while len(self._ring) > 1 and self._ring[1][0] <= before:
            self._ring.popleft()

    def take_marker(self, text: str) -> tuple[bool, str | None]:
        """(True, the line's text, or None for a line dropped unread) if ``text`` is the next marker."""
        if self._markers and self._markers[0][0] == text:
            return True, self._markers.popleft()[1]
        return False, None

    def unread_markers(self, seen: set[str]) -> list[tuple[int, str]]:
        """(line, marker) of each marker handed out that pyarrow did not parse (it stopped on an error)."""
        out = []
        for marker, _ in self._markers:
            for first, seg in tuple(self._ring):
                at = seg.find(marker.encode()) if marker not in seen else -1
                if at >= 0:
                    out.append((first + len(seg[:at].splitlines()), marker))
        return out

    def _mark(self, text: str | None) -> bytes:
        marker = f"{self._token}{len(self._markers)}"
        self._markers.append((marker, text))
        return marker.encode() + b"\n"

    def _lines(self) -> bytes:
        """The next whole lines, as pyarrow may read them (b"" at the end)."""
        if self._skip is not None:  # after the marker of a line dropped unread has gone out
            self._carry, self._skip = self._skip_line(self._skip), None
        while True:
            data = self._read_raw()
            buf = self._carry + data
            if not data:
                self._carry = b""
                return self._clean(buf)
            cut = buf.rfind(b"\n")
            cut = max(cut, buf.rfind(b"\r", cut + 1, len(buf) - 1))  # a CR after it ends a line too
            seg, self._carry = buf[: cut + 1], buf[cut + 1 :]
            if len(self._carry) > self.line_cap:  # longer than any line the cap allows: skip to its end
                self._skip, self._carry = self._carry, b""
                return self._clean(seg) + self._mark(None)
            if seg:
                return self._clean(seg)

    def _clean(self, seg: bytes) -> bytes:
        """``seg`` as valid UTF-8, each line longer than :attr:`long` bytes replaced by a marker."""
        if not self._utf16 and not seg.isascii():
            try:
                seg.decode()
            except UnicodeDecodeError:
                seg = seg.decode("utf-8", "replace").encode()
        half = self.long // 2  # a line of `long` bytes fills one of these windows: none has a line end
        for a in range(0, len(seg) - half + 1, half):
            if seg.find(b"\n", a, a + half) < 0 and seg.find(b"\r", a, a + half) < 0:
                break
        else:
            return seg
        lines = seg.splitlines(keepends=True)
        return b"".join(
            ln if len(ln) <= self.long else self._mark(ln.rstrip(b"\r\n").decode()) for ln in lines
        )

    def _skip_line(self, seen: bytes) -> bytes:
        """Read past the end of an over-long line (in blocks); what follows it."""
        total, ended_cr = len(seen), seen.endswith(b"\r")
        while True:
            data = self._read_raw()
            if ended_cr:  # the line ended with the CR at the end of the last block
                return data[1:] if data.startswith(b"\n") else data
            if not data:
                return b""
            end = _first_end(data)
            if end >= 0 and end + 1 < len(data):
                return data[end + (2 if data[end : end + 2] == b"\r\n" else 1) :]
            if end >= 0 and data[end] == 10:
                return b""
            ended_cr = end >= 0
            total += len(data)
            if total > MAX_UNENDED:
                raise ReportFileError.single(
                    self._label,
                    f"a line runs over {MAX_UNENDED // 2**20} MiB without a line end: not a text report",
                    "export the All Orders report again as tab-separated text",
                    path="rows",
                )


def _first_end(buf: bytes) -> int:
    n, r = buf.find(b"\n"), buf.find(b"\r")
    return n if r < 0 else r if n < 0 else min(n, r)


def _open(source: str | Path | bytes | IO[bytes], label: str) -> tuple[IO[bytes], bool]:
    """(binary stream, owned): a stream the caller passed in stays open (an upload may be read again)."""
    if isinstance(source, (bytes, bytearray)):
        return io.BytesIO(source), True
    if not isinstance(source, (str, Path)):
        return source, False
    try:
        return open(source, "rb"), True
    except FileNotFoundError:
        raise ReportFileError.single(label, "file not found", "check the path") from None
    except IsADirectoryError:
        raise ReportFileError.single(label, "is a folder, not a file", "name a .tsv or .txt report") from None
    except OSError as exc:
        raise ReportFileError.single(label, f"cannot read file: {exc.strerror}") from None


class Parsed:
    """pyarrow's batches, ``size`` at a time, parsed in a thread (pyarrow lets go of the GIL) while
    the caller works on the ones before: the parse and the checks take the two cores.
    :meth:`close` stops the thread and pyarrow's reader (else a process could hang at exit)."""

    _DONE = object()

    def __init__(self, reader: Iterator[pa.RecordBatch], size: int) -> None:
        self._reader, self._stop = reader, threading.Event()
        self._ready: queue.Queue[object] = queue.Queue(2)
        self._thread = threading.Thread(target=self._parse, args=(size,), name="report-parse", daemon=True)
        self._thread.start()

    def _parse(self, size: int) -> None:
        try:
            while not self._stop.is_set() and (group := list(itertools.islice(self._reader, size))):
                self._put(pa.Table.from_batches(group))
            self._put(self._DONE)
        except BaseException as exc:  # handed to the caller, raised there
            self._put(exc)
        finally:  # pyarrow's reader goes here, in this thread: none of its read-ahead is left at exit
            getattr(self._reader, "close", lambda: None)()
            self._reader = iter(())

    def _put(self, item: object) -> None:
        while not self._stop.is_set():
            try:
                return self._ready.put(item, timeout=0.05)
            except queue.Full:
                continue

    def __iter__(self) -> Iterator[pa.Table]:
        while (got := self._ready.get()) is not self._DONE:
            if isinstance(got, BaseException):
                raise got
            yield got

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
