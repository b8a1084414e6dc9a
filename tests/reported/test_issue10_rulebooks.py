"""Issue 10, part 1: what the rulebooks got wrong, made right with the help page in `source:`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from formats.kinds import check_file
from formats.loader import available_rulebooks, load_rulebook
from formats.policy import Policy
from rules import (
    action_allowed,
    auto_cancel_hours,
    buyer_can_direct_cancel,
    counts_toward_rate,
    feedback_risk,
)
from simulator import load_scenario, simulate
from simulator.engine.plan import build_plan
from tests.simulator.tiny import scenario

ROOT = Path(__file__).resolve().parents[2]


def _rules(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rules", *args], cwd=ROOT, capture_output=True, text=True)


def test_all_six_rulebooks_check_ok():
    """ "`python -m rules check` is OK for all six rulebooks" (and the four added since, issue 21)."""
    names = sorted(available_rulebooks())
    six = ["amazon_ca", "amazon_de", "amazon_in", "amazon_jp", "amazon_uk", "amazon_us"]
    assert set(six) <= set(names) and len(names) == 10
    proc = _rules("check", *(f"rules/{n}.yaml" for n in names))
    assert proc.returncode == 0 and proc.stdout.count("OK ") == len(names)


@pytest.mark.parametrize(
    "name", ["amazon_us", "amazon_uk", "amazon_in", "amazon_ca", "amazon_jp", "amazon_de"]
)
def test_stock_out_note_is_no_longer_unconfirmed(name):
    """ "The 'unconfirmed on an official page' note is out of date in all three rulebooks"."""
    text = (ROOT / "rules" / f"{name}.yaml").read_text()
    assert "unconfirmed on an official page" not in text
    rb = load_rulebook(name)
    for sid in ("out_of_stock", "defect_damage"):
        best = rb.situation(sid).best
        assert (best.reason, best.contact) == ("NoInventory", ["after"])  # cancel first, then message


def test_canceled_orders_can_be_messaged():
    """ "A cancelled order can still be messaged ... Following it today fails the trainee"."""
    for name in available_rulebooks():
        assert action_allowed(load_rulebook(name), "Canceled", "message_buyer").ok


def test_pending_orders_hide_the_buyer_and_are_referred_to_customer_service():
    """ "They show no buyer name, address or contact details ... referred to Amazon Customer Service"."""
    for name in available_rulebooks():
        rb = load_rulebook(name)
        st = rb.status("Pending")
        assert not st.shows_buyer and "Customer Service" in st.note
        assert not action_allowed(rb, "Pending", "cancel").ok
        assert not action_allowed(rb, "Pending", "confirm_shipment").ok
        assert rb.situation("pending_buyer_writes").best.procedure == "refer_to_customer_service"


def test_direct_cancel_runs_from_placing_the_order_whatever_the_status():
    """ "Today it is tied to Pending, and the CLI prints 'Cancel directly is not available for
    Unshipped orders. The only status in which Cancel order is available'"."""
    proc = _rules(
        "explain", "action", "--status", "Unshipped", "--action", "direct_cancel", "--actor", "buyer"
    )
    assert proc.returncode == 0
    assert "not available for Unshipped" not in proc.stdout and "The only status" not in proc.stdout
    assert proc.stdout.startswith("ALLOWED [direct_cancel.minutes]") and "whatever the status" in proc.stdout
    us = load_rulebook("amazon_us")
    assert us.status("Pending").buyer_direct_cancel_minutes is None and us.direct_cancel.minutes == 30
    assert buyer_can_direct_cancel(us, 10).ok and not buyer_can_direct_cancel(us, 31).ok


def test_uk_thirty_minutes_is_published():
    """ "The UK's 30 minutes is published (GRXAS2XTAYEF77BG), not 'US only'"."""
    uk = load_rulebook("amazon_uk")
    assert uk.direct_cancel.minutes == 30 and not uk.direct_cancel.assumption
    assert (
        "GRXAS2XTAYEF77BG" in uk.direct_cancel.source
        and "US only" not in (ROOT / "rules/amazon_uk.yaml").read_text()
    )


def test_india_auto_cancel_fee_exclusion_and_suppression():
    """India (200285210): 24 h after the ESD (ESD for Easy Ship GD), fee 100%/150%, the exclusion
    needs Buyer Cancelled, suppression documented."""
    rb = load_rulebook("amazon_in")
    assert auto_cancel_hours(rb) == 24
    (variant,) = rb.auto_cancel.variants
    assert variant.hours_after_expected_ship_date == 0 and "Easy Ship" in variant.label
    proc = _rules(
        "explain", "--rulebook", "amazon_in", "counts", "--reason", "NoInventory", "--buyer-requested"
    )
    assert proc.returncode == 0 and proc.stdout.startswith("COUNTS")
    assert not counts_toward_rate(rb, "BuyerCanceled", buyer_requested=True).ok
    assert rb.listing_suppression.confirmed and "200285210" in rb.listing_suppression.source


def test_india_fee_is_150_percent_for_a_cancel_after_the_ship_date():
    """ "the simulator applies the right one (always 100% today)"."""
    rb = load_rulebook("amazon_in")
    sc = scenario(days=5, shipping={"handling_days": 2})  # ship date at 48 h, auto-cancel at 72 h
    for wait, multiple in ((24.0, 1.0), (60.0, 1.5)):
        pol = Policy.model_validate(
            {"name": "p", "handling": {"special_request": {"action": "ask_buyer", "wait_hours": wait}}}
        )
        item = next(i for i in build_plan(rb, pol, sc).items if i.situation == "special_request")
        assert item.otherwise.fee_multiple == multiple


def test_odr_is_per_fulfilment_channel():
    """ "ODR is computed and shown per fulfilment channel (G200205250). Today FBA orders dilute
    the seller-fulfilled ODR"."""
    res = simulate(load_scenario("starter_shop"), seed=1, runs=3, days=30)
    odr = res.order_defect_rate
    assert set(odr.by_channel) == {"seller_fulfilled", "fba"} and odr.channel == "seller_fulfilled"
    assert odr.max == odr.by_channel["seller_fulfilled"].max
    out = subprocess.run(
        [sys.executable, "-m", "simulator", "run", "starter_shop", "--runs", "3", "--days", "30"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout
    assert "seller-fulfilled max" in out and "fba max" in out


def test_statuses_invoice_unconfirmed_and_unfulfillable():
    """ "InvoiceUnconfirmed means all items shipped (treat it like Shipped); Unfulfillable is
    Multi-Channel Fulfillment only"."""
    for name in available_rulebooks():
        rb = load_rulebook(name)
        inv, ship = rb.status("InvoiceUnconfirmed"), rb.status("Shipped")
        assert set(inv.seller_actions) == set(ship.seller_actions) and "all items shipped" in inv.source
        assert "Multi-Channel Fulfillment" in rb.status("Unfulfillable").note


def test_us_auto_cancel_keeps_both_figures_and_says_which_is_simulated():
    """ "Record '7 business days' (the 2020 announcement) beside 'seven days' (the help page)"."""
    ac = load_rulebook("amazon_us").auto_cancel
    assert ac.days_after_expected_ship_date == 7 and not ac.business_days and "simulator uses" in ac.source
    (v,) = ac.variants
    assert v.business_days and "694871" in v.source and not v.used_by_simulator


def test_response_effect_is_an_assumption_everywhere():
    """ "mark it `assumption: true` and say so on screen. training_desk.yaml's 'halves the chance'
    must stop stating it as fact"."""
    for name in available_rulebooks():
        rb = load_rulebook(name)
        assert rb.feedback.quick_response.assumption
        d = feedback_risk(rb, "seller_cancel_after_contact", quick_response=True)
        assert d.assumption and "an assumption" in d.reason
    assert "halves" not in (ROOT / "scenarios/training_desk.yaml").read_text()


def test_pricing_error_says_where_its_code_comes_from():
    """ "`PricingError` is not in the OrderAcknowledgement XSD. Say where the code comes from"."""
    for name in available_rulebooks():
        r = load_rulebook(name).reason("PricingError")
        assert "XSD" in r.origin and "SDK" in r.origin


def test_a_contradicting_exercise_is_caught_by_rules_check(tmp_path):
    """ "An exercise states its situation and may narrow the key; it never contradicts it"."""
    data = yaml.safe_load((ROOT / "scenarios/training_desk.yaml").read_text())
    data["exercises"][3]["key"] = {"expect": "ask_buyer_request"}  # out_of_stock: a violation
    bad = tmp_path / "training_desk.yaml"
    bad.write_text(yaml.safe_dump(data, sort_keys=False))
    (tmp_path / "policies").mkdir()
    for p in (ROOT / "scenarios/policies").glob("*.yaml"):
        (tmp_path / "policies" / p.name).write_text(p.read_text())
    with pytest.raises(Exception, match="an exercise cannot teach it"):
        check_file(bad)
    proc = _rules("check", str(bad))
    assert proc.returncode == 2 and "never contradict it" in proc.stdout
