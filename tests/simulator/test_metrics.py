"""Rolling windows and limit checks: numpy versions agree with the plain definitions and the engine."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from formats.loader import load_rulebook
from rules import rate_breach
from simulator.engine.metrics import Rates, over_limit, rolling_rate, rolling_sum
from simulator.runs.results import _bands

RB = {name: load_rulebook(name) for name in ("amazon_us", "amazon_in")}
counts = st.lists(st.integers(0, 50), min_size=1, max_size=60)


@given(counts, st.integers(1, 40))
def test_rolling_sum_is_the_trailing_window_sum(xs, w):
    got = rolling_sum(np.array(xs), w)
    assert got.tolist() == [sum(xs[max(0, i - w + 1) : i + 1]) for i in range(len(xs))]


@given(
    st.lists(st.tuples(st.integers(0, 5), st.integers(0, 20)), min_size=1, max_size=40), st.integers(1, 30)
)
def test_rolling_rate_divides_window_sums_and_is_nan_without_orders(pairs, w):
    num = [min(a, b) for a, b in pairs]
    den = [b for _, b in pairs]
    got = rolling_rate(np.array(num), np.array(den), w)
    for i in range(len(pairs)):
        n, d = sum(num[max(0, i - w + 1) : i + 1]), sum(den[max(0, i - w + 1) : i + 1])
        assert (np.isnan(got[i]) and d == 0) or got[i] == n / d


@given(st.lists(st.one_of(st.none(), st.floats(0, 0.1), st.sampled_from([0.01, 0.02, 0.025])), max_size=30))
def test_vectorised_limit_checks_agree_with_the_engine(rates):
    arr = np.array([np.nan if r is None else r for r in rates], dtype=float)
    for rb in RB.values():
        for metric in ("cancellation_rate", "order_defect_rate"):
            want = [rate_breach(rb, metric, r).ok for r in rates]
            assert over_limit(arr, rb, metric).tolist() == want


def test_two_dimensional_inputs_roll_along_days():
    counted = np.array([[1, 0, 0], [0, 0, 2]])
    orders = np.array([[10, 10, 10], [10, 0, 10]])
    got = rolling_rate(counted, orders, 2)
    assert got.tolist() == [[0.1, 0.05, 0.0], [0.0, 0.0, 0.2]]


def test_shared_rates_are_rolling_rate_and_bands_are_nanpercentiles():
    """A result's shortcuts give the very numbers of the plain functions (the JSON is byte-stable)."""
    rng = np.random.default_rng(4)
    counted = rng.poisson(3, size=(200, 60))
    mfn = rng.poisson(120, size=(200, 60))
    mfn[7, :40] = 0  # a run with no orders for a while: NaN rates
    rates = Rates(counted, mfn)
    for w in (7, 30, 7):
        assert np.array_equal(rates(w), rolling_rate(counted, mfn, w), equal_nan=True)
    for rate in (rates(7)[:, 45:], rates(30)):  # without NaN, then with
        want = np.nanpercentile(rate, [5, 50, 95], axis=0)
        assert np.array_equal(_bands(rate), want, equal_nan=True)
    assert np.isnan(rates(30)).any() and not np.isnan(rates(7)[:, 45:]).any()
