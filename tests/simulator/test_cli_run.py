"""`python -m simulator run|compare`: the CLI contract (flags, keys, formats, exit codes)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from simulator.cli.main import main
from tests.doc_examples import ROOT

RUN_KEYS = {"scenario", "policy", "rulebook", "seed", "days", "runs", "totals", "cancellation_rate", "daily"}
TOTAL_KEYS = {
    "orders",
    "seller_fulfilled_orders",
    "counted_cancellations",
    "buyer_requested_cancellations",
    "auto_cancellations",
    "negative_feedback",
}
RATE_KEYS = {"limit", "window_days", "max", "mean", "days_over_limit", "breach_probability"}
DAY_KEYS = {"date", "orders", "seller_fulfilled_orders", "counted_cancellations", "rolling_cancellation_rate"}


def cli(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_run_json_holds_the_contract_keys(capsys):
    code, out, err = cli(capsys, "run", "starter_shop", "--seed", "3", "--days", "20", "--format", "json")
    assert code == 0 and err == ""
    res = json.loads(out)
    assert set(res) >= RUN_KEYS
    assert set(res["totals"]) >= TOTAL_KEYS
    assert set(res["cancellation_rate"]) >= RATE_KEYS
    assert all(set(d) >= DAY_KEYS for d in res["daily"])
    assert (res["seed"], res["days"], res["runs"], res["policy"]) == (3, 20, 1, "by_the_book")
    assert len(res["daily"]) == 20


def test_run_with_policy_runs_and_a_policy_file(capsys):
    policy = ROOT / "scenarios/policies/cancel_first.yaml"
    argv = ["--policy", str(policy), "--runs", "5", "--days", "10", "--format", "json"]
    code, out, _ = cli(capsys, "run", "starter_shop", *argv)
    res = json.loads(out)
    assert code == 0 and res["policy"] == "cancel_first" and res["runs"] == 5
    assert "rolling_cancellation_rate_p95" in res["daily"][0]


def test_run_csv_is_the_daily_table(capsys):
    code, out, _ = cli(capsys, "run", "starter_shop", "--days", "9", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == 9
    assert set(rows[0]) >= DAY_KEYS
    assert rows[0]["date"] == "2025-09-01"


def test_run_table_is_readable(capsys):
    code, out, _ = cli(capsys, "run", "india_marketplace", "--days", "35")
    assert code == 0
    assert "Cancellation Rate: limit 2.00% over 7 and 30 days" in out
    assert "CR_30d" in out and "cancellation_fees" in out


def test_compare_prints_one_block_per_policy_and_deltas(capsys):
    pols = ["--policy", "cancel_first", "--policy", "ask_buyer_first", "--policy", "by_the_book"]
    code, out, _ = cli(
        capsys, "compare", "starter_shop", *pols, "--runs", "4", "--days", "15", "--format", "json"
    )
    res = json.loads(out)
    assert code == 0
    assert list(res["policies"]) == ["cancel_first", "ask_buyer_first", "by_the_book"]
    for block in res["policies"].values():
        assert set(block) >= RUN_KEYS and block["runs"] == 4
    d = res["deltas"]["ask_buyer_first"]
    base, other = res["policies"]["cancel_first"]["totals"], res["policies"]["ask_buyer_first"]["totals"]
    assert d["counted_cancellations"] == pytest.approx(
        other["counted_cancellations"] - base["counted_cancellations"]
    )
    assert all(v in (0, 0.0, None) for v in res["deltas"]["cancel_first"].values())


def test_compare_table_and_csv(capsys):
    pols = ["--policy", "cancel_first", "--policy", "by_the_book"]
    code, out, _ = cli(capsys, "compare", "starter_shop", *pols, "--days", "5")
    assert code == 0 and "Δ by_the_book" in out and "breach_probability" in out
    code, out, _ = cli(capsys, "compare", "starter_shop", *pols, "--days", "5", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["policy"] for r in rows] == ["cancel_first"] * 5 + ["by_the_book"] * 5


def test_out_writes_the_file_and_nothing_on_stdout(capsys, tmp_path):
    target = tmp_path / "r.json"
    code, out, err = cli(
        capsys, "run", "starter_shop", "--days", "5", "--format", "json", "--out", str(target)
    )
    assert code == 0 and out == "" and "wrote" in err
    assert json.loads(target.read_text())["days"] == 5
    code, _, err = cli(capsys, "run", "starter_shop", "--days", "5", "--out", str(tmp_path / "no" / "r.json"))
    assert code == 2 and "cannot write" in err


def test_bad_input_exits_2_with_the_loaders_message(capsys, tmp_path):
    code, out, err = cli(capsys, "run", "starter_shp")
    assert code == 2 and out == "" and "no such scenario" in err and "did you mean 'starter_shop'?" in err
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: b\nhandling:\n  out_of_stock: {action: seller_cancel, reason: NoInventry}\n")
    code, out, err = cli(capsys, "run", "starter_shop", "--policy", str(bad))
    assert code == 2 and out == ""
    assert "bad.yaml:3:" in err and "did you mean 'NoInventory'?" in err
    code, _, err = cli(capsys, "run", "starter_shop", "--policy", str(tmp_path / "missing.yaml"))
    assert code == 2 and "file not found" in err


@pytest.mark.parametrize("argv", [["--runs", "0"], ["--seed", "-1"], ["--days", "x"], ["--format", "xml"]])
def test_bad_flags_exit_2(capsys, argv):
    with pytest.raises(SystemExit) as exc:
        main(["run", "starter_shop", *argv])
    assert exc.value.code == 2
    assert "error:" in capsys.readouterr().err


def test_fail_on_breach_exits_1_only_when_asked(capsys):
    argv = ["run", "holiday_stockout", "--policy", "cancel_first", "--format", "json"]
    code, out, _ = cli(capsys, *argv)
    assert code == 0 and json.loads(out)["cancellation_rate"]["breach_probability"] == 1.0
    assert cli(capsys, *argv, "--fail-on-breach")[0] == 1
    code, out, _ = cli(capsys, "run", "starter_shop", "--days", "10", "--format", "json", "--fail-on-breach")
    assert json.loads(out)["cancellation_rate"]["breach_probability"] == 0.0 and code == 0


def run_module(*argv) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "simulator", *argv], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_progress_bar_goes_to_stderr_only():
    proc = run_module("run", "starter_shop", "--runs", "300", "--format", "json", "--progress-after", "0")
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["runs"] == 300  # stdout is pure JSON
    assert "100%" in proc.stderr and "[" in proc.stderr


def test_quick_work_shows_no_progress_bar():
    proc = run_module("run", "starter_shop", "--days", "10", "--format", "json")
    assert proc.returncode == 0 and proc.stderr == ""
    assert json.loads(proc.stdout)["days"] == 10


def test_run_table_shows_every_window_the_rulebook_names(capsys):
    assert main(["run", "india_marketplace", "--days", "40", "--runs", "5", "--seed", "2"]) == 0
    out = capsys.readouterr().out
    assert "limit 2.00% over 7 and 30 days" in out
    line = next(x for x in out.splitlines() if x.strip().startswith("30-day window:"))
    assert "peak: median run" in line and "breach probability" in line


def test_compare_needs_two_policies(capsys):
    from simulator.cli.main import main

    assert main(["compare", "starter_shop", "--policy", "cancel_first"]) == 2
    err = capsys.readouterr().err
    assert "compare needs at least two policies" in err and "Traceback" not in err
