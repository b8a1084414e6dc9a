"""Issue 14, "Many trainees at once": identical requests arriving together compute once.

Reported: "20 browser sessions pressing Run at once on a gallery link (200 runs each), on one
server on this 2-core machine: click to figures took median **10.1 s**, p95 **14.4 s**. One
session alone took 0.24 s."  Each session computed the same 200 runs itself, twenty copies
sharing one GIL.  These tests hold the computation open with events (no timing), so they
say which requests computed and which waited.
"""

from __future__ import annotations

import threading
import time

import pytest

from ui.simulate.runs import ResultCache


def _waiters(cache: ResultCache, key: str, n: int) -> None:
    """Until ``n`` requests wait behind the one computing ``key`` (polls; nothing is timed)."""
    while (flight := cache._flights.get(key)) is None or flight.waiters < n:
        time.sleep(0.01)


def _in_threads(n: int, target) -> tuple[list[threading.Thread], list]:
    out: list = [None] * n
    threads = [threading.Thread(target=lambda i=i: out.__setitem__(i, target())) for i in range(n)]
    for t in threads:
        t.start()
    return threads, out


def test_twenty_identical_concurrent_misses_compute_once():
    """ "20 browser sessions pressing Run at once ... each session recomputes" """
    cache, calls, release = ResultCache(), [], threading.Event()

    def compute():
        calls.append(1)
        release.wait(10)
        return {"figures": [1, 2, 3]}

    threads, out = _in_threads(20, lambda: cache.get_or_compute("run", compute))
    _waiters(cache, "run", 19)
    release.set()
    for t in threads:
        t.join(10)
    assert calls == [1]
    assert out == [{"figures": [1, 2, 3]}] * 20
    assert cache.misses == 1 and cache.joined == 19
    out[0]["figures"].append(4)  # every session got its own copy
    assert out[1] == {"figures": [1, 2, 3]}


def test_waiters_follow_the_computing_requests_progress():
    cache, started, release = ResultCache(), threading.Event(), threading.Event()
    seen: list[tuple[float, str]] = []

    def run(report):
        report(0.5, "half way")
        started.set()
        release.wait(10)
        return 42

    leader = threading.Thread(target=lambda: cache.get_or_run("k", run))
    leader.start()
    started.wait(10)

    def follow(fraction, message=""):
        seen.append((fraction, message))
        release.set()  # the waiter has drawn the leader's progress: let the computation end

    assert cache.get_or_run("k", lambda report: pytest.fail("the waiter computed"), follow) == 42
    leader.join(10)
    assert seen == [(0.5, "half way")] and cache.joined == 1


def test_a_failed_computation_is_retried_by_a_waiter():
    cache, started, release = ResultCache(), threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def failing(report):
        started.set()
        release.wait(10)
        raise ValueError("bad input")

    def lead():
        try:
            cache.get_or_run("k", failing)
        except ValueError as e:
            errors.append(e)

    leader = threading.Thread(target=lead)
    leader.start()
    started.wait(10)
    waiter_threads, out = _in_threads(1, lambda: cache.get_or_compute("k", lambda: "computed again"))
    _waiters(cache, "k", 1)
    release.set()
    leader.join(10)
    waiter_threads[0].join(10)
    assert [str(e) for e in errors] == ["bad input"]
    assert out == ["computed again"]
    assert cache.get_or_compute("k", lambda: pytest.fail("cached")) == "computed again"


def test_a_leader_that_reruns_finishes_the_computation_for_the_others():
    """A session that reruns mid-computation (its progress bar raises Streamlit's rerun
    exception) still stores the result, then reruns: nobody's work is thrown away."""

    class Rerun(BaseException):
        pass

    cache = ResultCache()

    def progress(fraction, message=""):
        raise Rerun

    with pytest.raises(Rerun):
        cache.get_or_run("k", lambda report: (report(0.1, "a"), report(0.9, "b"), "done")[-1], progress)
    assert cache.get_or_compute("k", lambda: pytest.fail("recomputed")) == "done"
