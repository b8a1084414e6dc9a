"""The shared result cache: keyed by content, copies on every hit, bounded."""

import pytest

from rules import load_rulebook
from ui.simulate import runs as lab_runs
from ui.simulate.runs import fingerprint


@pytest.fixture(autouse=True)
def cold():
    lab_runs.clear()
    yield
    lab_runs.clear()


def test_hits_return_equal_but_independent_copies():
    calls = []

    def compute():
        calls.append(1)
        return {"daily": [{"rate": 0.01}]}

    first = lab_runs.kept("k", compute)
    first["daily"][0]["rate"] = 99  # one user scribbling on their copy...
    second = lab_runs.kept("k", compute)
    assert second == {"daily": [{"rate": 0.01}]}  # ...does not reach the next user
    assert len(calls) == 1


def test_cache_is_bounded(monkeypatch):
    calls = []
    for i in range(lab_runs.MAX_ENTRIES + 1):
        lab_runs.kept(str(i), lambda i=i: calls.append(i) or i)
    assert lab_runs.kept("0", lambda: calls.append("again") or "again") == "again"  # the oldest went
    assert lab_runs.kept(str(lab_runs.MAX_ENTRIES), lambda: pytest.fail("kept")) == lab_runs.MAX_ENTRIES


def test_fingerprint_follows_model_content():
    us, uk = load_rulebook("amazon_us"), load_rulebook("amazon_uk")
    changed = us.model_copy(update={"name": "other"})
    assert fingerprint(us, 1) == fingerprint(load_rulebook("amazon_us"), 1)
    assert len({fingerprint(us, 1), fingerprint(us, 2), fingerprint(uk, 1), fingerprint(changed, 1)}) == 4
