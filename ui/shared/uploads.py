"""Uploads: size-limited, validated, written only inside the data folder.

Each check returns a value or raises ``RulebookError`` whose problems carry
file, line and hint; pages show ``problem_lines(err)`` inline and keep the
user's previous state.  Validation is the core's (``formats.kinds``); this
module only guards the door.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from pathlib import Path

from pydantic import BaseModel

from formats.errors import RulebookError
from formats.kinds import KIND_KEYS, check_source, detect
from formats.yaml_source import MAX_BYTES, decode, parse
from ui.shared.state import data_dir

YAML_LIMIT = MAX_BYTES  # the loader's own limit: 1 MiB
REPORT_LIMIT = 50 * 1024 * 1024
REPORT_LIMIT_MB = REPORT_LIMIT // (1024 * 1024)
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
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(raw)
    return target


def read_yaml_upload(name: str, raw: bytes, kind: str) -> tuple[BaseModel, str]:
    """Validate an uploaded rulebook / scenario / policy; returns (model, text)."""
    label = Path(name.replace("\\", "/")).name or "upload.yaml"
    if len(raw) > YAML_LIMIT:
        raise RulebookError.single(
            label,
            f"file is {len(raw):,} bytes, over the {YAML_LIMIT // 1024} KiB limit",
            "upload a smaller file",
        )
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
                f"write e.g. `{key}: {'amazon_us' if key == 'rulebook' else 'by_the_book'}`",
                line,
                col,
                key,
            )


def check_report_upload(name: str, raw: bytes) -> Path:
    """Guard an All Orders report, then store it in the data folder for replay."""
    label = Path(name.replace("\\", "/")).name or "report.txt"
    if not raw:
        raise RulebookError.single(label, "file is empty", "download the All Orders report again")
    if len(raw) > REPORT_LIMIT:
        raise RulebookError.single(
            label,
            f"file is {len(raw):,} bytes, over the {REPORT_LIMIT_MB} MiB limit",
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
