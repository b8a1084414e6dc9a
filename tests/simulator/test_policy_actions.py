"""The policy-action registry: each action defined once, and the extension point works."""

from __future__ import annotations

import typing
from types import SimpleNamespace

import pytest

from formats.loader import load_rulebook
from formats.policy import Handling, Policy
from simulator import policy_actions as pa
from simulator.engine.outcome import outcome

RB = load_rulebook("amazon_us")
SPECS = {
    "recommended": {"action": "recommended", "wait_hours": 12.0},
    "seller_cancel": {"action": "seller_cancel", "reason": "PricingError", "contact_first": False},
    "ask_buyer": {"action": "ask_buyer", "wait_hours": 24.0, "fallback": {"action": "fulfil_anyway"}},
    "fulfil_anyway": {"action": "fulfil_anyway"},
    "auto_cancel": {"action": "auto_cancel"},
}


def _spec(data: dict):
    return Policy(name="p", handling={"x": data}).handling["x"]


def test_every_action_of_the_policy_format_is_registered_once():
    models = [typing.get_args(a)[0] for a in typing.get_args(typing.get_args(Handling)[0])]
    assert sorted(m.model_fields["action"].annotation.__args__[0] for m in models) == sorted(pa.ACTIONS)
    for act in pa.ACTIONS.values():
        assert act.model.model_fields["action"].annotation.__args__ == (act.id,)
        assert act.label


@pytest.mark.parametrize("action", sorted(SPECS))
def test_the_editor_values_of_a_spec_write_the_same_spec_back(action):
    spec = _spec(SPECS[action])
    values = pa.editor_values(spec)
    assert values.action == action
    assert _spec(pa.spec_of(values)) == spec


def test_fields_apply_only_to_the_actions_that_use_them():
    assert pa.enabled_fields(pa.EditorValues("fulfil_anyway")) == {"action"}
    assert pa.enabled_fields(pa.EditorValues("seller_cancel")) == {"action", "reason", "contact_first"}
    ask = pa.EditorValues("ask_buyer", fallback="seller_cancel")
    assert pa.enabled_fields(ask) == {"action", "wait_hours", "fallback", "reason", "contact_first"}
    ask_ship = pa.EditorValues("ask_buyer", fallback="fulfil_anyway")
    assert pa.enabled_fields(ask_ship) == {"action", "wait_hours", "fallback"}
    assert {f.attr for f in pa.EDITOR_FIELDS} == set(pa.EditorValues.__dataclass_fields__)


def test_the_action_menu_follows_the_situations_procedures():
    si = RB.situation("special_request")
    assert pa.offered_actions(si) == ["recommended", *si.procedures, "auto_cancel"]
    assert "fulfil_anyway" not in pa.offered_actions(RB.situation("out_of_stock"))
    assert pa.offered_actions(RB.situation("out_of_stock"), "fulfil_anyway")[-1] == "fulfil_anyway"
    assert pa.field_choices("fallback", RB, si) == {
        "seller_cancel": "Seller cancels",
        "fulfil_anyway": "Ship anyway",
        "auto_cancel": "Leave unshipped",
    }
    assert pa.field_choices("reason", RB, si)[pa.HONEST_REASON] == "The situation's own reason"


def test_an_action_the_situation_does_not_allow_falls_back_to_the_book():
    plan = pa.situation_plan(RB, "out_of_stock", _spec(SPECS["fulfil_anyway"]), 240.0)
    assert plan.procedure == "seller_cancel"
    assert "recommended procedure is used instead" in plan.notes[0]
    assert plan.otherwise.reason_code == "NoInventory"


def test_asking_the_buyer_has_two_branches_and_the_engine_names_the_reason():
    plan = pa.situation_plan(RB, "special_request", _spec(SPECS["ask_buyer"]), 240.0)
    assert plan.ask and plan.filed.reason_code == "BuyerCanceled" and not plan.filed.counted
    assert plan.otherwise.ships and plan.otherwise.kind == "fulfilled"
    assert plan.otherwise.feedback_outcome == "fulfilled_request_unmet"


def test_a_fallback_the_situation_does_not_allow_becomes_the_books_fallback():
    # Shipping is no procedure when the buyer wants out, and the book asks the buyer there: without
    # a request the book cancels with the situation's reason (this used to raise AttributeError).
    plan = pa.situation_plan(RB, "buyer_changed_mind", _spec(SPECS["ask_buyer"]), 240.0)
    assert plan.procedure == "ask_buyer"
    assert plan.otherwise.kind == "seller_cancel" and plan.otherwise.reason_code == "BuyerCanceled"
    assert "recommended procedure is used instead" in plan.notes[0]


def test_the_trainees_steps_show_the_lowest_ranked_action():
    ask = {"ok": True, "action": "message_buyer", "purpose": "request_cancellation"}
    cancel = {"ok": True, "action": "cancel"}
    assert pa.followed_action([cancel, ask]) == "ask_buyer"
    assert pa.followed_action([cancel]) == "seller_cancel"
    assert pa.followed_action([{**ask, "purpose": "explain"}]) is None
    assert pa.followed_action([cancel], {"refund": pa.Evidence("refund", rank=1)}) == "seller_cancel"


class HoldAction(pa.PolicyAction):
    """A new action: only this class and its registration, nothing else changes."""

    id, model, label, menu = "hold", object, "Hold the order", "last"
    fallback_label = "Hold"

    def terminal(self, rb, situation, spec, *, asked):
        return outcome(rb, "auto_cancel", "Held until Amazon cancelled it")


def test_a_new_action_plugs_into_the_plan_the_menu_and_the_editor(monkeypatch):
    monkeypatch.setitem(pa.ACTIONS, "hold", HoldAction())
    plan = pa.situation_plan(RB, "out_of_stock", SimpleNamespace(action="hold"), 240.0)
    assert plan.procedure == "hold" and plan.otherwise.label == "Held until Amazon cancelled it"
    assert plan.otherwise.counted  # the engine decided: an auto-cancel counts
    assert pa.offered_actions(RB.situation("out_of_stock"))[-1] == "hold"
    assert pa.field_choices("fallback", RB, RB.situation("out_of_stock"))["hold"] == "Hold"
    assert pa.spec_of(pa.EditorValues("hold")) == {"action": "hold"}
