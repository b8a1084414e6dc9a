"""Runs drawn in batches: each run's numbers are its own, whatever batch it is drawn in.

The compiled draws (simulator/engine/native_draws.c) must give numpy's very numbers:
``draw_run(lay, run_rng(seed, run))`` is the reference, run by run, field by field.
"""

from __future__ import annotations

from dataclasses import fields

import numpy as np
import pytest

from formats.loader import load_rulebook
from simulator import load_policy, load_scenario, simulate
from simulator.catalog import rulebook_for
from simulator.engine import batch, native
from simulator.engine.batch import RunBatch, draw_batch, stack
from simulator.engine.plan import background, build_plan
from simulator.engine.streams import draw_run, layout, run_rng
from simulator.runs import montecarlo
from simulator.runs.montecarlo import run_series

SC = load_scenario("starter_shop")


def _layout(name: str):
    sc = load_scenario(name)
    rb = rulebook_for(sc)
    return layout(sc, rb, background(rb))


def _differences(a: RunBatch, b: RunBatch) -> list[str]:
    return [f.name for f in fields(RunBatch) if not np.array_equal(getattr(a, f.name), getattr(b, f.name))]


def test_the_compiled_draws_are_built_and_pass_their_check_here():
    """This machine has a C compiler: the fast path is the one the other tests exercise."""
    assert native.library() is not None, "the engine's compiled draws need a C compiler (cc) and numpy's libs"
    assert batch._checked_library() is native.library()


@pytest.mark.parametrize("name", ["starter_shop", "holiday_stockout", "damaged_batch", "india_marketplace"])
@pytest.mark.parametrize("seed", [0, 7, 2**40 + 3])
def test_a_batch_holds_each_runs_own_numpy_draws(name, seed):
    lay = _layout(name)
    got = draw_batch(lay, seed, 11, 6)
    want = stack([draw_run(lay, run_rng(seed, 11 + r)) for r in range(6)])
    assert got.inc_day.size > 0  # incidents were drawn, so their per-incident draws are compared too
    assert _differences(got, want) == []


def test_a_run_draws_the_same_orders_alone_or_in_a_batch_of_many():
    lay = _layout("starter_shop")
    many = draw_batch(lay, 5, 0, 300)
    for r in (0, 1, 150, 299):
        alone = draw_batch(lay, 5, r, 1)
        assert np.array_equal(alone.orders[0], many.orders[r])
        assert np.array_equal(alone.per_situation[0], many.per_situation[r])
        mine = many.inc_run == r
        assert np.array_equal(alone.inc_day, many.inc_day[mine])
        assert np.array_equal(alone.u_feedback, many.u_feedback[mine])
    assert not np.array_equal(many.orders[0], many.orders[1])  # and each run is its own


def test_results_do_not_depend_on_the_batch_size(monkeypatch):
    rb = load_rulebook()
    plan = build_plan(rb, load_policy("by_the_book"), SC)
    sizes: list[int] = []

    def spy(lay, seed, first, runs):
        sizes.append(runs)
        return draw_batch(lay, seed, first, runs)

    monkeypatch.setattr(montecarlo, "draw_batch", spy)
    _, (big,) = run_series(SC, [plan], rb, seed=3, runs=400, days=30)
    assert max(sizes) > 1
    sizes.clear()
    monkeypatch.setattr(batch, "BATCH_ELEMENTS", 1)  # one run per batch
    _, (single,) = run_series(SC, [plan], rb, seed=3, runs=400, days=30)
    assert max(sizes) == 1
    _, (alone,) = run_series(SC, [plan], rb, seed=3, runs=1, days=30)
    for key, counts in big.items():
        assert np.array_equal(counts, single[key]), key
        assert np.array_equal(counts[:1], alone[key]), key


def test_without_the_compiled_draws_the_results_are_the_same(monkeypatch):
    fast = simulate(SC, seed=2, runs=30).to_json()
    monkeypatch.setattr(batch, "_checked_library", lambda: None)
    assert simulate(SC, seed=2, runs=30).to_json() == fast


@pytest.mark.parametrize("seed", [0, 1, 2**32 - 1, 2**32, 2**100 + 5])
def test_each_runs_generator_is_numpys_seedsequence_pcg64(seed):
    lib = native.library()
    assert lib is not None
    words = native.seed_words(seed)
    states = np.zeros((4, native.STATE_WORDS), dtype=np.uint64)
    lib.seed_runs(native.ptr(words), words.size, 9, 4, native.ptr(states))
    out = np.zeros((4, 3), dtype=np.uint64)
    lib.raw_runs(native.ptr(states), 4, 3, native.ptr(out))
    want = [np.random.PCG64(np.random.SeedSequence([seed, 9 + r])).random_raw(3) for r in range(4)]
    assert np.array_equal(out, np.array(want, dtype=np.uint64))


def test_batches_stay_small_as_the_volume_grows():
    lay = _layout("starter_shop")
    busy = layout(
        SC.model_copy(update={"volume": SC.volume.model_copy(update={"mean_per_day": 3000})}),
        rulebook_for(SC),
        background(rulebook_for(SC)),
    )
    assert batch.batch_size(busy) < batch.batch_size(lay) / 4
