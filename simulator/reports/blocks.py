"""The report's bytes, cut into blocks of whole lines, with every read capped.

Opens a path, bytes or a binary stream; a UTF-16 file (Excel's "Unicode text") is
transcoded to UTF-8 on the fly and a UTF-8 byte-order mark is dropped, so the rest of
the reader only ever sees UTF-8.  Lines end with LF, CRLF or a lone CR (as Python's
``newline=""`` reads them).
"""

from __future__ import annotations

import codecs
import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from formats.errors import ReportFileError

TOO_LONG = object()  # first_line(): the first line has no end within the cap
DROPPED = None  # blocks(): one over-long line was dropped here


class ByteBlocks:
    """``first_line()`` once, then ``blocks()``: ``(bytes of whole lines, at_eof)`` or ``DROPPED``."""

    def __init__(self, source: str | Path | bytes | IO[bytes], label: str, block: int, line_cap: int) -> None:
        self.block, self.line_cap = block, line_cap
        self.size: int | None = None  # bytes in the file, when known (for progress)
        self._raw, owned = _open(source, label)
        self.path = str(source) if isinstance(source, (str, Path)) else None
        self._owned = owned
        self._label = label
        try:
            self.size = os.fstat(self._raw.fileno()).st_size or None
        except (AttributeError, OSError, io.UnsupportedOperation):
            self.size = len(source) if isinstance(source, (bytes, bytearray)) else None
        self._read_raw = 0
        head = self._raw.read(4)
        if isinstance(head, str):
            self.close()
            raise TypeError("OrderReport needs a binary stream, a path or bytes")
        self._read_raw += len(head)
        self._utf16 = None
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            self._utf16 = codecs.getincrementaldecoder("utf-16")(errors="replace")
            self._pending = self._transcode(head, final=False)
        else:
            self._pending = head[3:] if head.startswith(codecs.BOM_UTF8) else head
        self._eof = False

    @property
    def bytes_read(self) -> int:
        return self._read_raw

    def data_offset(self) -> int | None:
        """Offset in the file of the first byte not yet handed out (None when transcoding UTF-16)."""
        return None if self._utf16 else self._read_raw - len(self._pending)

    def close(self) -> None:
        if self._owned:
            self._raw.close()

    def _transcode(self, data: bytes, final: bool) -> bytes:
        assert self._utf16 is not None, "called for UTF-16 input only"
        return self._utf16.decode(data, final).encode("utf-8")

    def _read(self) -> bytes:
        """Up to one block more (b"" at the end of the file)."""
        while not self._eof:
            data = self._raw.read(self.block)
            self._read_raw += len(data)
            if not data:
                self._eof = True
                return self._transcode(b"", final=True) if self._utf16 else b""
            if self._utf16:
                data = self._transcode(data, final=False)
                if not data:
                    continue
            return data
        return b""

    def first_line(self) -> bytes | object | None:
        """The first line's bytes without its end; TOO_LONG past ``line_cap`` bytes; None if empty."""
        buf = self._pending
        while True:
            end = _first_end(buf)
            settled = end >= 0 and (buf[end] == 10 or end + 1 < len(buf) or self._eof)
            if settled or self._eof or len(buf) > self.line_cap:
                break
            buf += self._read()
        if not buf:
            return None
        if end < 0 and self._eof:
            end = len(buf)
        if end < 0 or end > self.line_cap:
            return TOO_LONG
        step = 2 if buf[end : end + 2] == b"\r\n" else 1
        self._pending = buf[end + step :]
        return buf[:end]

    def blocks(self) -> Iterator[tuple[bytes, bool] | None]:
        carry = self._pending
        self._pending = b""
        while True:
            data = self._read()
            buf = carry + data if carry else data
            if not data:
                if buf:
                    yield buf, True
                return
            cut = max(buf.rfind(b"\n"), buf.rfind(b"\r", 0, len(buf) - 1))
            if cut >= 0:
                carry = buf[cut + 1 :]
                yield buf[: cut + 1], False
            else:
                carry = buf
            if len(carry) > self.line_cap:  # longer than any line the cap allows: skip to its end
                yield DROPPED
                carry = self._skip_line(carry)

    def _skip_line(self, seen: bytes) -> bytes:
        """Read past the end of an over-long line (in blocks); what follows it."""
        total, ended_cr = len(seen), seen.endswith(b"\r")
        while True:
            data = self._read()
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


MAX_UNENDED = 64 * 1024 * 1024


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
