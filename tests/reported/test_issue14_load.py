"""Issue 14, "Many trainees at once": identical requests arriving together compute once.

Reported: "20 browser sessions pressing Run at once on a gallery link (200 runs each), on one
server on this 2-core machine: click to figures took median **10.1 s**, p95 **14.4 s**. One
session alone took 0.24 s."  Each session computed the same 200 runs itself, twenty copies
sharing one GIL.  The shared caches are ``st.cache_data`` (issue 20), which holds a lock per
key while one caller computes; these tests hold the computation open with an event and
count who computed.
"""

from __future__ import annotations

import threading

import pytest

from ui.simulate import catalog
from ui.simulate import runs as lab_runs


@pytest.fixture(autouse=True)
def cold():
    lab_runs.clear()
    yield
    lab_runs.clear()


def _in_threads(n: int, target) -> tuple[list[threading.Thread], list]:
    out: list = [None] * n
    threads = [threading.Thread(target=lambda i=i: out.__setitem__(i, target())) for i in range(n)]
    for t in threads:
        t.start()
    return threads, out


def test_twenty_identical_concurrent_misses_compute_once():
    """ "20 browser sessions pressing Run at once ... each session recomputes" """
    calls, entered, release = [], threading.Event(), threading.Event()

    def compute():
        calls.append(1)
        entered.set()
        release.wait(10)
        return {"figures": [1, 2, 3]}

    threads, out = _in_threads(20, lambda: lab_runs.kept("run", compute))
    entered.wait(10)
    release.wait(0.3)  # the others arrive while the first computes (either way, none may compute again)
    release.set()
    for t in threads:
        t.join(10)
    assert calls == [1]
    assert out == [{"figures": [1, 2, 3]}] * 20
    out[0]["figures"].append(4)  # every session got its own copy
    assert out[1] == {"figures": [1, 2, 3]}


def test_a_failed_computation_is_not_kept_and_the_next_caller_computes():
    with pytest.raises(ValueError, match="bad input"):
        lab_runs.kept("k", lambda: (_ for _ in ()).throw(ValueError("bad input")))
    assert lab_runs.kept("k", lambda: "computed again") == "computed again"
    assert lab_runs.kept("k", lambda: pytest.fail("cached")) == "computed again"


def test_a_leader_that_reruns_finishes_the_computation_for_the_others(monkeypatch):
    """A session that reruns mid-computation (its progress bar raises Streamlit's rerun
    exception) still stores the result, then reruns: nobody's work is thrown away."""

    class Rerun(BaseException):
        pass

    calls = []

    def simulate(scenario, policy, rulebook, *, seed, runs, days, progress):
        calls.append(seed)
        progress(0.1, "a")
        progress(0.9, "b")
        return {"done": seed}

    def progress(fraction, message=""):
        raise Rerun

    monkeypatch.setattr(lab_runs, "simulate", simulate)
    scenario = catalog.scenarios()["starter_shop"]
    rb = catalog.rulebook_of(scenario)
    policy = catalog.policy_of(scenario, rb)
    with pytest.raises(Rerun):
        lab_runs.run(scenario, policy, rb, seed=3, runs=1, progress=progress)
    assert lab_runs.run(scenario, policy, rb, seed=3, runs=1) == {"done": 3}
    assert calls == [3]  # the second call was a hit
