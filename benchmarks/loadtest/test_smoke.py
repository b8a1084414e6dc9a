"""`make loadtest` in small: three sessions (two trainees, one gallery visitor), each in its
own process and Chromium, against a fresh server.  Timings are printed by `make loadtest`,
never asserted; this asserts what must hold at any load: no errors, no lost attempts.

Run by `make loadtest-smoke`, not by `make test`: with two or more desk sessions at once, a
click now and then starts no script run at all ("no finished run in 60 s ... changes since
the action: (none)"), while one session alone passes every time.  Until that is understood
this would fail CI for a reason that is not yet a diagnosed bug in the app."""

from __future__ import annotations

from benchmarks.loadtest import report
from benchmarks.loadtest.runner import run_level
from benchmarks.loadtest.worker import DESK, GALLERY


def test_three_sessions_no_errors_no_lost_attempts():
    level = run_level("classroom", 3, think=(0.2, 0.6), kinds=[DESK, DESK, GALLERY])
    assert level.errors == []
    assert [r.finished for r in level.results] == [True, True, True]
    assert level.finished_attempts == 2  # both trainees saw "Saved as attempt #..."
    assert level.lost == [] and level.rows == 2
    kinds = report.by_kind(level)
    assert len(kinds[report.DESK_ALL]) >= 12  # 6-10 desk actions each, every one timed
    assert len(kinds["gallery run"]) == 2 and len(kinds["finish"]) == 2
    assert level.load.samples > 0 and level.load.rss_peak_mb > 0  # psutil saw the server
