"""Issue 11, part 7: limits that hold against any input."""

import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from formats.errors import RulebookError
from simulator import simulate
from simulator.catalog import load_scenario
from simulator.runs.budget import MAX_INCIDENTS_PER_RUN

ROOT = Path(__file__).resolve().parents[2]
HUGE = """name: huge
start_date: 2024-01-01
days: 730
volume: {mean_per_day: 1000000, spikes: [{start_day: 1, end_day: 30, multiplier: 100}]}
seller_fulfilled_share: 1.0
situations:
  - {situation: out_of_stock, rate: 0.9}
"""


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "simulator", *args], cwd=ROOT, capture_output=True, text=True
    )


def test_the_cli_refuses_a_run_over_the_work_budget_with_exit_2(tmp_path):
    """'`python -m simulator run` on the same file takes 26 s and 6.3 GB.'"""
    (tmp_path / "huge.yaml").write_text(HUGE)
    proc = cli("run", str(tmp_path / "huge.yaml"))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "orders a day" in proc.stderr and "5,000,000" in proc.stderr  # the busiest day, and the limit


def test_the_budget_names_the_figures_before_anything_is_drawn():
    sc = load_scenario(ROOT / "scenarios" / "starter_shop.yaml")
    big = sc.model_copy(
        update={"volume": sc.volume.model_copy(update={"mean_per_day": 1_000_000.0}), "days": 730}
    )
    tracemalloc.start()
    with pytest.raises(RulebookError, match=f"over the limit of {MAX_INCIDENTS_PER_RUN:,} a run"):
        simulate(big)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 50 * 1024 * 1024  # refused from the expected figures, not after drawing


def test_the_lab_at_the_widget_maxima_refuses_in_words(tmp_path, monkeypatch):
    """'Policy lab widget values that are all within today's limits take the server from 262 MB to 10 GB
    in 28 s: 1,000,000 orders a day, 730 days, "Out of stock" at 90%, 1 run.'"""
    monkeypatch.setenv("CANCEL_DESK_DATA", str(tmp_path / "data"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("ui/simulate/lab_page.py").run()
    at.selectbox(key="lab.runs").set_value(1000).run()
    tracemalloc.start()
    at.number_input(key="lab.sc.volume").set_value(1_000_000.0).run()
    at.number_input(key="lab.sc.days").set_value(at.number_input(key="lab.sc.days").max).run()
    at.number_input(key="lab.sc.sit.out_of_stock").set_value(90.0).run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert "over the limit" in errors and "orders that run into a situation" in errors
    assert peak < 300 * 1024 * 1024, f"peak {peak / 2**20:.0f} MiB"


@pytest.mark.parametrize("date", ["9999-12-01", "0001-01-01"])
def test_dates_outside_what_the_simulator_counts_are_refused_in_words(tmp_path, date):
    """'`start_date: 9999-12-01` or `0001-01-01` crashes `run` with an OverflowError traceback.'"""
    (tmp_path / "s.yaml").write_text(
        f"name: s\nstart_date: {date}\ndays: 30\nvolume: {{mean_per_day: 10}}\nseller_fulfilled_share: 0.5\n"
    )
    proc = cli("run", str(tmp_path / "s.yaml"))
    assert proc.returncode == 2 and "OverflowError" not in proc.stderr
    assert "s.yaml:2:13: start_date:" in proc.stderr and "1900-01-01 to 2999-12-31" in proc.stderr


def test_calibrate_on_a_report_dated_0001_writes_nothing_that_would_crash(tmp_path):
    """'`calibrate` on a report dated 0001-01 writes a scenario that crashes the same way.'"""
    head = "amazon-order-id\tpurchase-date\tlast-updated-date\torder-status\tfulfillment-channel\n"
    (tmp_path / "old.tsv").write_text(head + "1\t0001-01-03T09:00:00Z\t0001-01-04T09:00:00Z\tShipped\tMFN\n")
    proc = cli("calibrate", str(tmp_path / "old.tsv"), "--out", str(tmp_path / "s.yaml"))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "would not pass its own check" in proc.stderr
    assert not (tmp_path / "s.yaml").exists()


def test_an_uploaded_scenario_with_800_days_keeps_its_800_days(tmp_path, monkeypatch):
    """'An uploaded scenario with `days: 800` is simulated over 7 days with no word.'"""
    monkeypatch.setenv("CANCEL_DESK_DATA", str(tmp_path / "data"))
    text = (ROOT / "scenarios" / "starter_shop.yaml").read_text().replace("days: 90", "days: 800")
    assert "days: 800" in text
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("ui/simulate/lab_page.py").run()
    at.file_uploader(key="lab.up.scenario").set_value(
        ("long.yaml", text.encode(), "application/x-yaml")
    ).run()
    assert not at.exception
    assert at.number_input(key="lab.sc.days").value == 800
    assert any("of 800 days" in str(m.proto.delta) for m in at.metric)
