"""Partly shipped orders in the simulator: ship what can ship, adjust the rest (200198080).

Whether the adjustment counts is the engine's answer (``rules.engine.adjustment_counts``, an
assumption the rulebook marks); nothing here writes it down as a literal.
"""

from __future__ import annotations

import numpy as np
import pytest

from formats.loader import load_rulebook
from formats.scenario import SituationRate
from rules import engine
from simulator import load_policy, load_scenario, simulate
from simulator.engine.plan import background, build_plan, listed_situations
from simulator.engine.streams import draw_run, layout, run_rng
from simulator.policy_actions import ACTIONS, offered_actions, situation_plan
from tests.simulator.tiny import scenario

SID = "partly_shipped"


def _with_rate(name: str, rate: float):
    """The shipped scenario with a base rate of partly shipped orders added."""
    sc = load_scenario(name)
    extra = SituationRate(situation=SID, rate=rate)
    return sc.model_copy(update={"situations": [*sc.situations, extra]})


@pytest.mark.parametrize(
    "rb_name", ["amazon_us", "amazon_uk", "amazon_in", "amazon_ca", "amazon_jp", "amazon_de"]
)
def test_every_rulebook_simulates_it_by_the_book_with_the_engine_answer(rb_name):
    rb = load_rulebook(rb_name)
    assert rb.situation(SID).simulated and rb.situation(SID).status == "PartiallyShipped"
    item = situation_plan(rb, SID, None, 96.0)
    out = item.otherwise
    reason = rb.situation(SID).seller_reason
    d = engine.adjustment_counts(rb, reason)
    assert item.procedure == "ship_then_adjust" and item.filed is None and not item.compliance_risk
    assert out.adjustment and out.ships and out.reason_code == reason
    assert out.counted == d.ok and out.reason == d.reason and d.assumption
    assert "an assumption" in out.reason


def test_a_cancel_is_not_allowed_on_a_partly_shipped_order_so_the_book_is_followed():
    rb = load_rulebook("amazon_us")
    spec = ACTIONS["seller_cancel"].model(action="seller_cancel", contact_first=False)
    item = situation_plan(rb, SID, spec, 96.0)
    assert item.procedure == "ship_then_adjust"
    assert any("recommended procedure is used instead" in n for n in item.notes)


def test_the_lab_menu_offers_the_adjustment_for_partly_shipped_only():
    rb = load_rulebook("amazon_us")
    assert "ship_then_adjust" in offered_actions(rb.situation(SID))
    assert "ship_then_adjust" not in offered_actions(rb.situation("out_of_stock"))


def test_a_rate_moves_the_counted_cancellations_and_the_situation_figures():
    rb = load_rulebook("amazon_us")
    base, rated = load_scenario("starter_shop"), _with_rate("starter_shop", 0.02)
    lay0, lay1 = (layout(s, rb, background(rb)) for s in (base, rated))
    col = lay1.situations.index(SID)
    d0, d1 = draw_run(lay0, run_rng(5, 0)), draw_run(lay1, run_rng(5, 0))
    assert d0.per_situation[:, col].sum() == 0 and d1.per_situation[:, col].sum() > 100
    r0 = simulate(base, "by_the_book", seed=5, runs=3, days=30)
    r1 = simulate(rated, "by_the_book", seed=5, runs=3, days=30)
    assert SID not in r0.handling and SID in r1.handling
    h = r1.handling[SID]
    assert h.procedure == "ship_then_adjust"
    assert h.counted_otherwise == engine.adjustment_counts(rb, rb.situation(SID).seller_reason).ok
    assert r1.totals.counted_cancellations > r0.totals.counted_cancellations + 50
    assert r1.cancellation_rate.mean > r0.cancellation_rate.mean


def test_the_adjusted_orders_ship_so_they_can_ship_late():
    sc = scenario(
        situations=[{"situation": SID, "rate": 0.5}], shipping={"late_rate": 0.5, "unconfirmed_rate": 0}
    )
    none = scenario(shipping={"late_rate": 0.5, "unconfirmed_rate": 0})
    late = [simulate(s, "by_the_book", seed=1, runs=2).totals.late_shipments for s in (sc, none)]
    counted = [simulate(s, "by_the_book", seed=1, runs=2).totals.counted_cancellations for s in (sc, none)]
    # half the orders are partly shipped: they still ship (late at the same rate), and each adjustment counts
    assert abs(late[0] - late[1]) < 0.1 * late[1]
    assert counted[0] > counted[1] + 0.4 * 100 * 10


def test_same_seed_same_output():
    sc = _with_rate("damaged_batch", 0.01)
    a = simulate(sc, "cancel_first", seed=9, runs=4).to_json()
    b = simulate(sc, "cancel_first", seed=9, runs=4).to_json()
    assert a == b and simulate(sc, "cancel_first", seed=10, runs=4).to_json() != a


def test_without_a_rate_nothing_changes():
    """A rulebook that did not simulate the situation gives the same result, number for number."""
    rb = load_rulebook("amazon_us")
    off = rb.model_copy(
        update={
            "situations": [
                s.model_copy(update={"simulated": s.id != SID}) if s.id == SID else s for s in rb.situations
            ]
        }
    )
    assert SID not in [s.id for s in off.situations if s.simulated]
    sc = load_scenario("starter_shop")
    on_json = simulate(sc, "ask_buyer_first", rb, seed=3, runs=3, days=40)
    off_json = simulate(sc, "ask_buyer_first", off, seed=3, runs=3, days=40)
    assert on_json.to_json() == off_json.to_json()


def test_listed_situations_and_the_damaged_batch_rates_it():
    rb = load_rulebook("amazon_us")
    assert SID not in listed_situations(rb, load_scenario("starter_shop"))
    assert "partial_stock_out" in listed_situations(rb, load_scenario("starter_shop"))
    assert SID in listed_situations(rb, load_scenario("damaged_batch"))
    assert all(rb.situation(s).simulated for s in listed_situations(rb, load_scenario("damaged_batch")))


def test_the_plan_tables_are_vectorised_lookups():
    rb = load_rulebook("amazon_us")
    plan = build_plan(rb, load_policy("by_the_book", rb), load_scenario("damaged_batch"))
    s = plan.situations.index(SID)
    assert plan.ships[s * 2] and plan.cancelled[s * 2] and not plan.ask[s]
    assert isinstance(plan.counted, np.ndarray) and plan.counted.dtype == bool


def test_the_scenario_docs_list_every_simulated_situation():
    from tests.doc_examples import ROOT  # deferred: only this test reads the docs

    doc = (ROOT / "docs" / "scenario-format.md").read_text()
    for name in ("amazon_us", "amazon_uk", "amazon_in", "amazon_ca", "amazon_jp", "amazon_de"):
        for s in load_rulebook(name).situations:
            assert (f"| `{s.id}` |" in doc) == s.simulated, (name, s.id)
