"""The one did-you-mean and the one "did you mean 0.025?" hint."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from formats.suggestions import closest, did_you_mean, fraction_hint

ROOT = Path(__file__).resolve().parents[2]


def test_closest_known_name():
    assert closest("starter_shp", ["starter_shop", "holiday_stockout"]) == "starter_shop"
    assert closest("zzz", ["starter_shop"]) is None
    assert closest("x", []) is None


def test_substring_match_wins_first_only_when_asked():
    known = ["NoInventory", "ShippingAddressUndeliverable"]
    assert closest("Inventory", known, substring=True) == "NoInventory"
    assert closest("inventory", known, substring=True) == "NoInventory"  # case-insensitive
    assert closest("NoInventoryy", ["NoInventory", "No"], substring=True) == "NoInventory"
    assert closest("ab", ["abcdefgh"]) is None and closest("ab", ["abcdefgh"], substring=True) == "abcdefgh"


def test_did_you_mean_or_otherwise():
    assert did_you_mean("by_the_bok", ["by_the_book"]) == "did you mean 'by_the_book'?"
    assert (
        did_you_mean("zzz", ["by_the_book"], "known policies: by_the_book") == "known policies: by_the_book"
    )
    assert did_you_mean("zzz", ["by_the_book"]) == ""


@pytest.mark.parametrize(
    ("value", "hint"),
    [(2.5, "did you mean 0.025?"), (12, "did you mean 0.12?"), (100, "did you mean 1?"),
     (1.0, "otherwise"), (100.5, "otherwise"), (-3, "otherwise")],
)  # fmt: skip
def test_fraction_hint(value, hint):
    assert fraction_hint(value, "otherwise") == hint


def test_nothing_else_calls_difflib():
    """Every did-you-mean goes through formats/suggestions.py."""
    offenders = []
    for pkg in ("formats", "rules", "simulator", "training", "classroom", "ui"):
        for f in sorted((ROOT / pkg).rglob("*.py")):
            if f.name == "suggestions.py":
                continue
            text = f.read_text()
            if "did you mean {" in text:
                offenders.append(f"{f.relative_to(ROOT)} writes its own did-you-mean")
            tree = ast.parse(text)
            names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
            names |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
            if "difflib" in names:
                offenders.append(str(f.relative_to(ROOT)))
    assert offenders == []
