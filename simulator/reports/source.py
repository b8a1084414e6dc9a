"""The report's bytes as UTF-8 in blocks of whole lines, every read capped.

Opens a path, bytes or a binary stream.  A UTF-16 file (Excel's "Unicode text") is transcoded
to UTF-8 and a UTF-8 byte-order mark dropped; bytes that are not UTF-8 become U+FFFD, as the
row reader decodes them.  Lines end with LF, CRLF or a lone CR.  A line longer than ``line_cap``
bytes is read past and ``long_line`` (too long for the row reader) takes its place, so every
line keeps its number; so is a first line with no end (``replay /dev/zero`` is refused at once).
"""

from __future__ import annotations

import codecs
import io
import os
import re
from pathlib import Path
from typing import IO

from formats.errors import ReportFileError

MAX_UNENDED = 64 * 1024 * 1024  # a "line" this long with no line end: not a text report
LINE_END = re.compile(rb"\r\n|\r(?=.)|\n", re.S)  # a CR last in a buffer may be half of a CRLF


class ReportSource:
    """``first_line()`` once, then ``read()`` up to the end (b"")."""

    def __init__(self, source: str | Path | bytes | IO[bytes], label: str, block: int, line_cap: int) -> None:
        self.block, self.line_cap, self.label = block, line_cap, label
        self.long_line = b"-" * line_cap + b"\n"
        self._raw, self._owned = _open(source, label)
        try:
            self.size: int | None = os.fstat(self._raw.fileno()).st_size or None
        except (AttributeError, OSError, io.UnsupportedOperation):
            self.size = len(source) if isinstance(source, (bytes, bytearray)) else None
        head = self._raw.read(4)
        if isinstance(head, str):
            self.close()
            raise TypeError("OrderReport needs a binary stream, a path or bytes")
        self._utf8 = not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
        self._decoder = codecs.getincrementaldecoder("utf-8-sig" if self._utf8 else "utf-16")(
            errors="replace"
        )
        self.raw_read, self._carry = len(head), self._decoder.decode(head).encode()
        self._head = b""  # the lines after the first one
        self._long: bytes | None = None  # the start of a line too long to keep, read past on the next read

    def close(self) -> None:
        if self._owned and not self._raw.closed:
            self._raw.close()

    def _more(self) -> bytes:
        """Up to one block more, as UTF-8 (b"" at the end of the file)."""
        while data := self._raw.read(self.block):
            self.raw_read += len(data)
            if self._utf8 and data.isascii() and not self._decoder.getstate()[0]:  # the usual case: as it is
                return data
            if text := self._decoder.decode(data).encode():
                return text
        return self._decoder.decode(b"", True).encode()

    def first_line(self) -> bytes | None:
        """The first line without its end (None: an empty file); one too long comes as ``long_line``."""
        block = self.read()
        line, *rest = re.split(rb"\r\n|\r|\n", block, maxsplit=1)  # read() ends a block with a whole line
        self._head = rest[0] if rest else b""
        return line if block else None

    def read(self) -> bytes:
        """About a block more of whole lines (b"" at the end)."""
        if self._head:
            head, self._head = self._head, b""
            return head
        if self._long is not None:  # after the block that holds its place has gone out
            self._carry, self._long = self._skip(self._long), None
        buf = self._carry
        while True:
            data = self._more()
            buf += data
            end = max(buf.rfind(b"\n"), buf.rfind(b"\r", 0, len(buf) - 1)) + 1 if data else len(buf)
            self._carry = buf[end:]
            if len(self._carry) > self.line_cap:  # too long to keep: read past it, leave its number
                self._long, self._carry = self._carry, b""
                buf, end = buf[:end] + self.long_line, end + len(self.long_line)
            if end or not data:
                return buf[:end]

    def _skip(self, rest: bytes) -> bytes:
        """What follows the end of the line that ``rest`` is in (read in blocks, up to MAX_UNENDED)."""
        total = 0
        while not (m := LINE_END.search(rest)):
            total += len(rest)
            if total > MAX_UNENDED:
                raise ReportFileError.single(
                    self.label,
                    f"a line runs over {MAX_UNENDED // 2**20} MiB without a line end: not a text report",
                    "export the All Orders report again as tab-separated text",
                    path="rows",
                )
            if not (data := self._more()):
                return b""
            rest = rest[-1:] + data if rest.endswith(b"\r") else data
        return rest[m.end() :]


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
