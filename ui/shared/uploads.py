"""Uploads: size-limited, validated, written only inside the data folder.

Each check returns a value or raises ``RulebookError`` whose problems carry
file, line and hint; pages show ``problem_lines(err)`` inline and keep the
user's previous state.  Validation is the core's (``formats.kinds``); this
module only guards the door.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import logging
import os
import re
from pathlib import Path

from pydantic import BaseModel

from formats.errors import RulebookError
from formats.kinds import KIND_KEYS, check_source, detect
from formats.loader import DEFAULT_RULEBOOK
from formats.yaml_source import MAX_BYTES, decode, parse
from ui.shared.state import data_dir

log = logging.getLogger(__name__)
MIB = 1024 * 1024
# The one module of upload limits; every page states them with size_text().
YAML_LIMIT = MAX_BYTES  # the loader's own limit: 1 MiB
REPORT_LIMIT = 50 * MIB
YAML_TYPES = ("yaml", "yml")
REPORT_TYPES = ("txt", "tsv", "csv")


def widget_mb(limit: int) -> int:
    """The upload box's own size gate for files up to ``limit`` bytes, in the browser's "MB".

    Streamlit's browser code counts a megabyte as 1,000,000 bytes (1 MiB on Windows), so a
    gate of 51 refused a 48.7 MiB report labelled "up to 50 MiB".  The smallest whole number
    of decimal megabytes over ``limit`` lets every file within it through on any system; our
    own check then refuses, in MiB, what is over ``limit``.
    """
    return -(-limit // 1_000_000)


# The widget lets files up to this size through, so that our own check (not the widget's
# bare red icon) says what is wrong with a file over YAML_LIMIT.
YAML_WIDGET_MB = 10
REPORT_WIDGET_MB = widget_mb(REPORT_LIMIT)  # 53: 50.5 MiB (53 MiB on Windows)
# The server's own ceiling for one file (`server.maxUploadSize` in .streamlit/config.toml, in
# MiB): at least what the widget lets through on any system, so the server never refuses a
# file the page would explain.
SERVER_MAX_UPLOAD = REPORT_WIDGET_MB * MIB
# Each data folder keeps at most this much; the oldest files go first.
FOLDER_QUOTA = 500 * MIB


def size_text(n: int) -> str:
    """A size as people read it, one way everywhere: "512 bytes", "12.5 KiB", "1 MiB", "5.2 MiB"."""
    if n < 1024:
        return f"{n:,} bytes"
    value, unit = (n / MIB, "MiB") if n >= MIB else (n / 1024, "KiB")
    return f"{value:.0f} {unit}" if float(value).is_integer() else f"{value:.1f} {unit}"


def types_text(types: tuple[str, ...]) -> str:
    """File types, one way everywhere: ".txt, .tsv or .csv"."""
    dotted = [f".{t}" for t in types]
    return dotted[0] if len(dotted) == 1 else ", ".join(dotted[:-1]) + f" or {dotted[-1]}"


def too_big(label: str, n: int, limit: int, what_to_do: str) -> RulebookError:
    return RulebookError.single(
        label, f"the file is {size_text(n)}, over the {size_text(limit)} limit", what_to_do
    )


_SAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def safe_name(name: str, raw: bytes) -> str:
    """A file name that cannot climb out of its folder, made unique by content."""
    stem = _SAFE.sub("_", Path(name.replace("\\", "/")).name).strip("._") or "upload"
    digest = hashlib.sha256(raw).hexdigest()[:10]
    return f"{digest}-{stem[:80]}"


def save_upload(name: str, raw: bytes, folder: str = "uploads") -> Path:
    """Write ``raw`` under ``$CANCEL_DESK_DATA/folder``; never anywhere else."""
    root = data_dir()
    target = (root / folder / safe_name(name, raw)).resolve()
    if root not in target.parents:
        raise RulebookError.single(name, "refused: the file would land outside the data folder")
    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if target.is_file() and target.stat().st_size == len(raw):
            os.utime(target)  # the same content under the same name: already kept (maybe in force)
        else:
            _write_private(target, raw)
        enforce_quota(target.parent, FOLDER_QUOTA, keep=target)  # read now: the quota is the module's
    except OSError as e:
        # The server's path is the operator's to see (in the log); the visitor gets what happened.
        log.warning("could not store upload %s at %s: %s", name, target, e)
        raise RulebookError.single(
            Path(name).name, _cannot_store(e), "try again later; nothing else was changed"
        ) from None
    return target


def _write_private(target: Path, raw: bytes) -> None:
    """Write ``raw`` readable by the server's user only; a half-written file (a full disk) goes."""
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(raw)
    except OSError:
        target.unlink(missing_ok=True)
        raise


def _cannot_store(e: OSError) -> str:
    if e.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the server could not keep the file: its disk is full"
    if e.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return "the server could not keep the file: its data folder is read-only"
    return "the server could not keep the file"


def enforce_quota(folder: Path, quota: int = FOLDER_QUOTA, keep: Path | None = None) -> list[Path]:
    """Remove the oldest files of ``folder`` until it holds at most ``quota`` bytes; returns what went."""
    files = sorted((f for f in folder.iterdir() if f.is_file()), key=lambda f: (f.stat().st_mtime, f.name))
    total = sum(f.stat().st_size for f in files)
    removed = []
    for f in files:
        if total <= quota:
            break
        if keep is not None and f == keep:
            continue
        total -= f.stat().st_size
        f.unlink(missing_ok=True)
        removed.append(f)
    return removed


def read_yaml_upload(name: str, raw: bytes, kind: str) -> tuple[BaseModel, str]:
    """Validate an uploaded rulebook / scenario / policy; returns (model, text)."""
    label = Path(name.replace("\\", "/")).name or "upload.yaml"
    if len(raw) > YAML_LIMIT:
        raise too_big(label, len(raw), YAML_LIMIT, "split the file or remove what it does not need")
    text = decode(raw, label)
    src = parse(text, label)
    try:
        found = detect(src)
    except RulebookError:
        found = kind  # let the model explain what is missing
    if found != kind:
        raise RulebookError.single(
            label,
            f"this looks like a {found} file, not a {kind}",
            f"a {kind} file has a top-level `{KIND_KEYS[kind]}:` key; upload it in the {found} box",
        )
    if kind == "scenario":
        _refuse_paths(src)
    _, model = check_source(src, kind)
    return model, text


def _refuse_paths(src) -> None:
    """An uploaded scenario may name a rulebook or policy, not point at a file on the server."""
    for key in ("rulebook", "policy"):
        value = src.data.get(key)
        if isinstance(value, str) and (any(c in value for c in "/\\") or value.startswith(".")):
            line, col = src.where((key,))
            raise RulebookError.single(
                src.file,
                f"an uploaded scenario must name its {key}, not give a path",
                f"write e.g. `{key}: {DEFAULT_RULEBOOK if key == 'rulebook' else 'by_the_book'}`",
                line,
                col,
                key,
            )


def check_report_upload(name: str, raw: bytes) -> Path:
    """Guard an All Orders report (size, emptiness, binary), then store it for replay.

    Only a file that passed these checks is written; the folder is kept within FOLDER_QUOTA.
    """
    label = Path(name.replace("\\", "/")).name or "report.txt"
    if not raw:
        raise RulebookError.single(label, "file is empty", "download the All Orders report again")
    if len(raw) > REPORT_LIMIT:
        raise too_big(
            label,
            len(raw),
            REPORT_LIMIT,
            "pick a shorter date range in Seller Central, or use `python -m simulator replay`",
        )
    # A UTF-16 file (Excel's "Unicode text") is full of NUL bytes; the reader transcodes it, as on the CLI.
    if b"\x00" in raw[:65536] and not raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise RulebookError.single(
            label, "binary file (contains NUL bytes)", "expected the tab-separated All Orders text report"
        )
    return save_upload(label, raw, "reports")


def problem_lines(err: RulebookError) -> list[str]:
    """One readable line per problem: ``file, line 4, column 9: key: message (hint)``."""
    out = []
    for p in err.problems:
        where = f"{p.file}, line {p.line}, column {p.col}" if p.line else p.file
        what = f"{p.path}: {p.message}" if p.path else p.message
        out.append(f"{where}: {what}" + (f" ({p.hint})" if p.hint else ""))
    return out
