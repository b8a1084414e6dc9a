"""Parse untrusted YAML into plain data plus the position of every node.

Guards, in order: size (1 MiB), binary content, parser errors, non-standard
tags (``!!python/...``), nesting depth, alias expansion (bombs and cycles),
duplicate keys.  Everything becomes a :class:`~formats.errors.FileError` (the
loader of each kind re-raises it as that kind's error); nothing else escapes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from formats.errors import FileError, Problem

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 60
MAX_NODES = 100_000
MAX_LINES = 30_000
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STD_TAGS = {
    "tag:yaml.org,2002:" + t
    for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "binary", "merge")
}

Path_ = tuple[str | int, ...]


@dataclass
class Source:
    """Parsed document: ``data`` plus ``positions[path] = (line, col)``."""

    file: str
    data: Any
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    # A merged rulebook's values come from several files (formats.inherit): the file of each path.
    files: dict[Path_, str] = field(default_factory=dict)

    def file_at(self, path: Path_) -> str:
        """The file the value at ``path`` (or its closest placed parent) was read from."""
        p = tuple(path)
        while p and p not in self.files:
            p = p[:-1]
        return self.files.get(p, self.file)

    def where(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """Closest known position for ``path`` (walks up to the parent)."""
        table = self.key_positions if key else self.positions
        p = tuple(path)
        if p in table:
            return table[p]
        while p:
            p = p[:-1]
            if p in self.positions:
                return self.positions[p]
        return (1, 1)


def display_path(path: str | Path) -> str:
    """How a file is named in a message: relative to the working folder when it lies inside it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def read_text(path: str | Path, label: str | None = None) -> tuple[str, str]:
    """Read a user file with the size and binary guards; returns (label, text)."""
    label = label or str(path)
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise FileError.single(
                label, f"file is {size:,} bytes, over the 1 MiB limit", "split it or trim it"
            )
        raw = p.read_bytes()
    except FileNotFoundError:
        raise FileError.single(label, "file not found", "check the path") from None
    except IsADirectoryError:
        raise FileError.single(label, "is a folder, not a file", "name a .yaml file") from None
    except OSError as exc:
        raise FileError.single(label, f"cannot read file: {exc.strerror}") from None
    return label, decode(raw, label)


def decode(raw: bytes, label: str) -> str:
    if len(raw) > MAX_BYTES:
        raise FileError.single(
            label, f"file is {len(raw):,} bytes, over the 1 MiB limit", "split it or trim it"
        )
    if b"\x00" in raw:
        raise FileError.single(label, "binary file (contains NUL bytes)", "expected YAML text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileError.single(
            label, f"not UTF-8 text (bad byte at offset {exc.start})", "save the file as UTF-8"
        ) from None


def parse(text: str, label: str) -> Source:
    """Parse YAML text safely; raise FileError on any problem."""
    if len(text.encode("utf-8", "replace")) > MAX_BYTES:
        raise FileError.single(label, "text is over the 1 MiB limit", "split it or trim it")
    if not text.strip():
        raise FileError.single(label, "file is empty", "expected a YAML mapping of keys")
    # A cheap upper bound on the number of values, so a huge flat file is refused
    # before the (slow, pure-Python) YAML resolver sees it.
    rough = text.count("\n") + text.count(",")
    if rough > MAX_LINES:
        raise FileError.single(
            label, f"document has too many values (about {rough:,})", f"keep it under {MAX_LINES:,}"
        )
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, text, label) from None
    except yaml.YAMLError as exc:
        raise FileError.single(label, f"YAML error: {exc}".strip()) from None
    except RecursionError:
        raise FileError.single(
            label, "nesting is too deep to read", f"keep it under {MAX_DEPTH} levels"
        ) from None
    if node is None:
        raise FileError.single(label, "file holds no YAML document", "expected a mapping")
    src = Source(label, None)
    builder = _Builder(src)
    try:
        src.data = builder.build(node, (), 0)
    except RecursionError:
        raise FileError.single(
            label, "nesting is too deep to read", f"keep it under {MAX_DEPTH} levels"
        ) from None
    if builder.problems:
        raise FileError(builder.problems)
    if not isinstance(src.data, dict):
        kind = type(src.data).__name__
        line, col = src.where(())
        raise FileError.single(
            label, f"top level is a {kind}, not a mapping", "start with `key: value` lines", line, col
        )
    return src


def load_source(path: str | Path, label: str | None = None) -> Source:
    label, text = read_text(path, label)
    return parse(text, label)


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, label: str) -> FileError:
    """Where the parser noticed, and where the construct it was reading opened.

    An unclosed ``[`` on line 3 is noticed on a later line; naming line 3 too
    is what lets a person find it.
    """
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    msg = (exc.problem or exc.context or "invalid YAML").strip()
    lines = text.splitlines()
    bad_line = lines[line - 1] if 0 < line <= len(lines) else ""
    hint = _syntax_hint(msg, bad_line)
    opened = exc.context_mark
    if exc.problem and exc.context and opened is not None and opened is not mark:
        at = (opened.line + 1, opened.column + 1)
        if at != (line, col):
            what = exc.context.strip().removeprefix("while parsing ").removeprefix("while scanning ")
            msg += f" (in {_CONSTRUCTS.get(what, what)} opened at line {at[0]}, column {at[1]})"
            hint = _opened_hint(what, at[0]) or hint
    return FileError.single(label, f"YAML syntax: {msg}", hint, line, col)


# PyYAML's names for what it was reading, in words a rulebook author knows.
_CONSTRUCTS = {
    "a flow sequence": "the [ list",
    "a flow mapping": "the { mapping",
    "a quoted scalar": "the quoted text",
    "a block mapping": "the mapping",
    "a block collection": "the list",
}


def _opened_hint(what: str, line: int) -> str:
    if "flow sequence" in what:
        return f"close the [ opened on line {line} with ]"
    if "flow mapping" in what:
        return f"close the {{ opened on line {line} with }}"
    if "quoted scalar" in what:
        return f"close the quote opened on line {line}"
    return ""


def _syntax_hint(msg: str, line: str = "") -> str:
    if "nesting" in msg:
        return f"keep nesting under {MAX_DEPTH} levels"
    if "tab" in msg or "\t" in line[: len(line) - len(line.lstrip())]:
        return "indent with spaces, not tabs"
    if "mapping values" in msg:
        return "a value containing ': ' needs quotes"
    if "expected <block end>" in msg or "indent" in msg:
        return "check the indentation of this line and the one above"
    return "check quotes, colons and indentation near here"


class _Abort(Exception):
    pass


class _Builder:
    """Turns a composed node graph into plain data, with guards."""

    def __init__(self, src: Source) -> None:
        self.src = src
        self.count = 0
        self.problems: list[Problem] = []
        self._ctor = yaml.constructor.SafeConstructor()

    def _fail(self, node: yaml.Node, path: Path_, message: str, hint: str) -> None:
        m = node.start_mark
        self.problems.append(Problem(self.src.file, m.line + 1, m.column + 1, _dotted(path), message, hint))

    def build(self, node: yaml.Node, path: Path_, depth: int) -> Any:
        try:
            return self._build(node, path, depth, frozenset())
        except _Abort:
            return None

    def _build(self, node: yaml.Node, path: Path_, depth: int, active: frozenset[int]) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            self._fail(node, path, "document expands to too many values", "avoid alias bombs (*ref)")
            raise _Abort
        if depth > MAX_DEPTH:
            self._fail(node, path, "nesting is too deep", f"keep it under {MAX_DEPTH} levels")
            raise _Abort
        if id(node) in active:
            self._fail(node, path, "an alias refers to itself", "remove the recursive *alias")
            raise _Abort
        self.src.positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if node.tag not in _STD_TAGS:
            self._fail(node, path, f"tag {node.tag!r} is not allowed", "plain YAML values only")
            return None
        inner = active | {id(node)}
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth, inner)
        if isinstance(node, yaml.SequenceNode):
            return [self._build(n, (*path, i), depth + 1, inner) for i, n in enumerate(node.value)]
        return self._scalar(node, path)

    def _mapping(self, node: yaml.MappingNode, path: Path_, depth: int, active: frozenset[int]):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                merged = self._build(value_node, path, depth + 1, active)
                for part in merged if isinstance(merged, list) else [merged]:
                    if isinstance(part, dict):
                        for k, v in part.items():
                            out.setdefault(k, v)
                continue
            key = self._build(key_node, path, depth + 1, active)
            if not isinstance(key, (str, int, float, bool)) or key is None:
                self._fail(key_node, path, "keys must be plain words", "write `name: value`")
                continue
            key = str(key) if not isinstance(key, str) else key
            kpath = (*path, key)
            if key in out:
                self._fail(key_node, kpath, f"duplicate key {key!r}", "each key may appear once")
                continue
            self.src.key_positions[kpath] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            out[key] = self._build(value_node, kpath, depth + 1, active)
        return out

    def _scalar(self, node: yaml.Node, path: Path_) -> Any:
        if node.tag == "tag:yaml.org,2002:binary":
            self._fail(node, path, "binary values are not allowed", "plain YAML values only")
            return None
        try:
            return self._ctor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError) as exc:
            self._fail(node, path, f"cannot read value: {exc}", "check the value's format")
            return None


def _dotted(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


dotted = _dotted
