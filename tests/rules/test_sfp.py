"""Seller Fulfilled Prime (202072550): an SFP shop is held to a stricter cancellation target."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from formats.errors import ScenarioFileError
from formats.loader import available_rulebooks, load_rulebook
from rules import rate_breach
from rules.sfp import offers_sfp, seller_fulfilled_prime
from simulator import simulate
from simulator.catalog import load_scenario

ROOT = Path(__file__).resolve().parents[2]
TARGETS = {"amazon_us": 0.005, "amazon_uk": 0.005, "amazon_de": 0.005, "amazon_es": 0.005, "amazon_jp": 0.01}


@pytest.mark.parametrize("name", available_rulebooks())
def test_the_target_per_marketplace_is_the_pages(name):
    rb = load_rulebook(name)
    if name not in TARGETS:
        assert not offers_sfp(rb)
        return
    sfp = seller_fulfilled_prime(rb).metrics.cancellation_rate
    assert (sfp.limit, sfp.target) == (TARGETS[name], "at_most")
    assert "202072550" in sfp.source
    assert rb.metrics.cancellation_rate.limit > sfp.limit  # the shop's own target is untouched


def test_an_sfp_shop_is_judged_by_the_sfp_target_and_says_so():
    rb = seller_fulfilled_prime(load_rulebook("amazon_us"))
    assert not rate_breach(rb, "cancellation_rate", 0.005).ok  # "at most 0.5%"
    d = rate_breach(rb, "cancellation_rate", 0.006)
    assert d.ok and "Seller Fulfilled Prime" in d.reason and "0.5%" in d.reason
    assert rate_breach(load_rulebook("amazon_us"), "cancellation_rate", 0.006).ok is False


def test_an_sfp_scenario_breaches_where_an_ordinary_one_does_not():
    plain = load_scenario("starter_shop")
    sfp = plain.model_copy(update={"sfp": True})
    a = simulate(plain, seed=3, runs=40)
    b = simulate(sfp, seed=3, runs=40)
    assert (a.cancellation_rate.limit, b.cancellation_rate.limit) == (0.025, 0.005)
    assert b.cancellation_rate.breach_probability > a.cancellation_rate.breach_probability


def test_an_sfp_scenario_on_a_marketplace_without_a_target_is_refused_in_words():
    sc = load_scenario("starter_shop").model_copy(update={"sfp": True, "rulebook": "amazon_ca"})
    with pytest.raises(ScenarioFileError) as info:
        simulate(sc, seed=1, runs=2)
    assert "no Seller Fulfilled Prime target" in str(info.value)


def _replay(*argv: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "simulator", "replay", *argv], capture_output=True, text=True, cwd=ROOT
    )


def test_replay_sfp_flag(tmp_path):
    report = str(tmp_path / "ao.txt")
    subprocess.run(
        [sys.executable, "-m", "simulator.reports.write", report, "--days", "21"], check=True, cwd=ROOT
    )
    plain, sfp = _replay(report, "--format", "json"), _replay(report, "--sfp", "--format", "json")
    a, b = json.loads(plain.stdout)["cancellation_rate"], json.loads(sfp.stdout)["cancellation_rate"]
    assert (a["limit"], b["limit"]) == (0.025, 0.005)
    assert b["days_over_limit"] >= a["days_over_limit"]
    head = "Seller Fulfilled Prime: Cancellation Rate (Seller Fulfilled Prime) at most 0.5%"
    assert _replay(report, "--sfp").stdout.startswith(head)
    refused = _replay(report, "--sfp", "--rulebook", "amazon_ca")
    assert refused.returncode == 2 and "no Seller Fulfilled Prime target" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_an_sfp_desk_and_shift_hold_the_account_to_the_sfp_target():
    from training.session import build, new_desk
    from training.shift import ShiftParams

    desk = new_desk(None, seed=3, sfp=True)
    assert desk.rb.metrics.cancellation_rate.limit == 0.005
    assert build(desk.recipe).rb.metrics.cancellation_rate.limit == 0.005  # a reload keeps it
    with pytest.raises(ValueError, match="no Seller Fulfilled Prime target"):
        ShiftParams(rulebook="amazon_in", sfp=True)
