"""Monte Carlo: determinism, common random numbers, percentiles and breach probability."""

from __future__ import annotations

import json

import numpy as np
import pytest

from rules.errors import RulebookError
from rules.loader import load_rulebook
from simulator import compare, load_policy, load_scenario, simulate
from simulator.metrics import over_limit, rolling_rate
from simulator.montecarlo import run_series
from simulator.plan import build_plan

SC = load_scenario("starter_shop")


def test_same_seed_same_bytes_other_seed_other_bytes():
    a = json.dumps(simulate(SC, seed=7, runs=5, days=30))
    b = json.dumps(simulate(SC, seed=7, runs=5, days=30))
    c = json.dumps(simulate(SC, seed=8, runs=5, days=30))
    assert a == b
    assert a != c
    pol = [load_policy("cancel_first"), load_policy("by_the_book")]
    assert json.dumps(compare(SC, pol, seed=3, runs=4, days=20)) == json.dumps(
        compare(SC, pol, seed=3, runs=4, days=20)
    )


def test_each_run_has_its_own_stream_whatever_the_number_of_runs():
    rb = load_rulebook()
    plan = build_plan(rb, load_policy("by_the_book"), SC)
    _, (three,) = run_series(SC, [plan], rb, seed=5, runs=3, days=20)
    _, (five,) = run_series(SC, [plan], rb, seed=5, runs=5, days=20)
    for k in three:
        assert (three[k] == five[k][:3]).all()
    assert not (five["orders"][3] == five["orders"][4]).all()  # runs differ from each other


def test_common_random_numbers_are_really_shared():
    rb = load_rulebook()
    pols = [load_policy(p) for p in ("cancel_first", "ask_buyer_first", "by_the_book")]
    plans = [build_plan(rb, p, SC) for p in pols]
    _, accs = run_series(SC, plans, rb, seed=11, runs=30, days=40)
    first = accs[0]
    for acc in accs[1:]:
        for k in ("orders", "seller_fulfilled_orders", "buyer_direct_cancellations", "late_shipments"):
            assert (acc[k] == first[k]).all(), k
        # Every incident ends as exactly one of counted / requested / (uncounted) so totals of
        # cancelled orders match day by day: the same orders hit the same situations.
        assert (acc["cancelled_orders"] == first["cancelled_orders"]).all()
    # Asking the buyer can only remove counted cancels from the very same orders,
    # so it is never worse on any day of any run (impossible without shared draws).
    assert (accs[1]["counted_cancellations"] <= first["counted_cancellations"]).all()
    assert (accs[1]["counted_cancellations"] < first["counted_cancellations"]).any()


def test_compare_blocks_equal_separate_simulations_and_self_comparison_has_zero_deltas():
    pols = [load_policy("cancel_first"), load_policy("ask_buyer_first")]
    res = compare(SC, pols, seed=2, runs=6, days=30)
    for p in pols:
        assert res["policies"][p.name] == simulate(SC, p, seed=2, runs=6, days=30)
    assert res["baseline"] == "cancel_first"
    d = res["deltas"]["ask_buyer_first"]
    t0 = res["policies"]["cancel_first"]["totals"]
    t1 = res["policies"]["ask_buyer_first"]["totals"]
    assert d["counted_cancellations"] == pytest.approx(
        t1["counted_cancellations"] - t0["counted_cancellations"]
    )
    assert d["orders"] == 0
    same = compare(SC, [pols[0], pols[0]], seed=2, runs=3, days=10)
    assert set(same["policies"]) == {"cancel_first", "cancel_first-2"}
    assert all(v in (0, 0.0, None) for v in same["deltas"]["cancel_first-2"].values())


def test_monte_carlo_block_matches_per_run_arithmetic():
    rb = load_rulebook()
    hol = load_scenario("holiday_stockout")
    pol = load_policy("cancel_first")
    res = simulate(hol, pol, seed=4, runs=40)
    _, (acc,) = run_series(hol, [build_plan(rb, pol, hol)], rb, seed=4, runs=40, days=None)
    rate = rolling_rate(acc["counted_cancellations"], acc["seller_fulfilled_orders"], 7)
    breached = over_limit(rate, rb, "cancellation_rate").any(axis=1)
    assert res["cancellation_rate"]["breach_probability"] == round(breached.mean(), 6)
    assert res["totals"]["orders"] == round(acc["orders"].sum() / 40, 4)
    day = 30
    row = res["daily"][day]
    p05, p50, p95 = np.percentile(rate[:, day], [5, 50, 95])
    assert row["rolling_cancellation_rate_p05"] == round(p05, 6)
    assert row["rolling_cancellation_rate_p50"] == round(p50, 6)
    assert row["rolling_cancellation_rate_p95"] == round(p95, 6)
    assert (
        row["rolling_cancellation_rate_p05"]
        <= row["rolling_cancellation_rate"]
        <= row["rolling_cancellation_rate_p95"]
    )
    assert row["orders"] == round(acc["orders"][:, day].mean(), 4)


def test_breach_probability_covers_every_window():
    india = load_scenario("india_marketplace")
    res = simulate(india, "cancel_first", seed=1, runs=20)
    by = res["cancellation_rate"]["by_window"]
    assert set(by) == {"7", "30"}
    top = res["cancellation_rate"]["breach_probability"]
    assert top >= max(by["7"]["breach_probability"], by["30"]["breach_probability"])
    assert "rolling_cancellation_rate_30d_p95" in res["daily"][0]


def test_progress_is_reported_and_reaches_one():
    seen = []
    simulate(SC, seed=0, runs=100, days=10, progress=lambda f, m: seen.append(f))
    assert seen[-1] == 1.0 and len(seen) > 10
    assert seen == sorted(seen)


@pytest.mark.parametrize("kw", [{"runs": 0}, {"days": 0}, {"seed": -1}])
def test_bad_arguments_are_clear_errors(kw):
    with pytest.raises(RulebookError):
        simulate(SC, **kw)


def test_rulebook_override_changes_the_limit():
    rb = load_rulebook()
    strict = rb.model_copy(
        update={
            "metrics": rb.metrics.model_copy(
                update={"cancellation_rate": rb.metrics.cancellation_rate.model_copy(update={"limit": 0.005})}
            )
        }
    )
    res = simulate(SC, rulebook=strict, seed=0, runs=5, days=30)
    assert res["cancellation_rate"]["limit"] == 0.005
    assert res["cancellation_rate"]["breach_probability"] == 1.0


def test_work_is_bounded_whatever_the_input():
    with pytest.raises(RulebookError) as exc:
        simulate(SC, runs=100_000)
    assert "too much work" in str(exc.value)


def test_a_policy_next_to_the_scenario_is_found_by_name(tmp_path):
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "local.yaml").write_text("name: local\nhandling: {}\n")
    text = (SC.base_dir / "starter_shop.yaml").read_text()
    (tmp_path / "shop.yaml").write_text(text)
    res = compare(load_scenario(tmp_path / "shop.yaml"), ["local", "cancel_first"], days=5)
    assert list(res["policies"]) == ["local", "cancel_first"]


def test_unvalidated_copies_are_checked_before_running():
    # model_copy(update=...) skips pydantic validation; the engine checks again.
    with pytest.raises(RulebookError) as exc:
        simulate(SC.model_copy(update={"seller_fulfilled_share": 60}))
    assert "seller_fulfilled_share" in str(exc.value)
    heavy = [s.model_copy(update={"rate": 0.5}) for s in SC.situations]
    with pytest.raises(RulebookError) as exc:
        simulate(SC.model_copy(update={"situations": heavy}))
    assert "add up to" in str(exc.value)
