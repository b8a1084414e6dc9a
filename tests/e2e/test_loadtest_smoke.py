"""`make loadtest` in small, part of `make test`: three sessions (two trainees, one gallery
visitor), each in its own process and Chromium, against a fresh server.  Timings are
printed by `make loadtest`, never asserted; this asserts what must hold at any load: no
errors, no lost attempts, and every action answered by the server.

(It once ran apart, as `make loadtest-smoke`: clicks seemed to start no script run.  They
had run: on a starved browser React batched the run's messages, so the page's script-state
attribute never changed.  benchmarks/loadtest/browser.py now watches the websocket too.)"""

from __future__ import annotations

import urllib.request

import pytest
from playwright.sync_api import expect

from benchmarks.loadtest import report, server
from benchmarks.loadtest.browser import wait_ready
from benchmarks.loadtest.proxy import STATIC, StaticProxy
from benchmarks.loadtest.runner import run_level
from benchmarks.loadtest.worker import DESK, DRAWN, GALLERY
from tests.doc_examples import assert_output_matches, console_examples, run_console


def test_three_sessions_no_errors_no_lost_attempts():
    # as `make loadtest` runs it: behind nginx for the static files (benchmarks/loadtest/proxy.py)
    level = run_level("classroom", 3, think=(0.2, 0.6), kinds=[DESK, DESK, GALLERY], static_proxy=True)
    assert level.errors == []
    assert [r.finished for r in level.results] == [True, True, True]
    assert level.finished_attempts == 2  # both trainees saw "Saved as attempt #..."
    assert level.lost == [] and level.rows == 2
    kinds = report.by_kind(level)
    assert len(kinds[report.DESK_ALL]) >= 12  # 6-10 desk actions each, every one timed
    assert len(kinds["gallery run"]) == 2 and len(kinds["finish"]) == 2
    assert level.load.samples > 0 and level.load.rss_peak_mb > 0  # psutil saw the server
    answered = kinds[report.DESK_ALL]
    drawn = kinds[report.DESK_ALL_DRAWN]
    assert len(drawn) == len(answered) and all(a > 0 for a in answered)  # both figures, every action
    # the server's stopwatch saw at least every timed desk action answered, each taking some time
    assert len(level.server_runs) >= len(answered) and all(0 < t < 60 for t in level.server_runs)
    # each click found its server request (same clock); the browser read the answer after it was sent
    stamped = sum(len(r.stamps) for r in level.results)
    timed = [k for r in level.results for k, _ in r.timings]
    clicks = [k for k in timed if k != "first page load" and not k.endswith(DRAWN)]
    assert stamped == len(clicks)  # every click, none of the page loads
    assert len(kinds[report.LAG]) >= 0.9 * stamped and all(lag >= 0 for lag in kinds[report.LAG])
    on_server = kinds[report.DESK_ALL + report.ON_SERVER]
    assert len(on_server) >= 0.9 * len(answered) and all(0 < t < 60 for t in on_server)


def test_nginx_serves_the_static_files_and_passes_the_app_and_its_websocket_on(tmp_path, page):
    app = server.start(tmp_path)
    try:
        with StaticProxy(app.port, tmp_path) as url:
            name = next(STATIC.glob("js/*.js")).name
            with urllib.request.urlopen(f"{url}/static/js/{name}") as r:
                assert r.headers["Server"].startswith("nginx")
                assert r.headers["Content-Type"] == "application/javascript"  # module scripts need it
                assert "immutable" in r.headers["Cache-Control"]
                assert r.read() == (STATIC / "js" / name).read_bytes()
            with urllib.request.urlopen(f"{url}/_stcore/health") as r:
                assert r.read() == b"ok"  # from the app server, through the proxy
            page.goto(f"{url}/?runs=1")  # the page's websocket goes through nginx too
            wait_ready(page)
            page.locator(".st-key-gallery-run-starter_shop button").click()
            expect(page.get_by_role("heading", name="Results: Starter shop")).to_be_visible(timeout=60_000)
    finally:
        app.stop()
    assert not (tmp_path / "nginx" / "nginx.pid").exists()  # stopped with the block


@pytest.mark.parametrize(("cmd", "expected"), console_examples("docs/loadtest.md"), ids=lambda v: str(v)[:40])
def test_the_documented_commands_do_what_docs_loadtest_md_says(cmd, expected):
    done = run_console(cmd, timeout=600)
    if "--sessions 0" in cmd:  # refused before anything starts
        assert done.returncode == 2 and "session counts must be at least 1" in done.stderr
        return
    assert done.returncode == 0, done.stdout + done.stderr
    assert_output_matches(expected, done.stdout)
