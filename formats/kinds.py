"""Which model validates which YAML file, so one `check` command serves all.

The kind is read from the file's keys: a rulebook has ``metrics``, a policy
has ``handling``, a scenario has ``volume``.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from formats.errors import FileError, reported_as
from formats.inherit import resolve
from formats.loader import RULES_DIR
from formats.policy import Policy
from formats.rulebook import Rulebook
from formats.scenario import Scenario
from formats.validate import model_from_source
from formats.yaml_source import Source, load_source, parse

KIND_KEYS = {"rulebook": "metrics", "policy": "handling", "scenario": "volume"}


MODELS: dict[str, type[BaseModel]] = {"rulebook": Rulebook, "policy": Policy, "scenario": Scenario}


def model_for(kind: str) -> type[BaseModel]:
    if kind not in MODELS:
        raise ValueError(kind)
    return MODELS[kind]


def detect(src: Source) -> str:
    for kind, key in KIND_KEYS.items():
        if key in src.data:
            return kind
    if "extends" in src.data:  # a child rulebook may inherit its metrics
        return "rulebook"
    raise FileError.single(
        src.file,
        "cannot tell what kind of file this is",
        "a rulebook has `metrics:`, a policy `handling:`, a scenario `volume:`",
    )


def check_source(src: Source, kind: str | None = None) -> tuple[str, BaseModel]:
    kind = kind or detect(src)
    if kind == "rulebook":
        with reported_as(Rulebook.file_error):
            src = resolve(src, [RULES_DIR])
    base = Path(src.file).resolve().parent if Path(src.file).exists() else None
    ctx = {"base_dir": base} if kind == "scenario" else {}
    return kind, model_from_source(src, model_for(kind), **ctx)


def check_file(path: str | Path, kind: str | None = None) -> tuple[str, BaseModel]:
    """Validate any project YAML file; raises RulebookError with every problem."""
    return check_source(load_source(path), kind)


def check_text(text: str, label: str, kind: str | None = None) -> tuple[str, BaseModel]:
    return check_source(parse(text, label), kind)
