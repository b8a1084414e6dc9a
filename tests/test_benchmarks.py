"""The bench's reference is the engine's model, so `make bench` compares like with like."""

from __future__ import annotations

import pytest

from benchmarks.per_order import simulate_per_order
from simulator import load_scenario, simulate


@pytest.mark.parametrize("name", ["starter_shop", "holiday_stockout"])
def test_per_order_reference_simulates_the_same_model(name):
    sc = load_scenario(name)
    engine = simulate(sc, seed=2, runs=200)
    per_order = simulate_per_order(sc, seed=2, runs=200)
    assert engine.totals.orders == per_order["totals"]["orders"]  # same volume draws
    for key in (
        "seller_fulfilled_orders",
        "counted_cancellations",
        "buyer_requested_cancellations",
        "buyer_direct_cancellations",
        "negative_feedback",
        "late_shipments",
    ):
        assert per_order["totals"][key] == pytest.approx(getattr(engine.totals, key), rel=0.03), key
    a, b = engine.cancellation_rate, per_order["cancellation_rate"]
    assert b["mean"] == pytest.approx(a.mean, rel=0.03)
    assert b["breach_probability"] == pytest.approx(a.breach_probability, abs=0.05)
    assert engine.daily != per_order["daily"]  # two implementations, not one called twice


@pytest.mark.slow
def test_the_engine_bench_runs_and_prints_its_ratio_to_the_floor():
    """`make bench` is not part of `make test`, so a result type it reads by an old key broke it
    unnoticed once; this runs it (no timing is asserted here: benchmarks report, tests check)."""
    import subprocess
    import sys
    from pathlib import Path

    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.engine"],
        cwd=Path(__file__).resolve().parents[1],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert "engine / all-at-once floor:" in out.stdout
    assert "speed-up over per-order numpy:" in out.stdout


def test_the_pyarrow_floor_parses_every_row_the_replay_reads(tmp_path, monkeypatch):
    """`benchmarks.pyarrow_floor` (the replay bench's floor) parses the same rows, on a report of
    several of its blocks with a last line without an end."""
    from benchmarks import pyarrow_floor
    from simulator.reports.replay import replay_report
    from simulator.reports.write import ReportSpec, write_report

    path = tmp_path / "all_orders.tsv"
    write_report(path, ReportSpec(days=14, orders_per_day=100.0))
    monkeypatch.setattr(pyarrow_floor, "BLOCK", 64 * 1024)
    path.write_bytes(path.read_bytes().rstrip(b"\n"))
    assert path.stat().st_size > 3 * pyarrow_floor.BLOCK
    assert pyarrow_floor.rows(str(path)) == replay_report(path).rows.read
