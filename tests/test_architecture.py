"""The house rules of ARCHITECTURE.md that a machine can check."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ALLOWED = {
    "formats": set(),  # stdlib, pyyaml and pydantic only
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
