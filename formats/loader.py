"""Find and load rulebooks by name or path."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from formats.errors import ArgumentError, reported_as
from formats.inherit import resolve
from formats.rulebook import Rulebook
from formats.validate import model_from_source
from formats.yaml_source import Source, display_path, load_source

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"
DEFAULT_RULEBOOK = "amazon_us"


def available_rulebooks() -> list[str]:
    return sorted(p.stem for p in RULES_DIR.glob("*.yaml"))


def rulebook_path(name_or_path: str | Path) -> Path:
    """``amazon_us``, ``amazon_us.yaml`` or a path to a file."""
    p = Path(name_or_path)
    if p.suffix in (".yaml", ".yml") and p.exists():
        return p
    candidate = RULES_DIR / f"{p.stem}.yaml"
    if candidate.exists():
        return candidate
    known = ", ".join(available_rulebooks())
    raise ArgumentError.single(str(name_or_path), "no such rulebook", f"known rulebooks: {known}")


def load_rulebook(name_or_path: str | Path = DEFAULT_RULEBOOK) -> Rulebook:
    path = rulebook_path(name_or_path).resolve()
    return _cached(str(path), path.stat().st_mtime_ns)


@lru_cache(maxsize=32)
def _cached(path: str, _mtime: int) -> Rulebook:
    return model_from_source(rulebook_source(path), Rulebook)


def rulebook_source(path: str | Path) -> Source:
    """A rulebook file merged onto the rulebooks it extends, every value with its file and line."""
    with reported_as(Rulebook.file_error):
        return resolve(load_source(path, display_path(path)), [RULES_DIR])
