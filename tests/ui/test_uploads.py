"""Upload guards: every kind of bad file gets a message with file, line and hint."""

from pathlib import Path

import pytest

from formats.errors import RulebookError
from formats.policy import Policy
from ui.shared.uploads import check_report_upload, problem_lines, read_yaml_upload, safe_name, save_upload

ROOT = Path(__file__).resolve().parents[2]
POLICY = b"name: mine\nhandling:\n  out_of_stock: {action: seller_cancel, reason: NoInventory}\n"


@pytest.fixture(autouse=True)
def data(tmp_path, monkeypatch):
    monkeypatch.setenv("CANCEL_DESK_DATA", str(tmp_path / "data"))
    return tmp_path / "data"


def _lines(raw: bytes, kind: str, name: str = "up.yaml") -> list[str]:
    with pytest.raises(RulebookError) as info:
        read_yaml_upload(name, raw, kind)
    return problem_lines(info.value)


def test_valid_policy_upload_returns_model_and_text():
    model, text = read_yaml_upload("mine.yaml", POLICY, "policy")
    assert isinstance(model, Policy)
    assert model.handling["out_of_stock"].reason == "NoInventory"
    assert text == POLICY.decode()


def test_malformed_yaml_names_the_line():
    (line,) = _lines(b"name: x\nhandling:\n  out_of_stock: {action: seller_cancel\n", "policy")
    assert line.startswith("up.yaml, line 4") or line.startswith("up.yaml, line 3")
    assert "YAML syntax" in line


def test_percent_instead_of_fraction_gets_the_hint():
    book = (ROOT / "rules" / "amazon_us.yaml").read_bytes()
    at = book.split(b"limit: 0.025")[0].count(b"\n") + 1
    (line,) = _lines(book.replace(b"limit: 0.025", b"limit: 2.5"), "rulebook", "us.yaml")
    assert f"us.yaml, line {at}, column 12" in line
    assert "did you mean 0.025?" in line


def test_unknown_reason_suggests_the_right_one():
    (line,) = _lines(POLICY.replace(b"NoInventory", b"NoInventry"), "policy")
    assert "line 3" in line
    assert "unknown reason 'NoInventry'" in line and "did you mean 'NoInventory'?" in line


def test_huge_and_binary_files_are_refused():
    assert "over the 1 MiB limit" in _lines(b"a: 1\n" * 300_000, "policy")[0]
    assert "binary file" in _lines(b"\x89PNG\x00\x00", "policy")[0]


def test_wrong_kind_is_named():
    (line,) = _lines(POLICY, "scenario")
    assert "looks like a policy file, not a scenario" in line


def test_uploaded_scenario_may_not_point_at_server_paths():
    raw = b"name: s\nrulebook: /etc/amazon.yaml\nstart_date: 2025-01-01\ndays: 5\nvolume: {mean_per_day: 3}\n"
    (line,) = _lines(raw + b"seller_fulfilled_share: 0.5\n", "scenario")
    assert "line 2" in line and "must name its rulebook" in line


def test_reports_are_guarded_and_stored_inside_the_data_folder(data):
    with pytest.raises(RulebookError, match="binary"):
        check_report_upload("r.txt", b"amazon-order-id\x00\x01")
    with pytest.raises(RulebookError, match="empty"):
        check_report_upload("r.txt", b"")
    path = check_report_upload("../../../escape.txt", b"amazon-order-id\tpurchase-date\n")
    assert data.resolve() in path.parents
    assert path.read_bytes().startswith(b"amazon-order-id")


def test_safe_name_cannot_climb_out():
    name = safe_name("..\\..\\evil/../../x.yaml", b"1")
    assert "/" not in name and "\\" not in name and not name.startswith(".")
    assert save_upload("/etc/passwd", b"x").name.endswith("passwd")
