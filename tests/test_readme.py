"""The README's quick start and command tour are real."""

from __future__ import annotations

import subprocess
import sys

from tests.doc_examples import ROOT, blocks


def test_quick_start_is_exactly_two_make_targets_that_exist():
    quick = blocks("README.md", "sh")[0].strip().splitlines()
    assert [line.split("#")[0].strip() for line in quick] == ["make run", "make test"]
    makefile = (ROOT / "Makefile").read_text()
    for target in ("run:", "test:", "lint:", "bench:"):
        assert f"\n{target}" in makefile
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_command_tour_runs(tmp_path):
    tour = blocks("README.md", "sh")[1].strip().splitlines()
    assert len(tour) >= 6
    for line in tour:
        cmd = line.replace("/tmp/", f"{tmp_path}/").replace("python ", f"{sys.executable} ", 1)
        proc = subprocess.run(cmd, shell=True, cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, f"{line}\n{proc.stderr}"
        assert "Traceback" not in proc.stderr
        assert proc.stdout.strip() or "--out" in line, line
    assert (tmp_path / "results.json").read_text().startswith("{")
    assert "volume:" in (tmp_path / "my_shop.yaml").read_text()
