"""`python -m rules`: check, schema, explain, and their exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from rules.cli import main

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "rules", *args], cwd=ROOT, capture_output=True, text=True, timeout=60
    )


def test_check_ok_for_every_rulebook():
    files = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "rules").glob("*.yaml"))
    proc = run("check", *files)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.splitlines() == [f"OK {f} (rulebook)" for f in files]


def test_check_mixed_good_and_bad_exits_2(capsys):
    code = main(["check", "rules/amazon_us.yaml", "tests/formats/bad/rate_as_percent.yaml"])
    out = capsys.readouterr()
    assert code == 2
    assert "OK rules/amazon_us.yaml" in out.out
    assert "rate_as_percent.yaml:14:12: metrics.cancellation_rate.limit" in out.out


def test_schema_is_json_schema_with_no_extra_keys():
    proc = run("schema")
    schema = json.loads(proc.stdout)
    assert proc.returncode == 0
    assert schema["additionalProperties"] is False
    assert {"metrics", "reasons", "situations", "procedures"} <= set(schema["required"])


def test_explain_buyer_cancelled_without_request(capsys):
    code = main(["explain", "cancel", "--status", "Unshipped", "--reason", "BuyerCanceled", "--no-request"])
    lines = capsys.readouterr().out.splitlines()
    assert code == 0
    assert lines[0].startswith("ALLOWED [statuses.Unshipped]")
    assert lines[1].startswith("COUNTS [reasons.BuyerCanceled.counts_toward_rate]")


def test_explain_json_and_fba(capsys):
    main(["explain", "--json", "counts", "--reason", "NoInventory", "--fba"])
    data = json.loads(capsys.readouterr().out)
    assert data[0]["ok"] is False and "FBA" in data[0]["reason"]


def test_explain_pending_cancel_not_allowed(capsys):
    main(["explain", "action", "--status", "Pending", "--action", "cancel"])
    assert capsys.readouterr().out.startswith("NOT ALLOWED [statuses.Pending]")


def test_explain_unknown_reason_exits_2_without_traceback():
    proc = run("explain", "cancel", "--status", "Unshipped", "--reason", "Whatever")
    assert proc.returncode == 2
    assert "unknown reason 'Whatever'" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_explain_with_bad_rulebook_file_exits_2():
    proc = run("explain", "--rulebook", "tests/formats/bad/rate_as_percent.yaml", "breach", "--rate", "0.03")
    assert proc.returncode == 2
    assert "did you mean 0.025?" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_explain_breach_india(capsys):
    main(["explain", "--rulebook", "amazon_in", "breach", "--rate", "0.021"])
    assert capsys.readouterr().out.startswith("BREACH")


def test_explain_fba_text_verdict_is_about_counting(capsys):
    main(["explain", "counts", "--reason", "BuyerCanceled", "--buyer-requested", "--fba"])
    out = capsys.readouterr().out
    assert out.startswith("DOES NOT COUNT [metrics.cancellation_rate.scope]") and "FBA" in out


def test_explain_breach_rate_written_as_percent_exits_2_with_hint():
    proc = run("explain", "breach", "--rate", "2.5")
    assert proc.returncode == 2 and proc.stdout == ""
    assert "must be between 0 and 1 (did you mean 0.025?)" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert run("explain", "breach", "--rate", "0.03", "--metric", "cancelation_rate").returncode == 2


def test_explain_counts_in_india_names_both_windows_and_the_fee(capsys):
    main(["explain", "--rulebook", "amazon_in", "counts", "--reason", "NoInventory"])
    out = capsys.readouterr().out
    assert out.startswith("COUNTS") and "over 7 and 30 days" in out
    # 200285210 (IN): 100% on or before the estimated ship date, 150% after it
    assert "fee of 100% of the referral fee on or before the estimated ship date, 150% after it" in out


def test_show_prints_the_merged_book_that_loads_as_the_engine_reads_it(capsys):
    import yaml

    from formats.loader import load_rulebook
    from formats.rulebook import Rulebook

    assert main(["show", "amazon_de"]) == 0
    shown = Rulebook.model_validate(yaml.safe_load(capsys.readouterr().out))
    assert shown == load_rulebook("amazon_de")


def test_show_origin_names_the_file_that_set_each_value(capsys):
    assert main(["show", "amazon_de", "--origin"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "id: amazon_de  # rules/amazon_de.yaml:4"
    assert any(line.startswith("    limit: 0.025  # rules/amazon_us.yaml:") for line in out)
    assert main(["show", "amazon_zz"]) == 2


def test_explain_cancel_that_is_not_allowed_does_not_count(capsys):
    """Issue 21: "`explain cancel --status Pending` prints NOT ALLOWED and then COUNTS. A cancel that
    is not allowed does not count"."""
    assert main(["explain", "cancel", "--status", "Pending", "--reason", "NoInventory"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("NOT ALLOWED [statuses.Pending]")
    assert lines[1].startswith("DOES NOT COUNT [statuses.Pending]") and "refused" in lines[1]
    main(["explain", "--json", "cancel", "--status", "Shipped", "--reason", "NoInventory"])
    data = json.loads(capsys.readouterr().out)
    assert data[1]["ok"] is False and data[1]["category"] == "not_cancelled"
