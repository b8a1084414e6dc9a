"""Widget values <-> policy: the two faces of the policy editor agree."""

import dataclasses

import pytest

from formats.errors import RulebookError
from formats.policy import Policy
from rules import load_rulebook
from simulator.policy_actions import EditorValues
from ui.simulate.policy_editor import policy_from_widgets, policy_from_yaml, widget_values

RB = load_rulebook("amazon_us")
POLICY = Policy(
    name="mixed",
    description="kept",
    handling={
        "out_of_stock": {
            "action": "ask_buyer",
            "wait_hours": 24,
            "fallback": {"action": "seller_cancel", "reason": "NoInventory", "contact_first": False},
        },
        "price_error": {"action": "fulfil_anyway"},
    },
)


def test_widgets_show_every_situation_of_the_rulebook():
    values = widget_values(POLICY, RB)
    assert list(values) == [s.id for s in RB.situations]
    assert values["out_of_stock"] == EditorValues("ask_buyer", "NoInventory", False, 24.0, "seller_cancel")
    assert values["price_error"].action == "fulfil_anyway"
    assert values["defect_damage"] == EditorValues()  # left to the rulebook


def test_round_trip_keeps_the_policy_unchanged():
    assert policy_from_widgets(POLICY, widget_values(POLICY, RB), RB) == POLICY


def test_changing_one_widget_changes_only_that_situation():
    values = widget_values(POLICY, RB)
    values["defect_damage"] = dataclasses.replace(
        values["defect_damage"], action="seller_cancel", contact_first=False
    )
    values["out_of_stock"] = dataclasses.replace(values["out_of_stock"], fallback="fulfil_anyway")
    new = policy_from_widgets(POLICY, values, RB)
    assert new.description == "kept"
    assert new.handling["defect_damage"].action == "seller_cancel"
    assert new.handling["defect_damage"].contact_first is False
    assert new.handling["out_of_stock"].fallback.action == "fulfil_anyway"
    assert "special_request" not in new.handling


def test_yaml_errors_carry_line_numbers():
    with pytest.raises(RulebookError) as info:
        policy_from_yaml("name: x\nhandling:\n  out_of_stok: {action: fulfil_anyway}\n", RB, "editor")
    (p,) = info.value.problems
    assert (p.file, p.line) == ("editor", 3)
    assert "did you mean 'out_of_stock'?" in p.hint
