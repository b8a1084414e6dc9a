"""`python -m simulator search` and the search docs: the examples run, bad input is a message."""

from __future__ import annotations

import csv
import io
import json

import pytest
import yaml

from simulator.cli.main import main
from tests.doc_examples import ROOT, assert_output_matches, blocks, console_examples, run_console

DOC = "docs/search.md"
CONSOLE = console_examples(DOC)
FAST = ["--scheduler", "serial", "--storage", "memory", "--trials", "10", "--runs", "6"]


def _code(cmd: str) -> int:
    return 2 if "--trials 3000" in cmd else 0


def test_the_search_doc_has_its_examples():
    assert len(CONSOLE) >= 4
    assert (
        any("--include-risky" in text for text in blocks(DOC, "text"))
        or "--include-risky" in (ROOT / DOC).read_text()
    )


@pytest.mark.parametrize(("cmd", "expected"), CONSOLE, ids=[c for c, _ in CONSOLE])
def test_search_doc_example(cmd, expected):
    proc = run_console(cmd, cwd=ROOT)
    assert "Traceback" not in proc.stderr
    assert proc.returncode == _code(cmd), proc.stderr
    assert_output_matches(expected, proc.stdout)
    if _code(cmd) == 2:  # the budget refusal, as the doc quotes it
        assert "run-days" in proc.stderr and "--scheduler tcp://host:8786" in proc.stderr
        assert proc.stdout == ""
    else:
        assert "Search: " in proc.stderr and "run-days" in proc.stderr  # the work, said up front


def test_the_scaling_doc_compose_file_starts_a_scheduler_and_workers():
    (compose,) = [b for b in blocks("docs/scaling.md", "yaml") if "services:" in b]
    services = yaml.safe_load(compose)["services"]
    assert "dask_scheduler" in services["scheduler"]["command"]
    assert "tcp://scheduler:8786" in services["worker"]["command"]
    text = (ROOT / "docs/scaling.md").read_text()
    assert "dask scheduler" in text and "dask worker" in text and "requirements.txt" in text


def test_csv_lists_every_trial_and_json_the_front(tmp_path, capsys):
    assert main(["search", "holiday_stockout", *FAST, "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [int(r["trial"]) for r in rows] == list(range(10))
    assert {r["status"] for r in rows} == {"compliant"}
    assert any(r["on_front"] == "1" for r in rows)
    out = tmp_path / "front.json"
    assert main(["search", "holiday_stockout", *FAST, "--format", "json", "--out", str(out)]) == 0
    data = json.loads(out.read_text())
    assert data["trials"] == 10 and data["front"] and data["front"][0]["policy_yaml"].startswith("name:")
    assert [o["id"] for o in data["objectives"]] == ["breach", "lost_revenue", "feedback"]


def test_the_same_command_continues_its_study(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'studies.sqlite3'}"
    args = ["search", "holiday_stockout", "--scheduler", "serial", "--storage", url, "--runs", "6"]
    assert main([*args, "--trials", "10", "--format", "json"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert main([*args, "--trials", "20", "--format", "json"]) == 0
    second = json.loads(capsys.readouterr().out)
    assert first["study"] == second["study"] and second["trials"] == 20
    assert second["all_trials"][:10] == first["all_trials"]


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (["--objective", "breach,speed"], "unknown objective speed"),
        (["--weights", "breach=x"], "'breach=x' is not NAME=NUMBER"),
        (["--limit", "odr=0.1"], "'odr' is not one of the objectives searched"),
        (["--param", "volume.mean_per_day"], "is not PATH=LOW:HIGH"),
        (["--scheduler", "somewhere:8786"], "is not a scheduler"),
    ],
)
def test_bad_input_exits_2_with_a_message(extra, words, capsys):
    assert main(["search", "holiday_stockout", *FAST, *extra]) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err
