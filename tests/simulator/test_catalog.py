"""Finding scenarios and policies by name or path; YAML out and back in."""

from __future__ import annotations

import pytest

from formats.errors import RulebookError
from simulator import (
    POLICIES_DIR,
    SCENARIOS_DIR,
    list_policies,
    list_scenarios,
    load_policy,
    load_scenario,
    policy_from_text,
    to_yaml,
)


def test_lists_are_sorted_yaml_files_in_the_right_folders():
    assert list_scenarios() == sorted(SCENARIOS_DIR.glob("*.yaml"))
    assert list_policies() == sorted(POLICIES_DIR.glob("*.yaml"))
    assert all(p.parent == POLICIES_DIR for p in list_policies())


def test_name_and_path_load_the_same_scenario():
    assert load_scenario("starter_shop") == load_scenario(SCENARIOS_DIR / "starter_shop.yaml")
    assert load_scenario("starter_shop").base_dir == SCENARIOS_DIR


def test_unknown_names_get_hints():
    with pytest.raises(RulebookError, match="did you mean 'holiday_stockout'"):
        load_scenario("holiday_stokout")
    with pytest.raises(RulebookError, match="did you mean 'cancel_first'"):
        load_policy("cancel_frist")
    with pytest.raises(RulebookError, match="file not found"):
        load_scenario("nowhere/shop.yaml")


def test_to_yaml_is_plain_yaml_that_loads_back():
    pol = load_policy("ask_buyer_first")
    text = to_yaml(pol)
    assert "!!python" not in text and text.startswith("name: ask_buyer_first")
    assert policy_from_text(text, "p.yaml") == pol
