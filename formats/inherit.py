"""Rulebooks that extend another: a child file holds only what differs from its parent.

Merge rules (docs/rulebook-format.md, "A family of rulebooks"):

- mappings merge key by key;
- lists whose entries have an ``id`` merge by id: a child entry patches the parent's entry
  of the same id, a new id is added at the end, ``remove: true`` drops one;
- anything else is replaced.

The merged document is a :class:`~formats.yaml_source.Source` like any other, so every
value keeps the file, line and column it came from: a validation problem in a child names
the child's file, and ``python -m rules show --origin`` prints where each value was set.
A fact a child changes in an entry that cites a ``source:`` must cite its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from formats.errors import FileError, Problem
from formats.suggestions import closest, did_you_mean
from formats.yaml_source import Path_, Source, display_path, dotted, load_source

META_KEYS = ("remove", "new")  # entry keys the merge reads and drops
MAX_DEPTH = 8  # a family deeper than this is a mistake, not a design


def resolve(src: Source, dirs: Iterable[Path]) -> Source:
    """``src`` merged onto its parents (itself when it extends nothing)."""
    return _resolve(src, [Path(d) for d in dirs], ())


def _resolve(src: Source, dirs: list[Path], chain: tuple[str, ...]) -> Source:
    parent_id = src.data.get("extends")
    if parent_id is None:
        return src
    line, col = src.where(("extends",))
    own_id = src.data.get("id")
    if not isinstance(parent_id, str) or not parent_id:
        raise FileError.single(
            src.file, "extends needs a rulebook id", "e.g. `extends: amazon_us`", line, col
        )
    if not isinstance(own_id, str):
        raise FileError.single(src.file, "a rulebook that extends another needs its own id", "add `id:`")
    chain = (*chain, own_id)
    if parent_id in chain or len(chain) > MAX_DEPTH:
        loop = " → ".join((*chain, parent_id))
        raise FileError(
            [
                Problem(
                    src.file,
                    line,
                    col,
                    "extends",
                    f"rulebooks extend each other in a cycle: {loop}",
                    "a family is a tree: the base rulebook extends nothing",
                )
            ]
        )
    parent_path = _find(parent_id, src, dirs)
    if parent_path is None:
        known = sorted({p.stem for d in dirs for p in d.glob("*.yaml")} - {own_id})
        hint = did_you_mean(parent_id, known, f"known rulebooks: {', '.join(known)}")
        raise FileError(
            [Problem(src.file, line, col, "extends", f"no rulebook {parent_id!r} to extend", hint)]
        )
    parent = load_source(parent_path, display_path(parent_path))
    if parent.data.get("id") != parent_id:
        raise FileError.single(
            src.file,
            f"{parent.file} holds rulebook {parent.data.get('id')!r}, not {parent_id!r}",
            "name a rulebook file after its id",
            line,
            col,
        )
    parent = _resolve(parent, dirs, chain)
    return Merge(parent, src).run()


def _find(parent_id: str, src: Source, dirs: list[Path]) -> Path | None:
    own = Path(src.file)
    for d in ([own.resolve().parent] if own.exists() else []) + dirs:
        candidate = d / f"{parent_id}.yaml"
        if candidate.exists():
            return candidate
    return None


def is_id_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(e, dict) and "id" in e for e in value)


class Merge:
    """One child onto one (already merged) parent, keeping every value's place."""

    def __init__(self, parent: Source, child: Source) -> None:
        self.parent, self.child = parent, child
        self.out = Source(child.file, None, files={})
        self.problems: list[Problem] = []

    def run(self) -> Source:
        child = {k: v for k, v in self.child.data.items() if k != "extends"}
        self.out.data = self.mapping((), self.parent.data, (), child, ())
        if self.problems:
            raise FileError(self.problems)
        return self.out

    # -- placing values ------------------------------------------------------
    def place(self, src: Source, spath: Path_, dpath: Path_) -> None:
        if spath in src.positions:
            self.out.positions[dpath] = src.positions[spath]
            self.out.files[dpath] = src.file_at(spath)
        if spath in src.key_positions:
            self.out.key_positions[dpath] = src.key_positions[spath]

    def take(self, src: Source, spath: Path_, dpath: Path_, value: Any) -> Any:
        """``value`` as it stands in ``src``, placed at ``dpath`` with all it holds."""
        self.place(src, spath, dpath)
        if isinstance(value, dict):
            for k, v in value.items():
                self.take(src, (*spath, k), (*dpath, k), v)
        elif isinstance(value, list):
            for i, v in enumerate(value):
                self.take(src, (*spath, i), (*dpath, i), v)
        return value

    def fail(self, cpath: Path_, message: str, hint: str) -> None:
        line, col = self.child.where(cpath)
        self.problems.append(Problem(self.child.file, line, col, dotted(cpath), message, hint))

    # -- merging ---------------------------------------------------------------
    def value(self, ppath: Path_, pval: Any, cpath: Path_, cval: Any, dpath: Path_) -> Any:
        if isinstance(pval, dict) and isinstance(cval, dict):
            return self.mapping(ppath, pval, cpath, cval, dpath)
        if is_id_list(pval) and is_id_list(cval):
            return self.entries(ppath, pval, cpath, cval, dpath)
        return self.take(self.child, cpath, dpath, cval)

    def mapping(self, ppath: Path_, pval: dict, cpath: Path_, cval: dict, dpath: Path_) -> dict:
        self.place(self.child, cpath, dpath)
        self._needs_source(pval, cpath, cval)
        out: dict[str, Any] = {}
        for k, v in pval.items():
            if k in cval:
                out[k] = self.value((*ppath, k), v, (*cpath, k), cval[k], (*dpath, k))
            else:
                out[k] = self.take(self.parent, (*ppath, k), (*dpath, k), v)
        for k, v in cval.items():
            if k not in pval:
                out[k] = self.take(self.child, (*cpath, k), (*dpath, k), v)
        return out

    def entries(self, ppath: Path_, pval: list, cpath: Path_, cval: list, dpath: Path_) -> list:
        self.place(self.child, cpath, dpath)
        parent_ids = [e["id"] for e in pval]
        patches: dict[str, int] = {}
        removed: set[str] = set()
        added: list[int] = []
        for j, entry in enumerate(cval):
            eid, epath = entry.get("id"), (*cpath, j)
            if not isinstance(eid, str):
                self.fail(epath, "an entry in a child rulebook needs its id", "add `id:` naming the entry")
            elif eid in patches or eid in removed:
                self.fail((*epath, "id"), f"id {eid!r} is patched twice", "patch each entry once")
            elif entry.get("remove") is True:
                self._remove(epath, entry, eid, parent_ids, removed)
            elif eid in parent_ids:
                patches[eid] = j
            elif entry.get("new") is not True and closest(eid, parent_ids) is not None:
                self.fail(
                    (*epath, "id"),
                    f"the parent has no entry {eid!r} to patch",
                    f"{did_you_mean(eid, parent_ids)} (a new entry with a close id says `new: true`)",
                )
            else:
                added.append(j)
        out: list[Any] = []
        for i, entry in enumerate(pval):
            if entry["id"] in removed:
                continue
            here = (*dpath, len(out))
            if entry["id"] in patches:
                j = patches[entry["id"]]
                patch = {k: v for k, v in cval[j].items() if k not in META_KEYS}
                out.append(self.mapping((*ppath, i), entry, (*cpath, j), patch, here))
            else:
                out.append(self.take(self.parent, (*ppath, i), here, entry))
        for j in added:
            entry = {k: v for k, v in cval[j].items() if k not in META_KEYS}
            out.append(self.take(self.child, (*cpath, j), (*dpath, len(out)), entry))
        return out

    def _remove(self, epath: Path_, entry: dict, eid: str, parent_ids: list[str], removed: set[str]) -> None:
        if eid not in parent_ids:
            hint = did_you_mean(eid, parent_ids, f"the parent's ids: {', '.join(parent_ids)}")
            self.fail((*epath, "id"), f"the parent has no entry {eid!r} to remove", hint)
        elif set(entry) - {"id", "remove"}:
            self.fail(epath, "an entry with `remove: true` holds only its id", "drop the other keys")
        else:
            removed.add(eid)

    def _needs_source(self, pval: dict, cpath: Path_, cval: dict) -> None:
        """A child that changes a sourced fact says where its own value comes from."""
        if "source" not in pval or "source" in cval:
            return
        changed = [
            k
            for k, v in cval.items()
            if k not in ("id", *META_KEYS)
            and v != pval.get(k)
            and not is_id_list(pval.get(k))
            and not (isinstance(pval.get(k), dict) and "source" in pval[k])
        ]
        if changed:
            self.fail(
                cpath,
                f"changes {', '.join(changed)} of the parent's entry without a source",
                "add `source:` naming the help page this marketplace's value comes from",
            )
