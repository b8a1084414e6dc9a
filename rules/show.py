"""`python -m rules show ID`: a rulebook as the engine reads it, its family merged.

With ``origin``, every value carries the file and line that set it, so a reader of a
child rulebook sees which facts are its own and which it inherits.
"""

from __future__ import annotations

from typing import Any

import yaml

from formats.yaml_source import Path_, Source


def render(src: Source, *, origin: bool = False) -> str:
    lines: list[str] = []
    _value(src, src.data, (), 0, lines, origin)
    return "\n".join(lines) + "\n"


def _scalar(value: Any) -> str:
    text = yaml.safe_dump(value, default_flow_style=True, width=1 << 20, allow_unicode=True)
    return text.removesuffix("\n").removesuffix("\n...").strip()


def _where(src: Source, path: Path_, origin: bool) -> str:
    if not origin:
        return ""
    line = src.key_positions.get(path, src.where(path))[0]  # a key's own line, where it has one
    return f"  # {src.file_at(path)}:{line}"


def _value(src: Source, value: Any, path: Path_, indent: int, lines: list[str], origin: bool) -> None:
    pad = " " * indent
    if isinstance(value, dict):
        for k, v in value.items():
            here = (*path, k)
            if isinstance(v, (dict, list)) and v:
                lines.append(f"{pad}{k}:{_where(src, here, origin)}")
                _value(src, v, here, indent + 2, lines, origin)
            else:
                lines.append(f"{pad}{k}: {_scalar(v)}{_where(src, here, origin)}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            here = (*path, i)
            if isinstance(v, (dict, list)) and v:
                start = len(lines)
                _value(src, v, here, indent + 2, lines, origin)
                lines[start] = f"{pad}- {lines[start][indent + 2 :]}"
            else:
                lines.append(f"{pad}- {_scalar(v)}{_where(src, here, origin)}")
