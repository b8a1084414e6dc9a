"""Policy files: the action vocabulary, ids checked against the rulebook, clear errors."""

from __future__ import annotations

import pytest

from formats.errors import RulebookError
from formats.kinds import check_text
from formats.loader import load_rulebook
from formats.policy import AskBuyer, Policy, SellerCancel
from simulator import list_policies, load_policy, policy_from_text, to_yaml


def problems(text: str, **kw) -> list[str]:
    with pytest.raises(RulebookError) as exc:
        policy_from_text(text, "p.yaml", **kw)
    return [str(p) for p in exc.value.problems]


def test_shipped_policies_load_with_the_expected_actions():
    first = load_policy("cancel_first")
    assert all(isinstance(h, SellerCancel) and not h.contact_first for h in first.handling.values())
    ask = load_policy("ask_buyer_first")
    assert isinstance(ask.handling["out_of_stock"], AskBuyer)
    assert ask.handling["out_of_stock"].fallback.reason == "NoInventory"
    book = load_policy("by_the_book")
    assert {h.action for h in book.handling.values()} == {"recommended"}
    assert {p.stem for p in list_policies()} >= {"cancel_first", "ask_buyer_first", "by_the_book"}


def test_unknown_action_lists_the_choices_at_its_line():
    (p,) = problems("name: x\nhandling:\n  out_of_stock: {action: cancel}\n")
    assert p.startswith("p.yaml:3:")
    assert (
        "seller_cancel, cancel_items, ship_then_adjust, ask_buyer, fulfil_anyway, auto_cancel, recommended"
        in p
    )


def test_unknown_situation_and_reason_get_did_you_mean_hints():
    found = problems("name: x\nhandling:\n  price_eror: {action: seller_cancel, reason: PricingEror}\n")
    assert any("p.yaml:3:" in p and "did you mean 'price_error'?" in p for p in found)
    assert any("handling.price_eror.reason" in p and "did you mean 'PricingError'?" in p for p in found)


def test_fallback_is_checked_with_a_clean_key_path():
    text = (
        "name: x\nhandling:\n  defect_damage:\n    action: ask_buyer\n    wait_hours: 0\n"
        "    fallback: {action: fulfil_anyway, reason: X}\n"
    )
    found = problems(text)
    assert any(p.startswith("p.yaml:5:") and "handling.defect_damage.wait_hours" in p for p in found)
    assert any(p.startswith("p.yaml:6:") and "handling.defect_damage.fallback.reason" in p for p in found)
    bad_fallback = "name: x\nhandling:\n  defect_damage: {action: ask_buyer, fallback: {action: ask_buyer}}\n"
    assert "seller_cancel, fulfil_anyway, auto_cancel" in problems(bad_fallback)[0]


def test_ids_are_checked_against_the_given_rulebook():
    text = "name: x\nhandling:\n  out_of_stock: {action: seller_cancel, reason: NoInventory}\n"
    assert policy_from_text(text, "p.yaml", rulebook=load_rulebook("amazon_in")).name == "x"


def test_kind_detection_and_defaults():
    kind, pol = check_text("name: y\nhandling:\n  special_request: {action: ask_buyer}\n", "y.yaml")
    assert kind == "policy"
    h = pol.handling["special_request"]
    assert h.wait_hours == 48 and h.fallback.action == "seller_cancel" and h.fallback.contact_first


@pytest.mark.parametrize("path", list_policies(), ids=lambda p: p.stem)
def test_to_yaml_round_trips(path):
    pol = load_policy(path)
    assert policy_from_text(to_yaml(pol), "again.yaml") == pol
    assert Policy.model_validate(pol.model_dump()) == pol


def test_json_schema_lists_every_action():
    text = str(Policy.model_json_schema())
    for action in ("seller_cancel", "ask_buyer", "fulfil_anyway", "auto_cancel", "recommended"):
        assert f"'const': '{action}'" in text


def test_unknown_key_inside_a_fallback_gets_a_did_you_mean():
    text = next(p for p in list_policies() if p.stem == "ask_buyer_first").read_text()
    text = text.replace("GeneralAdjustment, contact_first: true}", "GeneralAdjustment, contact_frist: true}")
    with pytest.raises(RulebookError) as info:
        check_text(text, "typo.yaml")
    [problem] = info.value.problems
    assert problem.path == "handling.special_request.fallback.contact_frist"
    assert problem.hint == "did you mean 'contact_first'?"
