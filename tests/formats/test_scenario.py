"""Scenario files: FILE:LINE:COL errors with hints, references checked, YAML round trip."""

from __future__ import annotations

from pathlib import Path

import pytest

from formats.errors import RulebookError
from formats.kinds import check_file, check_text
from formats.scenario import SCENARIOS_DIR, Scenario
from simulator import load_scenario, scenario_from_text, to_yaml

STARTER = (SCENARIOS_DIR / "starter_shop.yaml").read_text()


def problems(text: str, tmp_path: Path | None = None, name: str = "shop.yaml") -> list[str]:
    if tmp_path is not None:
        f = tmp_path / name
        f.write_text(text)
        with pytest.raises(RulebookError) as exc:
            check_file(f)
    else:
        with pytest.raises(RulebookError) as exc:
            check_text(text, name)
    return [str(p) for p in exc.value.problems]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_percent_instead_of_fraction_points_at_the_line_with_a_hint():
    text = STARTER.replace("seller_fulfilled_share: 0.6", "seller_fulfilled_share: 60")
    (p,) = problems(text)
    assert p.startswith(f"shop.yaml:{line_of(text, 'seller_fulfilled_share')}:")
    assert "did you mean 0.6?" in p


def test_unknown_situation_gets_a_did_you_mean():
    text = STARTER.replace("situation: out_of_stock", "situation: out_of_stok")
    (p,) = problems(text)
    assert f":{line_of(text, 'out_of_stok')}:" in p
    assert "situations[0].situation" in p and "did you mean 'out_of_stock'?" in p


def test_unknown_key_and_missing_key():
    text = STARTER.replace("  mean_per_day: 300", "  mean_per_dya: 300")
    found = " ".join(problems(text))
    assert "unknown key 'mean_per_dya'" in found and "did you mean 'mean_per_day'?" in found
    assert "volume.mean_per_day: required key is missing" in found


def test_missing_policy_and_rulebook_are_reported_where_they_are_named(tmp_path):
    text = STARTER.replace("policy: by_the_book", "policy: by_the_bok").replace(
        "rulebook: amazon_us", "rulebook: amazon_usa"
    )
    found = problems(text, tmp_path)
    assert any(f"shop.yaml:{line_of(text, 'rulebook:')}:" in p and "no such rulebook" in p for p in found)
    # Without a rulebook the policy cannot be checked against it; fix the rulebook and it is.
    text = STARTER.replace("policy: by_the_book", "policy: by_the_bok")
    (p,) = problems(text, tmp_path)
    assert f":{line_of(text, 'policy:')}:" in p and "did you mean 'by_the_book'?" in p


def test_policy_next_to_the_scenario_is_found_and_checked_against_its_rulebook(tmp_path):
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "mine.yaml").write_text(
        "name: mine\nhandling:\n  out_of_stock: {action: seller_cancel, reason: NoInventry}\n"
    )
    text = STARTER.replace("policy: by_the_book", "policy: mine")
    (p,) = problems(text, tmp_path)
    assert "mine.yaml:3:" in p and "did you mean 'NoInventory'?" in p
    (tmp_path / "policies" / "mine.yaml").write_text("name: mine\nhandling: {}\n")
    sc = load_scenario(tmp_path / "shop.yaml")
    assert sc.policy == "mine" and sc.base_dir == tmp_path.resolve()


def test_windows_spikes_and_shares_are_checked():
    text = STARTER.replace(
        "  - {situation: price_error, rate: 0.0005}",
        "  - {situation: price_error, rate: 0.0005, from_day: 12, to_day: 10}\n"
        "  - {situation: buyer_changed_mind, rate: 0.01}",
    ).replace(
        "{gift_wrap: 0.5, customisation: 0.3, invoice: 0.2}",
        "{gift_wrap: 0.5, customisation: 0.3, invoice: 0.5}",
    )
    found = " ".join(problems(text))
    assert "to_day is before from_day" in found
    assert "buyer.changed_mind_rate" in found
    assert "add up to 1.3, not 1" in found


def test_weekday_profile_needs_seven_numbers():
    text = STARTER.replace("[1.05, 1.0, 1.0, 1.0, 0.95, 0.95, 1.05]", "[1, 1, 1]")
    (p,) = problems(text)
    assert "weekday_profile" in p and f":{line_of(text, 'weekday_profile')}:" in p


def test_rates_that_add_up_past_one_are_refused():
    text = STARTER.replace("rate: 0.004}", "rate: 0.7}").replace("rate: 0.002}", "rate: 0.7}")
    assert any("add up to" in p for p in problems(text))


def test_to_yaml_round_trips_every_shipped_scenario():
    for path in sorted(SCENARIOS_DIR.glob("*.yaml")):
        sc = load_scenario(path)
        again = scenario_from_text(to_yaml(sc), "again.yaml")
        assert again == sc


def test_assumptions_are_marked_in_the_schema():
    schema = Scenario.model_json_schema()
    buyer = schema["$defs"]["Buyer"]["properties"]
    assert buyer["request_probability"]["assumption"] is True
    assert "(assumption)" in buyer["request_hours"]["description"]
    assert "assumption" not in schema["$defs"]["Shipping"]["properties"]["handling_days"]


def test_shipped_scenarios_mark_unpublished_figures_as_assumptions_in_the_yaml():
    for path in sorted(SCENARIOS_DIR.glob("*.yaml")):
        if path.stem == "training_desk":
            continue  # owned by the training desk
        text = path.read_text()
        for key in ("request_probability", "late_rate", "average_order_value", "situations:"):
            line = next(x for x in text.splitlines() if key in x)
            assert "assumption" in line, (path.name, key)


def test_unknown_faker_locale_is_reported_at_its_line(tmp_path):
    text = STARTER.replace("locale: en_US", "locale: en_XX")
    (tmp_path / "shop.yaml").write_text(text)
    with pytest.raises(RulebookError) as exc:
        load_scenario(tmp_path / "shop.yaml")
    assert f"shop.yaml:{line_of(text, 'locale:')}:" in str(exc.value) and "unknown Faker locale" in str(
        exc.value
    )
    with pytest.raises(RulebookError):
        scenario_from_text(text, "typed.yaml")


def test_exercise_references_are_checked_against_the_rulebook(tmp_path):
    src = (SCENARIOS_DIR / "training_desk.yaml").read_text()
    bad = tmp_path / "training_desk.yaml"
    bad.write_text(src.replace("expect: tell_then_cancel", "expect: tell_then_cancle", 1))
    for p in (SCENARIOS_DIR / "policies").glob("*.yaml"):
        (tmp_path / "policies").mkdir(exist_ok=True)
        (tmp_path / "policies" / p.name).write_text(p.read_text())
    with pytest.raises(RulebookError) as info:
        check_file(bad)
    [problem] = info.value.problems
    assert problem.path.endswith("key.expect")
    assert problem.hint == "did you mean 'tell_then_cancel'?"
    line = src.splitlines()[problem.line - 1]
    assert line[problem.col - 1 :].startswith("tell_then_cancel")
