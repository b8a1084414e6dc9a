"""The one writer of output files for `python -m simulator` (run, compare, replay, calibrate).

Reports modules return data and text; only the CLI writes, through here.  An
``--out`` path is checked before any work is done (:func:`check_out_path`), so
a refused path leaves nothing behind, and a file is written to exactly the
path given.  Problems raise :class:`~formats.errors.ArgumentError`.
"""

from __future__ import annotations

from pathlib import Path

from formats.errors import ArgumentError

YAML_SUFFIXES = (".yaml", ".yml")


def check_out_path(path: Path, *, replace: bool, suffixes: tuple[str, ...] = ()) -> None:
    """Refuse an output path that cannot be used: a folder, a missing folder, a wrong suffix, or
    an existing file when ``replace`` is false (``--force`` not given)."""
    if path.is_dir():
        raise ArgumentError.single(str(path), "is a folder", "name a file to write", path="--out")
    if not path.parent.is_dir():
        raise ArgumentError.single(
            str(path), "the folder does not exist", f"create {path.parent} first", path="--out"
        )
    if suffixes and path.suffix not in suffixes:
        raise ArgumentError.single(
            str(path), f"must end with {' or '.join(suffixes)}", "e.g. scenarios/my_shop.yaml", path="--out"
        )
    if path.exists() and not replace:
        raise ArgumentError.single(
            str(path), "already exists; not replaced", "add --force to replace it", path="--out"
        )


def write_output(
    path: str | Path,
    text: str,
    *,
    replace: bool = True,
    suffixes: tuple[str, ...] = (),
    checked: bool = True,
    what: str = "",
) -> bool:
    """Write ``text`` (UTF-8) to exactly ``path``; True when it replaced an existing file.

    Messages name ``path`` as given (a string stays as typed on the command line).

    ``checked=False`` skips :func:`check_out_path` and leaves every refusal to the
    operating system (``run`` and ``compare --out`` have always done so; their
    messages read ``cannot write the output: ...``, with ``what="the output"``).
    """
    label, target = str(path), Path(path)
    if checked:
        check_out_path(target, replace=replace, suffixes=suffixes)
    existed = target.exists()
    try:
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        failed = f"cannot write {what}".rstrip()
        raise ArgumentError.single(label, f"{failed}: {exc.strerror}", "check the folder") from None
    return existed
