"""Seller Central words for stored ids: what a trainee and a trainer read instead of rule paths."""

from __future__ import annotations

import re

import pytest

from training.wording import action_label, reason_label, rule_name, status_label, step_rows, steps_in_words

# A raw rule path (``statuses.Unshipped``) or a bare id with an underscore (``open_order``).
RAW_ID = re.compile(r"\b[a-z]+(?:\.[A-Za-z_]+)+\b|\b[a-z]+_[a-z_]+\b")


@pytest.fixture(scope="module")
def rb(desk_scenario):
    return desk_scenario[1]


@pytest.fixture(scope="module")
def exercises(desk_scenario):
    return desk_scenario[2]


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ("statuses.Unshipped", "Rulebook: order statuses › Unshipped"),
        ("statuses.PartiallyShipped", "Rulebook: order statuses › Partially Shipped"),
        (
            "reasons.BuyerCanceled.counts_toward_rate",
            "Rulebook: reason Buyer Cancelled › what counts toward the rate",
        ),
        (
            "procedures.ask_buyer.steps.message_buyer",
            "Rulebook: procedure “The seller asks the buyer to request the cancellation” › "
            "step “Message the buyer with the order link and how to request cancellation”",
        ),
        ("situations.out_of_stock.compliance_risks", "Rulebook: situation “Out of stock” › compliance risks"),
        ("metrics.cancellation_rate.limit", "Rulebook: Cancellation Rate › limit"),
        (
            "actions.cancel.channels",
            "Rulebook: action Cancel order › who fulfils the order (seller or Amazon)",
        ),
        ("feedback.outcomes.refunded", "Rulebook: feedback after “Refunded after shipping”"),
        ("auto_cancel", "Rulebook: automatic cancellation by Amazon"),
        ("messages", "Desk: Buyer-Seller Messaging"),
    ],
)
def test_rule_names_are_plain_language(rb, rule, words):
    assert rule_name(rb, rule) == words
    assert not RAW_ID.search(words)


def test_step_reason_and_exercise_rules(rb, exercises):
    reason = rule_name(rb, "procedures.ask_buyer.steps.cancel_order.reason")
    assert reason.endswith("› step “Cancel order with reason Buyer Cancelled” › reason for cancellation")
    own = rule_name(rb, "situations.shipped_wants_out.handlings.return_then_refund", exercises)
    assert own.startswith(
        "Rulebook: situation “The buyer wants out of a shipped order” › handling “Tell the buyer"
    )


def test_unknown_ids_and_no_rulebook_still_read_as_words(rb):
    assert rule_name(None, "statuses.Unshipped") == "Rulebook: order statuses › Unshipped"
    assert rule_name(rb, "statuses.NoSuchStatus") == "Rulebook: order statuses › NoSuchStatus"
    assert rule_name(rb, "exercises.gone.key.expect") == "Exercise gone › key › expect"
    assert action_label(None, "wait_for_request") == "Wait for request"
    assert rule_name(rb, "") == ""


def test_labels_come_from_the_rulebook(rb):
    assert action_label(rb, "open_order") == "Open order"
    assert action_label(rb, "message_buyer") == rb.action("message_buyer").label == "Contact buyer"
    assert reason_label(rb, "BuyerCanceled") == "Buyer Cancelled" and reason_label(rb, None) == ""
    assert status_label(rb, "PartiallyShipped") == "Partially Shipped"


def test_step_rows_and_csv_line_show_labels_not_ids(rb):
    steps = [
        {"hour": 0, "action": "open_order", "ok": True, "rule": "statuses.Unshipped", "detail": "ok"},
        {
            "hour": 4.5,
            "action": "cancel",
            "ok": False,
            "rule": "statuses.Pending",
            "detail": "refused",
            "reason": "BuyerCanceled",
            "status": "Pending",
        },
    ]
    assert RAW_ID.search("statuses.Unshipped") and RAW_ID.search("open_order")  # the check can fail
    rows = step_rows(rb, steps)
    assert [r["Action"] for r in rows] == ["Open order", "Cancel order"]
    assert rows[1]["Reason"] == "Buyer Cancelled" and rows[1]["Order status"] == "Pending"
    assert rows[1]["Rule"] == "Rulebook: order statuses › Pending" and rows[1]["Allowed"] is False
    for row in rows:
        assert not any(RAW_ID.search(str(v)) for v in row.values())
    assert steps_in_words(rb, steps) == "Open order; Cancel order (refused)"
