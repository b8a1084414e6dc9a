"""`python -m simulator sweep`: formats, exit codes, determinism."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from simulator.cli.main import main
from simulator.cli.sweep import COLUMNS, values_list
from tests.doc_examples import ROOT

ARGS = ["sweep", "holiday_stockout", "--param", "situations.out_of_stock.days_20-40", "--values", "0,0.035"]


def cli(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_holds_one_point_per_value(capsys):
    code, out, err = cli(capsys, *ARGS, "--runs", "10", "--seed", "2", "--format", "json")
    assert code == 0 and err == ""
    res = json.loads(out)
    assert [p["value"] for p in res["points"]] == [0.0, 0.035]
    assert set(res["points"][0]) == set(COLUMNS)
    assert (res["runs"], res["seed"], res["policy"]) == (10, 2, "by_the_book")
    assert res["points"][0]["breach_probability"] < res["points"][1]["breach_probability"]


def test_csv_is_the_same_points(capsys):
    _, out, _ = cli(capsys, *ARGS, "--runs", "10", "--format", "json")
    points = json.loads(out)["points"]
    code, out, _ = cli(capsys, *ARGS, "--runs", "10", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and list(rows[0]) == list(COLUMNS)
    assert [float(r["peak_p95"]) for r in rows] == [p["peak_p95"] for p in points]


def test_table_shows_each_value_with_its_bands(capsys):
    code, out, _ = cli(capsys, *ARGS, "--runs", "10", "--policy", "cancel_first")
    assert code == 0
    assert "Sweep of situations.out_of_stock.days_20-40 (now 0.035)" in out and "policy cancel_first" in out
    header = next(line for line in out.splitlines() if "breach probability" in line)
    assert header.split() == [
        "value",
        "breach",
        "probability",
        "peak",
        "(median",
        "run)",
        "peak",
        "5-95%",
        "mean",
        "rate",
        "mean",
        "5-95%",
    ]
    rows = [line.split() for line in out.splitlines() if line.strip().startswith(("0 ", "0.035 "))]
    assert [r[0] for r in rows] == ["0", "0.035"]
    for _value, _breach, peak, lo, dash, hi, mean, mlo, mdash, mhi in rows:
        assert dash == mdash == "-"
        num = [float(x.rstrip("%")) for x in (peak, lo, hi, mean, mlo, mhi)]
        assert num[1] <= num[0] <= num[2] and num[4] <= num[3] <= num[5]


def test_same_seed_gives_byte_identical_output(capsys):
    first = cli(capsys, *ARGS, "--runs", "5", "--seed", "9", "--format", "csv")[1]
    again = cli(capsys, *ARGS, "--runs", "5", "--seed", "9", "--format", "csv")[1]
    other = cli(capsys, *ARGS, "--runs", "5", "--seed", "10", "--format", "csv")[1]
    assert first == again and first != other


def test_out_writes_the_file(capsys, tmp_path):
    target = tmp_path / "sweep.csv"
    code, out, _ = cli(capsys, *ARGS, "--runs", "3", "--format", "csv", "--out", str(target))
    assert code == 0 and out == ""
    assert target.read_text().startswith(",".join(COLUMNS))


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--param", "situations.out_of_stok", "--values", "0.01"],
            "did you mean 'situations.out_of_stock'?",
        ),
        (["--param", "situations.out_of_stock", "--values", "0.01,2.5"], "did you mean 0.025?"),
        (["--param", "days", "--values", "20,20.5"], "takes whole numbers"),
        (["--param", "days", "--values", "20", "--policy", "nope"], "no such policy"),
    ],
)
def test_bad_input_exits_2_with_a_message(capsys, argv, message):
    code, out, err = cli(capsys, "sweep", "holiday_stockout", "--runs", "2", *argv)
    assert code == 2 and out == "" and message in err


@pytest.mark.parametrize(
    ("values", "message"),
    [("0.01,x", "'x' is not a number"), ("", "at least one value"), ("nan", "not a finite number")],
)
def test_bad_values_exit_2_from_the_parser(capsys, values, message):
    with pytest.raises(SystemExit) as exc:
        main(["sweep", "starter_shop", "--param", "days", "--values", values])
    assert exc.value.code == 2 and message in capsys.readouterr().err


def test_values_are_comma_separated_numbers():
    assert values_list("0.01, 0.02,0.05") == [0.01, 0.02, 0.05]


def test_the_module_never_prints_a_traceback():
    proc = subprocess.run(
        [sys.executable, "-m", "simulator", "sweep", "starter_shop", "--param", "nothing", "--values", "1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and "no number at 'nothing'" in proc.stderr


@pytest.mark.parametrize(
    "argv",
    [
        ["holiday_stockout", "--param", "situations.out_of_stok", "--values", "0.01"],
        ["holiday_stockout", "--param", "situations.out_of_stock", "--values", "0.01,2.5"],
    ],
)
def test_the_documented_error_messages_are_what_the_cli_prints(capsys, argv):
    code, out, err = cli(capsys, "sweep", *argv, "--runs", "2")
    assert code == 2 and out == ""
    assert f"`{err.strip()}`" in (ROOT / "docs/simulator-cli.md").read_text()
