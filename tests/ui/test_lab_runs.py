"""The shared result cache: keyed by content, copies on every hit, bounded."""

from rules import load_rulebook
from ui.simulate.runs import ResultCache, fingerprint


def test_hits_return_equal_but_independent_copies():
    cache = ResultCache()
    calls = []

    def compute():
        calls.append(1)
        return {"daily": [{"rate": 0.01}]}

    first = cache.get_or_compute("k", compute)
    first["daily"][0]["rate"] = 99  # one user scribbling on their copy...
    second = cache.get_or_compute("k", compute)
    assert second == {"daily": [{"rate": 0.01}]}  # ...does not reach the next user
    assert len(calls) == 1 and cache.hits == 1


def test_cache_is_bounded():
    cache = ResultCache(max_entries=2)
    for k in "abc":
        cache.get_or_compute(k, lambda k=k: k)
    cache.get_or_compute("a", lambda: "again")
    assert cache.misses == 4


def test_fingerprint_follows_model_content():
    us, uk = load_rulebook("amazon_us"), load_rulebook("amazon_uk")
    changed = us.model_copy(update={"name": "other"})
    assert fingerprint(us, 1) == fingerprint(load_rulebook("amazon_us"), 1)
    assert len({fingerprint(us, 1), fingerprint(us, 2), fingerprint(uk, 1), fingerprint(changed, 1)}) == 4
