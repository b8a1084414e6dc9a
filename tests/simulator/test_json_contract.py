"""The typed results keep the CLI's output byte for byte: run, compare, sweep and replay.

``golden/cli_outputs.json`` holds the sha256 of each command's stdout, computed from the
code before results became typed objects (issue 20).  A deliberate change of an output
regenerates it: ``python -m tests.simulator.test_json_contract`` (then review the diff).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import sys
from pathlib import Path

import pytest

from simulator import simulate
from simulator.cli.main import main
from simulator.record import ABSENT
from simulator.reports.write import main as write_report_main
from simulator.runs.result_types import METRICS, SimulationResult, WindowFigures
from simulator.runs.results import DELTA_KEYS
from ui.simulate.results_compare import COMPARE_ROWS

GOLDEN = Path(__file__).parent / "golden" / "cli_outputs.json"
REPORT = "all_orders.txt"  # relative: the replay's JSON names the report as given
SCENARIOS = sorted(p.stem for p in (Path(__file__).parents[2] / "scenarios").glob("*.yaml"))
COMPARE = ["compare", "holiday_stockout", "--policy", "cancel_first", "--policy", "ask_buyer_first"]
SWEEP = ["sweep", "holiday_stockout", "--param", "situations.out_of_stock.days_20-40"]
SWEEP += ["--values", "0,0.01,0.02,0.035", "--policy", "ask_buyer_first", "--runs", "50"]

CASES: dict[str, list[str]] = {
    **{f"run {s}": ["run", s, "--runs", "200", "--format", "json"] for s in SCENARIOS},
    # one run takes other paths (whole counts, a run's breach as 0 or 1)
    "run holiday_stockout 1": ["run", "holiday_stockout", "--format", "json"],
    "run india_marketplace 1": ["run", "india_marketplace", "--format", "json"],
    "run india_marketplace table": ["run", "india_marketplace", "--runs", "20"],
    "run holiday_stockout csv": ["run", "holiday_stockout", "--runs", "20", "--format", "csv"],
    "compare": [*COMPARE, "--runs", "200", "--format", "json"],
    "compare table": [*COMPARE, "--runs", "20"],
    "compare csv": [*COMPARE, "--runs", "20", "--format", "csv"],
    "sweep": [*SWEEP, "--format", "json"],
    "sweep table": [*SWEEP],
    "sweep csv": [*SWEEP, "--format", "csv"],
    "replay": ["replay", REPORT, "--format", "json"],
    "replay india": ["replay", REPORT, "--rulebook", "amazon_in", "--format", "json"],
    "replay table": ["replay", REPORT],
    "replay csv": ["replay", REPORT, "--format", "csv"],
}


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("contract")
    argv = [str(folder / REPORT), "--days", "28", "--orders-per-day", "100"]
    with contextlib.redirect_stdout(io.StringIO()):
        assert write_report_main(argv) == 0
    return folder


def output(argv: list[str], folder: Path) -> str:
    """What ``python -m simulator ARGV`` prints on stdout, run from ``folder``."""
    here, buf = Path.cwd(), io.StringIO()
    os.chdir(folder)
    try:
        with contextlib.redirect_stdout(buf):
            assert main(argv) in (0, 1)
    finally:
        os.chdir(here)
    return buf.getvalue()


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@pytest.mark.parametrize("name", list(CASES))
def test_output_is_byte_identical(name, report_dir):
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert digest(output(CASES[name], report_dir)) == golden[name], f"`{' '.join(CASES[name])}` changed"


def test_every_case_is_pinned():
    assert set(json.loads(GOLDEN.read_text(encoding="utf-8"))) == set(CASES)


if __name__ == "__main__":  # regenerate the digests (review the diff before committing it)
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        argv = [str(Path(tmp) / REPORT), "--days", "28", "--orders-per-day", "100"]
        with contextlib.redirect_stdout(io.StringIO()):
            write_report_main(argv)
        pins = {name: digest(output(argv, Path(tmp))) for name, argv in CASES.items()}
    GOLDEN.write_text(json.dumps(pins, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {len(pins)} digests to {GOLDEN}", file=sys.stderr)


def test_a_result_goes_through_its_dict_and_back_unchanged():
    res = simulate("india_marketplace", runs=3, days=20)
    again = SimulationResult.from_dict(json.loads(res.to_json()))
    assert again == res and again.to_json() == res.to_json()
    assert isinstance(again.cancellation_rate.by_window["30"], WindowFigures)
    assert again.cancellation_rate.by_window["30"].partial is ABSENT  # a replay's key only
    assert "partial" not in again.to_dict()["cancellation_rate"]["by_window"]["30"]


def test_a_dict_with_a_key_the_type_does_not_know_is_refused():
    data = simulate("starter_shop", days=5).to_dict()
    data["totals"]["refunds"] = 3
    with pytest.raises(ValueError, match="SimTotals has no field refunds"):
        SimulationResult.from_dict(data)
    del data["totals"]["refunds"], data["totals"]["orders"]
    with pytest.raises(ValueError, match="SimTotals needs orders"):
        SimulationResult.from_dict(data)


def test_the_compare_table_and_the_deltas_read_one_metrics_table():
    res = simulate("starter_shop", days=5)
    assert tuple(METRICS) == DELTA_KEYS and set(res.metrics()) == set(METRICS)
    assert res.metrics()["cancellation_rate_peak_median"] == res.cancellation_rate.peak.median
    assert all(name in METRICS for _label, name, _kind, _total in COMPARE_ROWS)
