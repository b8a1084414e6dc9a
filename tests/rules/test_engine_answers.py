"""The engine's answers that callers used to decide themselves (issue 9, part 1)."""

from __future__ import annotations

import pytest

from formats.rulebook import BuyerRequestReason
from rules import (
    action_allowed,
    available_rulebooks,
    buyer_can_direct_cancel,
    counts_toward_rate,
    direct_cancel_minutes,
    feedback_outcome,
    feedback_risk,
    load_rulebook,
    next_status,
    procedure_check,
    rate_breach,
    request_reason,
    stand_in_reason,
    status_when_paid,
)

US = load_rulebook("amazon_us")


@pytest.mark.parametrize("name", available_rulebooks())
def test_every_rulebook_names_its_reasons_and_transitions(name):
    rb = load_rulebook(name)
    assert request_reason(rb) == "BuyerCanceled"
    assert stand_in_reason(rb) == "GeneralAdjustment"
    assert next_status(rb, "Unshipped", "cancel") == "Canceled"
    assert next_status(rb, "Unshipped", "confirm_shipment") == "Shipped"
    assert status_when_paid(rb, "Pending") == "Unshipped"
    # Japan's buyers have 5 minutes (RXAS2XTAYEF77BG, JP); the others 30.
    assert direct_cancel_minutes(rb) == (5 if rb.marketplace == "JP" else 30)


def test_the_reason_after_a_request_is_the_rulebooks():
    other = US.model_copy(
        update={"buyer_request_reason": BuyerRequestReason(reason="CustomerExchange", source="x y")}
    )
    assert request_reason(other) == "CustomerExchange"
    d = counts_toward_rate(other, "CustomerExchange", buyer_requested=False)
    assert "without an official request" in d.reason
    assert (
        "without an official request"
        not in counts_toward_rate(other, "BuyerCanceled", buyer_requested=False).reason
    )


def test_statuses_without_a_transition_stay_put():
    assert next_status(US, "Unshipped", "message_buyer") == "Unshipped"
    assert next_status(US, "Unshipped", "no_such_action") == "Unshipped"
    assert status_when_paid(US, "Unshipped") is None
    assert status_when_paid(US, "NoSuchStatus") is None


def test_the_stand_in_reason_falls_back_when_the_rulebook_lacks_it():
    rb = US.model_copy(update={"stand_in_reason": "Missing"})
    # the first reason a buyer's request excludes: only Buyer Cancelled does (PNRJVBQMJRS942V)
    assert stand_in_reason(rb) == "BuyerCanceled"
    assert stand_in_reason(US.model_copy(update={"stand_in_reason": None})) == "BuyerCanceled"


@pytest.mark.parametrize(
    ("handled", "kw", "want"),
    [
        ("seller_cancel", {"contacted": True}, "seller_cancel_after_contact"),
        ("seller_cancel", {"contacted": True, "after": True}, "seller_cancel_then_contact"),
        ("seller_cancel", {"after": True}, "seller_cancel_no_contact"),
        ("seller_cancel", {}, "seller_cancel_no_contact"),
        ("buyer_request", {"contacted": False}, "buyer_requested_cancel"),
        ("direct_cancel", {}, "buyer_requested_cancel"),
        ("auto_cancel", {}, "auto_cancel"),
        ("fulfilled", {"situation": "special_request"}, "fulfilled_request_unmet"),
        ("fulfilled", {"situation": "out_of_stock"}, "fulfilled"),
        ("fulfilled", {}, "fulfilled"),
        ("fulfilled_late", {}, "fulfilled_late"),
        ("refunded", {}, "refunded"),
    ],
)
def test_feedback_outcome_of_each_handling(handled, kw, want):
    assert feedback_outcome(US, handled, **kw) == want


def test_feedback_outcome_falls_back_to_fulfilled_and_refuses_unknown_handlings():
    fb = US.feedback.model_copy(update={"outcomes": [o for o in US.feedback.outcomes if o.id != "refunded"]})
    assert feedback_outcome(US.model_copy(update={"feedback": fb}), "refunded") == "fulfilled"
    with pytest.raises(KeyError, match="unknown handling"):
        feedback_outcome(US, "teleported")


def test_a_rulebook_without_the_then_told_outcome_says_contacted():
    keep = [o for o in US.feedback.outcomes if o.id != "seller_cancel_then_contact"]
    rb = US.model_copy(update={"feedback": US.feedback.model_copy(update={"outcomes": keep})})
    assert feedback_outcome(rb, "seller_cancel", contacted=True, after=True) == "seller_cancel_after_contact"


@pytest.mark.parametrize(
    ("kw", "category"),
    [
        ({"seller_fulfilled": False}, "amazon_fulfilled"),
        ({"buyer_direct_cancel": True}, "buyer_direct"),
        ({"buyer_requested": True}, "buyer_requested"),
        ({}, "counted"),
    ],
)
def test_a_counts_decision_says_its_category(kw, category):
    d = counts_toward_rate(US, "BuyerCanceled", **{"buyer_requested": False, **kw})
    assert (d.question, d.category) == ("counts", category)


def test_every_decision_says_which_question_it_answers():
    assert action_allowed(US, "Pending", "cancel").question == "allowed"
    assert action_allowed(US, "Pending", "cancel").category == "refused"
    assert buyer_can_direct_cancel(US, 5).category == "in_window"
    assert buyer_can_direct_cancel(US, 31).category == "after_window"
    assert procedure_check(US, "price_error", "ask_buyer").category == "compliance_risk"
    assert procedure_check(US, "out_of_stock", "ask_buyer").category == "violation"  # issue 10
    assert feedback_risk(US, "refunded").category == "refunded"
    assert rate_breach(US, "cancellation_rate", 0.03).category == "breach"
    assert rate_breach(US, "cancellation_rate", None).category == "no_data"
    assert counts_toward_rate(US, "BuyerCanceled", buyer_requested=False).to_dict()["question"] == "counts"


def test_transitions_and_reasons_are_checked_against_the_rulebook():
    bad = US.model_copy(
        update={
            "actions": [
                a.model_copy(update={"result_status": "Cancelled"}) if a.id == "cancel" else a
                for a in US.actions
            ],
            "buyer_request_reason": BuyerRequestReason(reason="BuyerCancelled", source="x y"),
        }
    )
    issues = {(loc, msg) for loc, msg, _ in bad.cross_check()}
    assert any(loc[0] == "actions" and "unknown status 'Cancelled'" in msg for loc, msg in issues)
    assert (("buyer_request_reason", "reason"), "unknown reason 'BuyerCancelled'") in issues
