"""The house rules of ARCHITECTURE.md and docs/architecture.md that a machine can check."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORE = ("formats", "rules", "simulator", "training", "classroom")
PROJECT = {*CORE, "ui", "app", "benchmarks", "sandbox", "streamlit", "tests"}
# Each layer and the project packages it may import (docs/architecture.md, "Layers").
ALLOWED = {
    "formats": {"formats"},
    "rules": {"formats", "rules"},
    "simulator": {"formats", "rules", "simulator"},
    "training": {"formats", "rules", "simulator", "training"},
    "classroom": {"formats", "rules", "simulator", "training", "classroom"},
    "sandbox": {"formats", "rules", "simulator", "sandbox"},  # on the core, never the screen
    "benchmarks": PROJECT - {"app"},
}
PACKAGES = (*CORE, "ui", "benchmarks", "sandbox")
MAX_LINES = 400


def source_files(*packages: str) -> list[Path]:
    return sorted(p for pkg in packages for p in (ROOT / pkg).rglob("*.py"))


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def _runtime_nodes(tree: ast.AST) -> list[ast.AST]:
    """Every node but those under ``if TYPE_CHECKING:`` (annotations only: nothing runs them)."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            skip |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
    return [n for n in ast.walk(tree) if id(n) not in skip]


def module_imports(path: Path, known: set[str]) -> set[str]:
    """Project modules a file imports, at module level or inside a function: a deferred import
    still makes a cycle, it only hides it from the top of the file.  An import under
    ``if TYPE_CHECKING:`` is for annotations and runs in no order, so it makes none."""
    out: set[str] = set()
    for node in _runtime_nodes(ast.parse(path.read_text(), str(path))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            targets = [f"{node.module}.{a.name}" for a in node.names] + [node.module]
        for t in targets:
            while t and t not in known:
                t = t.rpartition(".")[0]
            if t:
                out.add(t)
    return out


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_each_layer_imports_only_the_layers_above_it(package):
    files = source_files(package)
    assert files, f"{package}/ has no modules"
    for f in files:
        bad = (imports(f) & PROJECT) - ALLOWED[package]
        assert not bad, f"{f.relative_to(ROOT)} imports {sorted(bad)}"


def import_graph() -> dict[str, set[str]]:
    files = source_files(*PACKAGES)
    known = {module_name(f) for f in files}
    graph = {module_name(f): module_imports(f, known) - {module_name(f)} for f in files}
    # A package imports its own __init__ on the way to a submodule: that edge is not a cycle.
    return {m: {t for t in deps if not m.startswith(t + ".")} for m, deps in graph.items()}


def test_no_import_cycles():
    """Imports inside functions count too: deferring an import never breaks a cycle."""
    graph = import_graph()
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycle = [*stack[stack.index(nxt) :], nxt]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m)


def test_imports_inside_functions_say_why_they_are_deferred():
    slips = []
    for f in [*source_files(*PACKAGES), ROOT / "app.py"]:
        lines = f.read_text().splitlines()
        for node in ast.walk(ast.parse("\n".join(lines), str(f))):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for inner in ast.walk(node):
                if isinstance(inner, ast.Import | ast.ImportFrom):
                    here = lines[inner.lineno - 1] + " " + lines[inner.lineno - 2]
                    if "deferred" not in here:
                        slips.append(f"{f.relative_to(ROOT)}:{inner.lineno}")
    assert not slips, "imports inside functions without a '# deferred: why' comment: " + ", ".join(slips)


def test_no_module_over_the_size_limit():
    big = {
        str(f.relative_to(ROOT)): n
        for f in [*source_files(*PACKAGES), ROOT / "app.py"]
        if (n := len(f.read_text().splitlines())) > MAX_LINES
    }
    assert not big, f"modules over {MAX_LINES} lines: {big}"


def test_only_safe_yaml_loading():
    unsafe = ["yaml." + "load(", "yaml." + "unsafe_load", "Faker." + "seed("]
    for f in sorted(ROOT.rglob("*.py")):
        if ".venv" in f.parts:
            continue
        text = f.read_text()
        found = [u for u in unsafe if u in text]
        assert not found, f"{f.relative_to(ROOT)} uses {found}: safe loading and seed_instance only"


# -- no rule decided outside the engine ----------------------------------------------------------
# Code outside rules/ and formats/ (which define the vocabulary) asks the engine: it names no reason,
# status, situation or marketplace.  The one exception is the order report's table of spellings
# ("Canceled", "Cancelled", "cancelled" ...), which stays in one module.
OUTSIDE_RULES = ["simulator", "training", "classroom", "ui", "benchmarks", "sandbox", "app.py"]
SPELLING_TABLE = ROOT / "simulator" / "reports" / "values.py"


def rulebook_vocabulary() -> dict[str, set[str]]:
    """Every id the shipped rulebooks (merged, as the engine reads them) define, by kind."""
    from formats.loader import available_rulebooks, load_rulebook  # deferred: only these tests need it

    out: dict[str, set[str]] = {"reason": set(), "status": set(), "situation": set(), "marketplace": set()}
    for name in available_rulebooks():
        rb = load_rulebook(name)
        out["reason"] |= {r.id for r in rb.reasons}
        out["status"] |= {s.id for s in rb.statuses}
        out["situation"] |= {s.id for s in rb.situations}
        out["marketplace"] |= {rb.id, rb.marketplace}
    return out


# Ids that are also the name of a field (an exercise's ``special_request``): as a dict key or a
# subscript they name the field, not the situation.
FIELD_NAMES = {"special_request"}


def _field_keys(tree: ast.AST) -> set[int]:
    """ids of the constants used as a dict key or a subscript that name a field."""
    keys: list[ast.AST] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            keys += [k for k in node.keys if k is not None]
        elif isinstance(node, ast.Subscript):
            keys.append(node.slice)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get":
            keys += node.args[:1]
    return {id(k) for k in keys if isinstance(k, ast.Constant) and k.value in FIELD_NAMES}


def vocabulary_literals(path: Path, ids: set[str]) -> list[str]:
    """String constants that name an id, alone or as a part of a dotted key (docstrings aside)."""
    tree = ast.parse(path.read_text(), str(path))
    fields = _field_keys(tree)
    found = []
    for node in ast.walk(tree):
        text = node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else ""
        if id(node) in fields:
            continue
        if text and not any(c.isspace() for c in text) and ids & set(text.split(".")):
            where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
            found.append(f"{where}:{node.lineno}: {node.value!r}")
    return found


def outside_the_rules() -> list[Path]:
    files = [
        p
        for name in OUTSIDE_RULES
        if (ROOT / name).exists()
        for p in ([ROOT / name] if name.endswith(".py") else (ROOT / name).rglob("*.py"))
    ]
    return sorted(f for f in files if f != SPELLING_TABLE)


@pytest.mark.parametrize("kind", ["reason", "status", "situation", "marketplace"])
def test_no_vocabulary_id_is_written_outside_the_rules(kind):
    ids = rulebook_vocabulary()[kind]
    assert len(ids) >= 6, ids
    files = outside_the_rules()
    assert len(files) > 50
    found = [hit for f in files for hit in vocabulary_literals(f, ids)]
    assert not found, f"ask the rules engine instead of naming a {kind}:\n" + "\n".join(found)


def test_the_literal_check_finds_a_literal(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text(
        'X = "Unshipped"\nY = "situations.out_of_stock.handlings"\nZ = "a doc with Unshipped"\n'
        'W = {"special_request": 1}["special_request"]\nU = {}.get("special_request")\n'
        'V = "special_request"\n'
    )
    ids = rulebook_vocabulary()
    assert vocabulary_literals(probe, ids["status"]) == ["probe.py:1: 'Unshipped'"]
    assert vocabulary_literals(probe, ids["situation"]) == [
        "probe.py:2: 'situations.out_of_stock.handlings'",
        "probe.py:6: 'special_request'",
    ]


def test_the_map_names_every_package():
    """docs/architecture.md is the map: every package and subpackage must be on it."""
    text = (ROOT / "docs" / "architecture.md").read_text()
    packages = {p.parent.relative_to(ROOT) for pkg in PACKAGES for p in (ROOT / pkg).rglob("__init__.py")}
    missing = sorted(
        str(p)
        for p in packages
        if "migrations" not in p.parts
        and "identity" not in p.parts[1:2] + p.parts[2:3]
        and f"{p.name}/" not in text
        and f"`{p.name}`" not in text
    )
    assert not missing, f"docs/architecture.md does not name: {missing}"
