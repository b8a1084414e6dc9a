"""The base of the typed results the core hands to its two faces (the CLI and the pages).

A result is a frozen dataclass whose fields are its JSON keys, in the JSON's order:
:meth:`Record.to_dict` gives the dict the JSON, CSV and YAML writers take, and
:meth:`Record.to_json` the text ``--format json`` prints (byte for byte what the dicts
gave before results were typed; ``tests/simulator/test_json_contract.py`` pins it).
A field whose default is :data:`ABSENT` is left out of the JSON when it has no value
(a key only some results carry), which is not the same as ``null``.

Blocks whose keys depend on the rulebook (the daily rows, whose columns follow its
windows; the deltas, keyed by policy) stay plain dicts inside the record.
"""

from __future__ import annotations

import json
import types
import typing
from collections.abc import Mapping
from dataclasses import MISSING, dataclass, fields
from typing import Any, Self


class _Absent:
    """A key this result does not carry."""

    def __repr__(self) -> str:
        return "ABSENT"

    def __bool__(self) -> bool:
        return False

    def __reduce__(self) -> str:
        # A copy (st.cache_data pickles every result it hands out) is the one ABSENT, so that
        # ``is ABSENT`` still leaves the key out of the JSON.
        return "ABSENT"


ABSENT: Any = _Absent()


@dataclass(frozen=True, kw_only=True)
class Record:
    """A typed result block; subclasses list their keys as fields, in the JSON's order."""

    def to_dict(self) -> dict:
        """The JSON-ready dict (fresh: changing it changes nothing here)."""
        return {f.name: _plain(v) for f in fields(self) if (v := getattr(self, f.name)) is not ABSENT}

    def to_json(self) -> str:
        """The text ``--format json`` prints, and the pages' JSON downloads."""
        return json.dumps(self.to_dict(), indent=2) + "\n"

    def __getitem__(self, key: str) -> Any:
        """``record[key]``: the field as plain JSON, for callers written against the dicts (scripts)."""
        if key not in _hints(type(self)) or (value := getattr(self, key)) is ABSENT:
            raise KeyError(key)
        return _plain(value)

    def get(self, name: str, default: Any = None) -> Any:
        """A field that some results leave out (:data:`ABSENT`), or ``default``."""
        value = getattr(self, name, ABSENT)
        return default if value is ABSENT else value

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """The record of a JSON-ready dict (a cached result is kept as JSON text)."""
        hints = _hints(cls)
        unknown = set(data) - set(hints)
        if unknown:
            raise ValueError(f"{cls.__name__} has no field {', '.join(sorted(unknown))}")
        values = {}
        for f in fields(cls):
            if f.name in data:
                values[f.name] = _build(hints[f.name], data[f.name])
            elif f.default is MISSING and f.default_factory is MISSING:
                raise ValueError(f"{cls.__name__} needs {f.name}")
        return cls(**values)


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]


def _plain(value: Any) -> Any:
    if isinstance(value, Record):
        return value.to_dict()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _build(tp: Any, value: Any) -> Any:
    """``value`` (plain JSON) as type ``tp``: records built, lists and dicts of records walked."""
    if isinstance(tp, type) and issubclass(tp, Record):
        return tp.from_dict(value)
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        records = [a for a in args if isinstance(a, type) and issubclass(a, Record)]
        return records[0].from_dict(value) if records and isinstance(value, Mapping) else value
    if origin is dict and len(args) == 2:
        return {k: _build(args[1], v) for k, v in value.items()}
    if origin is list and args:
        return [_build(args[0], v) for v in value]
    return value
