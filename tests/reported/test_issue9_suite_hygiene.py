"""Issue 9, part 8: the suite's own plumbing.

> `pytestmark = pytest.mark.e2e` in `tests/e2e/conftest.py` marks nothing, so
> `-m "not e2e"` still runs the browser tests.
> The browser tests overwrite the tracked `docs/screenshots/*.png` on every run.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.e2e import conftest as e2e

ROOT = Path(__file__).resolve().parents[2]


def _collected(*args: str) -> list[str]:
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", *args, "tests/e2e", "tests/reported"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode in (0, 5), proc.stdout + proc.stderr  # 5: nothing collected
    return [line for line in proc.stdout.splitlines() if "::" in line]


def test_not_e2e_leaves_out_every_browser_test():
    """Reported: "`-m "not e2e"` still runs the browser tests"."""
    browser = _collected("-m", "e2e")
    rest = _collected("-m", "not e2e")
    assert browser and all(n.startswith("tests/e2e/") for n in browser)
    assert rest and not any(n.startswith("tests/e2e/") for n in rest)
    assert len(browser) + len(rest) == len(_collected())


def test_browser_screenshots_do_not_touch_tracked_files(monkeypatch):
    """Reported: "The browser tests overwrite the tracked docs/screenshots/*.png on every run."
    By default they go to a git-ignored folder; only `make screenshots` points them at docs/."""
    monkeypatch.delenv("CANCEL_DESK_SCREENSHOTS", raising=False)
    default = e2e.screenshot_dir()
    assert default == ROOT / "tests" / "e2e" / "artifacts" / "screenshots"
    assert "tests/e2e/artifacts/" in (ROOT / ".gitignore").read_text().splitlines()
    monkeypatch.setenv("CANCEL_DESK_SCREENSHOTS", "docs/screenshots")
    assert e2e.screenshot_dir() == ROOT / "docs" / "screenshots"
    makefile = (ROOT / "Makefile").read_text()
    assert "\nscreenshots:" in makefile and "CANCEL_DESK_SCREENSHOTS=docs/screenshots" in makefile
