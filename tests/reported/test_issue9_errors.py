"""Issue 9, part 3 "One error layer": regression tests for the problems it reports."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from formats import errors
from formats.errors import InputError, RulebookError
from formats.yaml_source import parse

ROOT = Path(__file__).resolve().parents[2]


def test_unclosed_bracket_is_reported_where_it_opened():
    """ "Today an unclosed `[` on line 3 is reported only at line 5." """
    text = "name: p\ntitle: t\nhandling: [out_of_stock,\n  defect_damage\ndescription: x\n"
    with pytest.raises(RulebookError) as info:
        parse(text, "p.yaml")
    message = str(info.value)
    assert message.startswith("p.yaml:5:12: ")  # where the parser noticed, as before
    assert "opened at line 3, column 11" in message and "close the [ opened on line 3" in message


def test_rules_check_prints_both_lines(tmp_path):
    """ "A YAML syntax error names the line where the construct opened (PyYAML's context mark)
    as well as where the parser noticed." """
    f = tmp_path / "r.yaml"
    f.write_text("id: x\nmetrics:\n  cancellation_rate:\n    windows_days: [7\n    limit: 0.025\n")
    proc = subprocess.run(
        [sys.executable, "-m", "rules", "check", str(f)], cwd=ROOT, capture_output=True, text=True
    )
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert f"{f}:5:" in proc.stdout and "opened at line 4" in proc.stdout


def test_calibrate_and_the_cli_no_longer_import_each_other():
    """ "`simulator/calibrate.py` and `simulator/cli_replay.py` import each other." """
    tree = ast.parse((ROOT / "simulator" / "reports" / "calibrate.py").read_text())
    modules = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert not any(m.startswith("simulator.cli") for m in modules)
    text = (ROOT / "simulator" / "reports" / "calibrate.py").read_text()
    assert "write_text" not in text and "open(" not in text  # reports return data, the CLI writes


def test_one_error_type_for_every_problem():
    """ "One `Problem` type and a small hierarchy: file errors for rulebook, scenario, policy,
    exercise and report, plus argument errors." """
    kinds = {n for n in dir(errors) if n.endswith("Error")}
    assert {"RulebookFileError", "ScenarioFileError", "PolicyFileError", "ExerciseFileError"} <= kinds
    assert {"ReportFileError", "ArgumentError", "FileError", "InputError"} <= kinds
    assert all(issubclass(getattr(errors, k), InputError) for k in kinds)


def test_one_place_turns_pydantic_errors_into_problems():
    """ "One place where pydantic errors become Problems (five today)." """
    places = []
    for pkg in ("formats", "rules", "simulator", "training", "classroom", "ui"):
        for f in sorted((ROOT / pkg).rglob("*.py")):
            if ".errors(" in f.read_text():
                places.append(str(f.relative_to(ROOT)))
    assert places == ["formats/validate.py"]
