"""Every shipped scenario and policy validates and runs (the Mesa-examples way)."""

from __future__ import annotations

import pytest

from formats.kinds import check_file
from simulator import compare, list_policies, list_scenarios, load_policy, load_scenario, simulate
from simulator.identity.provider import seeded_faker

SCENARIOS = list_scenarios()
SHIPPED = [
    "starter_shop",
    "holiday_stockout",
    "pricing_glitch",
    "custom_gifts",
    "damaged_batch",
    "india_marketplace",
    "australia_marketplace",
    "italy_marketplace",
    "france_marketplace",
    "spain_marketplace",
]


def test_the_required_scenarios_and_policies_ship():
    names = {p.stem for p in SCENARIOS}
    assert set(SHIPPED) <= names
    assert {"cancel_first", "ask_buyer_first", "by_the_book"} <= {p.stem for p in list_policies()}


@pytest.mark.parametrize("path", SCENARIOS + list_policies(), ids=lambda p: p.name)
def test_file_validates(path):
    kind, _ = check_file(path)
    assert kind == ("policy" if path.parent.name == "policies" else "scenario")


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_scenario_runs_under_every_policy(path):
    sc = load_scenario(path)
    seeded_faker(0, sc.locale).name()  # the locale exists in Faker
    res = compare(sc, [p for p in list_policies()], seed=0, runs=3)
    for block in res.policies.values():
        assert block.days == sc.days == len(block.daily)
        assert block.totals.orders > 0
        assert 0 <= block.cancellation_rate.breach_probability <= 1
    own = simulate(sc, seed=0)
    assert own.policy == load_policy(sc.policy).name


def test_starter_shop_is_about_300_orders_60_percent_mfn_few_incidents():
    res = simulate("starter_shop", seed=0, runs=20)
    t = res.totals
    assert 280 < t.orders / res.days < 320
    assert 0.57 < t.seller_fulfilled_orders / t.orders < 0.63
    assert res.cancellation_rate.mean < 0.0125  # half the limit
    assert res.days * 300 * 1000 == pytest.approx(27_000_000)


def test_holiday_stockout_breaches_more_than_the_starter_shop():
    hol = simulate("holiday_stockout", "cancel_first", seed=0, runs=30)
    calm = simulate("starter_shop", "cancel_first", seed=0, runs=30)
    assert hol.cancellation_rate.breach_probability > calm.cancellation_rate.breach_probability


def test_pricing_glitch_peaks_in_its_window():
    res = simulate("pricing_glitch", "cancel_first", seed=0, runs=20)
    daily = [d["counted_cancellations"] for d in res.daily]
    glitch = sum(daily[9:12]) / 3
    assert glitch > 5 * (sum(daily[:9]) / 9)


def test_india_uses_its_rulebook_windows_and_fee():
    res = simulate("india_marketplace", "cancel_first", seed=0)
    assert res.rulebook == "amazon_in"
    assert res.cancellation_rate.limit == 0.02
    assert res.cancellation_rate.windows_days == [7, 30]
    assert "rolling_cancellation_rate_30d" in res.daily[0]
    assert res.totals.cancellation_fees > 0
    assert res.currency == "INR"


def test_custom_gifts_has_many_special_requests():
    sc = load_scenario("custom_gifts")
    starter = {s.situation: s.rate for s in load_scenario("starter_shop").situations}
    rates = {s.situation: s.rate for s in sc.situations}
    assert rates["special_request"] >= 5 * starter["special_request"]
