"""The Makefile's targets do what the README says: `make test` runs the suite, never the load test."""

from __future__ import annotations

import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def dry_run(target: str) -> subprocess.CompletedProcess:
    make = shutil.which("make")
    assert make, "make is what the README's two commands use"
    return subprocess.run([make, "-n", target], cwd=ROOT, capture_output=True, text=True, timeout=60)


def test_every_target_is_defined_once():
    done = dry_run("test")
    assert done.returncode == 0, done.stderr
    assert "overriding recipe" not in done.stderr and "ignoring old recipe" not in done.stderr


@pytest.mark.parametrize(
    ("target", "runs", "never"),
    [
        ("test", "-m pytest", "-m benchmarks.loadtest"),
        ("loadtest", "-m benchmarks.loadtest --sessions 1,10,20,40 --burst 20", "-m pytest"),
    ],
)
def test_a_target_runs_its_own_command_after_installing_chromium_and_nginx(target, runs, never):
    out = dry_run(target).stdout
    assert runs in out and never not in out
    for package in ("chromium", "nginx"):  # installed when missing, as the README promises
        assert f"apt-get install -y -qq {package}" in out


@pytest.mark.parametrize("target", ["lint", "test"])
def test_lint_and_test_type_check_the_core_packages(target):
    out = dry_run(target).stdout.splitlines()
    assert ".venv/bin/mypy" in out  # no arguments: the packages come from pyproject.toml
    if target == "test":  # the types are checked before the (long) test run starts
        assert out.index(".venv/bin/mypy") < next(i for i, c in enumerate(out) if "-m pytest" in c)
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]
    assert {"formats", "rules", "simulator", "training"} <= set(config["packages"])
    assert config["check_untyped_defs"] and not config.get("ignore_errors")
