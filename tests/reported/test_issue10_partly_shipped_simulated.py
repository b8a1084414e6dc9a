"""Issue 10, part 3: partly shipped orders in the simulator, not only on the desk."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from rules import adjustment_counts, load_rulebook
from simulator import load_scenario, simulate
from simulator.runs.params import param_paths
from ui.simulate.lab_state import scenario_fields
from ui.simulate.scenario_editor import situation_paths

ROOT = Path(__file__).resolve().parents[2]
SID = "partly_shipped"


def test_the_simulator_runs_into_partly_shipped_orders():
    """ "A PartiallyShipped order: ship-confirm what you can, refund the rest with an adjustment
    (NoInventory or CustomerCancel). Both are in the rulebook, the engine, the desk and the
    simulator, each with an exercise." Today the simulator has only Cancel items."""
    rb = load_rulebook("amazon_us")
    res = simulate("damaged_batch", "by_the_book", seed=0, runs=5)
    h = res.handling[SID]
    assert h.procedure == "ship_then_adjust" and "adjustment" in h.otherwise
    # whether the adjustment counts is the engine's answer, an assumption the rulebook marks
    d = adjustment_counts(rb, rb.situation(SID).seller_reason)
    assert d.assumption and h.counted_otherwise == d.ok
    no_rate = load_scenario("damaged_batch")
    no_rate = no_rate.model_copy(update={"situations": [s for s in no_rate.situations if s.situation != SID]})
    before = simulate(no_rate, "by_the_book", seed=0, runs=5)
    assert SID not in before.handling
    assert res.totals.counted_cancellations > before.totals.counted_cancellations


def test_the_run_command_lists_it_per_situation():
    """The run's per-situation lines (the Handling table) show the partly shipped orders."""
    argv = [sys.executable, "-m", "simulator", "run", "damaged_batch", "--runs", "3"]
    proc = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and proc.stderr == ""
    line = next(x for x in proc.stdout.splitlines() if x.startswith(SID))
    assert "ship_then_adjust" in line and "refunded the rest with an adjustment (No Inventory)" in line
    argv += ["--format", "json"]
    data = json.loads(subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=120).stdout)
    assert list(data["handling"])[-1] == SID


def test_the_lab_rate_editor_and_the_sweep_offer_it_and_no_desk_only_situation():
    """The rate editor listed every rulebook situation, so a rate for a desk-only one (a shipped
    order the buyer wants out of) failed at run time; partly shipped orders had no rate at all."""
    rb = load_rulebook("amazon_us")
    fields = scenario_fields(rb)
    assert f"sit.{SID}" in fields
    assert "sit.shipped_wants_out" not in fields and "sit.pending_buyer_writes" not in fields
    paths = situation_paths(load_scenario("damaged_batch"), rb)
    assert ("situations", SID) in paths and ("situations", "shipped_wants_out") not in paths
    sweepable = param_paths(load_scenario("damaged_batch"), rb)
    assert "situations.partly_shipped.days_15-24" in sweepable
    assert "situations.shipped_wants_out" not in sweepable
