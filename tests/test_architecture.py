"""The house rules of ARCHITECTURE.md that a machine can check."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
ALLOWED = {
    "rules": {"rules"},
    "simulator": {"rules", "simulator"},
    "training": {"rules", "simulator", "training"},
}
PROJECT = {"rules", "simulator", "training", "ui", "app", "streamlit", "tests"}


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_core_imports_only_what_its_room_allows(package):
    files = sorted((ROOT / package).rglob("*.py"))
    assert files, f"{package}/ has no modules"
    for f in files:
        bad = (imports(f) & PROJECT) - ALLOWED[package]
        assert not bad, f"{f.relative_to(ROOT)} imports {sorted(bad)}"


def test_only_safe_yaml_loading():
    unsafe = ["yaml." + "load(", "yaml." + "unsafe_load", "Faker." + "seed("]
    for f in sorted(ROOT.rglob("*.py")):
        if ".venv" in f.parts:
            continue
        text = f.read_text()
        found = [u for u in unsafe if u in text]
        assert not found, f"{f.relative_to(ROOT)} uses {found}: safe loading and seed_instance only"


# -- no rule decided outside the engine ----------------------------------------------------------
# Code outside rules/ and formats/ (which define the vocabulary) asks the engine which reason to use.
OUTSIDE_RULES = ["simulator", "training", "ui", "benchmarks", "app.py"]


def rulebook_reason_ids() -> set[str]:
    ids: set[str] = set()
    for f in sorted((ROOT / "rules").glob("*.yaml")):
        ids |= {r["id"] for r in yaml.safe_load(f.read_text())["reasons"]}
    return ids


def reason_literals(path: Path, reasons: set[str]) -> list[str]:
    """String constants that name a reason id, alone or as a part of a dotted key (docstrings aside)."""
    tree = ast.parse(path.read_text(), str(path))
    found = []
    for node in ast.walk(tree):
        text = node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else ""
        if text and not any(c.isspace() for c in text) and reasons & set(text.split(".")):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value!r}")
    return found


def test_no_reason_id_is_written_outside_the_rules():
    reasons = rulebook_reason_ids()
    assert {"BuyerCanceled", "NoInventory"} <= reasons
    files = [
        p
        for name in OUTSIDE_RULES
        for p in ([ROOT / name] if name.endswith(".py") else (ROOT / name).rglob("*.py"))
    ]
    assert len(files) > 50
    found = [hit for f in sorted(files) for hit in reason_literals(f, reasons)]
    assert not found, "ask rules.engine instead of naming a reason:\n" + "\n".join(found)
