"""Browser tests: start `streamlit run serve.py` (the app as served) on a free port, drive Debian's
Chromium through Playwright (no browser download), hand each test a page.

Modelled on Streamlit's own e2e_playwright/conftest.py.  Every test here carries
the ``e2e`` marker (added in tests/conftest.py: a ``pytestmark`` in a conftest marks
nothing).  Screenshots go to tests/e2e/artifacts/screenshots/ (git-ignored);
``make screenshots`` sets ``CANCEL_DESK_SCREENSHOTS=docs/screenshots`` to refresh
the README's pictures.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

# An assertion waits up to 15 s (Playwright's default is 5 s) for the page to show what it
# expects: CI's machine has run the suite at 1.6x this one's time, and a run of the app there
# can outlast 5 s.  A wrong page still fails; it fails later.
expect.set_options(timeout=15_000)

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class StreamlitServer:
    """A `streamlit run serve.py` process (app.py with the sign-in cookie's routes) on its own
    port and data folder."""

    def __init__(
        self,
        data_dir: Path,
        port: int | None = None,
        db_url: str | None = None,
        *,
        module: str = "streamlit",
        env: dict[str, str] | None = None,
    ) -> None:
        self.data_dir = data_dir
        self.port = port or free_port()
        self.db_url = db_url  # CANCEL_DESK_DB_URL (a shared PostgreSQL); None: the folder's SQLite
        self.module = module  # `python -m MODULE run serve.py` (the load test's stopwatch wraps streamlit)
        self.env = env or {}
        self.proc: subprocess.Popen | None = None

    @property
    def store_url(self) -> str:
        """The database this server uses, for tests that set up accounts behind its back."""
        return self.db_url or f"sqlite:///{self.data_dir / 'attempts.sqlite3'}"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> StreamlitServer:
        env = dict(
            os.environ,
            CANCEL_DESK_DATA=str(self.data_dir),
            CANCEL_DESK_DB=str(self.data_dir / "attempts.sqlite3"),
            CANCEL_DESK_WARMUP="1",  # as served: the suite's own process turns it off
        )
        if self.db_url:
            env["CANCEL_DESK_DB_URL"] = self.db_url
        env.update(self.env)
        cmd = [
            sys.executable,
            "-m",
            self.module,
            "run",
            "serve.py",
            "--server.port",
            str(self.port),
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
        ]
        log = open(self.data_dir / f"streamlit-{self.port}.log", "ab")  # noqa: SIM115
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited early; see {log.name}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("streamlit did not become healthy within 60 s")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("cancel-desk-data")


@pytest.fixture(scope="session")
def app_server(data_dir) -> Iterator[StreamlitServer]:
    server = StreamlitServer(data_dir).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make test`, which installs it")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    yield pg
    context.close()


def wait_for_app(page: Page, timeout: float = 30_000) -> None:
    """Wait until Streamlit has connected and finished running the script."""
    page.wait_for_selector('[data-test-connection-state="CONNECTED"]', timeout=timeout, state="attached")
    page.wait_for_selector('[data-test-script-state="notRunning"]', timeout=timeout, state="attached")
    expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(0, timeout=timeout)


def open_page(page: Page, server: StreamlitServer, path: str = "") -> None:
    page.goto(f"{server.url}/{path}")
    wait_for_app(page)


def screenshot_dir() -> Path:
    """Where screenshots go: the git-ignored artifacts folder unless CANCEL_DESK_SCREENSHOTS says."""
    chosen = os.environ.get("CANCEL_DESK_SCREENSHOTS")
    return ROOT / chosen if chosen else ARTIFACTS / "screenshots"


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot NAME.png in ``screenshot_dir()``; tracked files stay untouched."""
    folder = screenshot_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """A failed browser test leaves its page's picture in the artifacts folder and what the page
    said in the report: CI shows only the report, and a timeout alone says nothing of why."""
    report = yield
    if report.when == "call" and report.failed:
        for name, value in getattr(item, "funcargs", {}).items():
            if isinstance(value, Page) and not value.is_closed():
                try:
                    shot = ARTIFACTS / "failures" / f"{item.name}-{name}.png"
                    shot.parent.mkdir(parents=True, exist_ok=True)
                    value.screenshot(path=str(shot), full_page=True, timeout=10_000)
                    said = value.locator("body").inner_text(timeout=10_000)
                except Exception as exc:  # the page may be gone; the failure stands
                    said = f"(the page could not be read: {exc})"
                report.sections.append((f"page {name} at {value.url}", said[:4000]))
    return report
