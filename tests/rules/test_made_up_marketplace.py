"""A new marketplace is one file dropped into rules/: the CLI, the simulator, the lab and the
desk pick it up with no code change (issue 20)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from formats.loader import RULES_DIR, available_rulebooks, load_rulebook
from rules import vocabulary
from tests.training.conftest import COUNTED_PER_DAY, SF_PER_DAY
from training.desk_view import actions, channel_name
from training.seller_metrics import Background
from training.shift import ShiftParams, new_shift

ROOT = Path(__file__).resolve().parents[2]
ZZ = """\
# A made-up marketplace for a test: only what differs from the UK book.
id: amazon_zl
extends: amazon_uk
name: Amazon Zedland (ZZ)
marketplace: ZZ
currency: CHF
storefront:
  sales_channel: Amazon.zz
  faker_locale: de_CH
  money: {symbol: CHF, thousands: "'"}
metrics:
  cancellation_rate:
    limit: 0.02
    source: Zedland help page 123 (made up for this test)
"""


@pytest.fixture(scope="module")
def zedland():
    path = RULES_DIR / "amazon_zl.yaml"
    path.write_text(ZZ)
    try:
        yield load_rulebook("amazon_zl")
    finally:
        path.unlink()


def run(*argv: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *argv], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_the_rulebook_is_found_and_merged(zedland):
    assert "amazon_zl" in available_rulebooks()
    assert zedland.metrics.cancellation_rate.limit == 0.02
    assert zedland.situations == load_rulebook("amazon_uk").situations
    assert vocabulary.money(zedland, 1234.5) == "CHF 1'234.50"


def test_the_cli_checks_and_explains_it(zedland):
    check = run("-m", "rules", "check", "rules/amazon_zl.yaml")
    assert (check.returncode, check.stdout.strip()) == (0, "OK rules/amazon_zl.yaml (rulebook)")
    breach = run("-m", "rules", "explain", "--rulebook", "amazon_zl", "breach", "--rate", "0.021")
    assert breach.returncode == 0 and breach.stdout.startswith("BREACH")
    shown = run("-m", "rules", "show", "amazon_zl", "--origin")
    assert "  sales_channel: Amazon.zz  # rules/amazon_zl.yaml:8" in shown.stdout


def test_the_simulator_runs_a_scenario_on_it(zedland, tmp_path):
    text = (
        (ROOT / "scenarios" / "starter_shop.yaml")
        .read_text()
        .replace("rulebook: amazon_us", "rulebook: amazon_zl")
    )
    scenario = tmp_path / "zedland_shop.yaml"
    scenario.write_text(text)
    proc = run("-m", "simulator", "run", str(scenario), "--runs", "20", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert (result["rulebook"], result["currency"]) == ("amazon_zl", "CHF")
    assert result["cancellation_rate"]["limit"] == 0.02


def test_the_lab_offers_and_runs_it(zedland, tmp_path, monkeypatch):
    monkeypatch.setenv("CANCEL_DESK_DATA", str(tmp_path / "data"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("ui/simulate/lab_page.py").run()
    choice = at.selectbox(key="lab.rb_choice")
    assert "Amazon Zedland (ZZ)" in choice.options
    choice.set_value("amazon_zl").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.number_input(key="lab.rb.limit").value == 2.0


def test_the_desk_runs_a_shift_on_it(zedland):
    days = 20
    dates = [f"2025-10-{d:02d}" for d in range(1, days + 1)]
    flat = np.full(days, SF_PER_DAY), np.full(days, COUNTED_PER_DAY), np.full(days, 1)
    background = Background(dates, *flat, "fixed test flow")
    desk = new_shift(ShiftParams(orders=15, rulebook="amazon_zl", seed=4), background)
    assert desk.rb.id == "amazon_zl"
    assert channel_name(desk.rb) == "Amazon.zz"
    waiting = [
        o for o in desk.orders if o.status == vocabulary.awaiting_status(desk.rb) and o.channel == "MFN"
    ]
    assert waiting and actions(desk, waiting[0]) == ["confirm_shipment", "cancel"]
    result = desk.cancel(waiting[0].order_id, "NoInventory")
    assert result.ok, result.message
