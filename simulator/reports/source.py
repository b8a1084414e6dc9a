"""The report's bytes in chunks of whole lines, as UTF-8, every read capped.

Opens a path, bytes or a binary stream.  A UTF-16 file (Excel's "Unicode text") is transcoded
to UTF-8 and a UTF-8 byte-order mark dropped; bytes that are not UTF-8 become U+FFFD, as the
row reader decodes them.  Lines end with LF, CRLF or a lone CR (as pyarrow and ``bytes.splitlines``
read them).  The first line is read alone, capped (``replay /dev/zero`` is refused at once).
A line too long for pyarrow's block is taken out of its chunk, leaving an empty line so that
every line keeps its number; :attr:`Chunk.long` keeps its text (None past ``line_cap``).
"""

from __future__ import annotations

import codecs
import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO, NamedTuple

from formats.errors import ReportFileError

TOO_LONG = object()  # first_line(): the first line has no end within the cap
MAX_UNENDED = 64 * 1024 * 1024  # a "line" this long with no line end: not a text report
EMPTY_LINE = b"\r\n"  # in place of a line taken out (after a line ending in CR, an LF alone would end it)


class Chunk(NamedTuple):
    data: bytes  # whole lines, UTF-8
    long: dict[int, str | None]  # line index in ``data`` -> the text of a line taken out
    end: int  # bytes of the file read when the chunk was cut


class ReportSource:
    """``first_line()`` once, then ``chunks()`` up to the end."""

    def __init__(self, source: str | Path | bytes | IO[bytes], label: str, block: int, line_cap: int) -> None:
        self.block, self.line_cap, self.label = block, line_cap, label
        self._raw, self._owned = _open(source, label)
        try:
            self.size: int | None = os.fstat(self._raw.fileno()).st_size or None
        except (AttributeError, OSError, io.UnsupportedOperation):
            self.size = len(source) if isinstance(source, (bytes, bytearray)) else None
        head = self._raw.read(4)
        if isinstance(head, str):
            self.close()
            raise TypeError("OrderReport needs a binary stream, a path or bytes")
        self.raw_read, self._eof = len(head), False
        self._utf16 = None
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            self._utf16 = codecs.getincrementaldecoder("utf-16")(errors="replace")
            self._carry = self._utf16.decode(head, False).encode()
        else:
            self._carry = head[3:] if head.startswith(codecs.BOM_UTF8) else head

    def close(self) -> None:
        if self._owned and not self._raw.closed:
            self._raw.close()

    def _read(self) -> bytes:
        """Up to one block more, as UTF-8 (b"" at the end of the file)."""
        while not self._eof:
            data = self._raw.read(self.block)
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
            if (end >= 0 and (buf[end] == 10 or end + 1 < len(buf))) or self._eof or len(buf) > self.line_cap:
                break
            buf += self._read()
        if not buf:
            return None
        end = len(buf) if end < 0 and self._eof else end
        if end < 0 or end > self.line_cap:
            return TOO_LONG
        self._carry = buf[end + (2 if buf[end : end + 2] == b"\r\n" else 1) :]
        return buf[:end]

    def chunks(self) -> Iterator[Chunk]:
        """The rest of the file, about a block of whole lines at a time."""
        carry, skip = self._carry, None
        while True:
            if skip is not None:  # after the chunk that holds its place has gone out
                carry, skip = self._skip_line(skip), None
            data = self._read()
            buf = carry + data
            cut = buf.rfind(b"\n") if data else len(buf) - 1
            cut = max(cut, buf.rfind(b"\r", cut + 1, len(buf) - 1))  # a CR after it ends a line too
            seg, carry = buf[: cut + 1], buf[cut + 1 :]
            long: dict[int, str | None] = {}
            if len(carry) > self.line_cap:  # longer than any line the cap allows: skip to its end
                long[len(seg.splitlines())] = None
                seg, skip, carry = seg + EMPTY_LINE, carry, b""
            if seg:
                yield Chunk(self._clean(seg, long), long, self.raw_read)
            elif not data and skip is None:
                return

    def _clean(self, seg: bytes, long: dict[int, str | None]) -> bytes:
        """``seg`` as valid UTF-8, each line over a fourth of ``line_cap`` bytes taken out into ``long``."""
        if not self._utf16 and not seg.isascii():
            try:
                seg.decode()
            except UnicodeDecodeError:
                seg = seg.decode("utf-8", "replace").encode()
        half = self.line_cap // 8  # a line of 2 * half bytes fills one of these windows: none has a line end
        for a in range(0, len(seg) - half + 1, half):
            if seg.find(b"\n", a, a + half) < 0 and seg.find(b"\r", a, a + half) < 0:
                break
        else:
            return seg
        lines = seg.splitlines(keepends=True)
        for i, ln in enumerate(lines):
            if len(ln) > 2 * half:
                long.setdefault(i, ln.rstrip(b"\r\n").decode())
                lines[i] = EMPTY_LINE
        return b"".join(lines)

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
                    self.label,
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
