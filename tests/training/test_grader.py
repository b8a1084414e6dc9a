"""Grading against the rulebook's procedure steps: every trap, every deduction explained."""

from __future__ import annotations

import pytest

from training.grader import grade

ALL = [
    "gift_wrap_unavailable",
    "engraving_no_request",
    "damaged_last_unit",
    "out_of_stock_cancel",
    "price_typo",
    "undeliverable_address",
    "buyer_changed_mind",
    "pending_stock_out",
    "shipped_changed_mind",
]


def _grade(desk):
    return grade(desk.rb, desk.exercise, [s.to_dict() for s in desk.steps], desk.exercise_order.order_id)


def play_correct(desk):
    """The rulebook's handling, as a careful trainee does it."""
    ex, o = desk.exercise, desk.exercise_order
    if o.status == "Pending":
        desk.wait(ex.order.payment_hours)
    desk.open_order(o.order_id)
    c = ex.correct
    if c.procedure == "ask_buyer":
        desk.message_buyer(o.order_id, "request_cancellation", desk.draft(o.order_id, "request_cancellation"))
        desk.wait(ex.order.reply_after_hours + 1)
        assert desk.banner(o.order_id)
        desk.cancel(o.order_id, "BuyerCanceled", "buyer requested")
    elif c.procedure == "seller_cancel":
        purpose = "request_cancellation" if ex.id == "engraving_no_request" else "inform"
        desk.message_buyer(o.order_id, purpose, desk.draft(o.order_id, purpose))
        desk.wait(ex.order.reply_after_hours + 1)
        desk.cancel(o.order_id, c.reason, "see messages")
    else:
        desk.message_buyer(o.order_id, "other", desk.draft(o.order_id, "other") + "it has shipped; refunding")
        desk.refund(o.order_id)


def test_every_situation_has_an_exercise(desk_scenario):
    _sc, rb, exercises = desk_scenario
    assert {s.id for s in rb.situations} <= {e.order.situation for e in exercises}
    traps = {t for e in exercises for t in e.traps}
    assert traps == {
        "cancel_pending",
        "buyer_cancelled_without_request",
        "cancel_shipped",
        "cancel_without_contact",
        "compliance_risk",
    }
    assert sorted(e.id for e in exercises) == sorted(ALL)


@pytest.mark.parametrize("exercise_id", ALL)
def test_correct_handling_scores_full_marks(make_desk, exercise_id):
    desk = make_desk(exercise_id)
    play_correct(desk)
    g = _grade(desk)
    assert g.score == 1.0, g.deductions
    assert g.passed and not g.deductions and g.went_right


def test_expected_steps_come_from_the_rulebook(make_desk):
    from training.grader import expected_steps

    desk = make_desk("gift_wrap_unavailable")
    proc, steps = expected_steps(desk.rb, desk.exercise)
    assert proc == "ask_buyer"
    assert [s.id for s in steps] == [s.id for s in desk.rb.procedure("ask_buyer").steps]


def test_trap_cancel_pending(make_desk):
    desk = make_desk("pending_stock_out")
    o = desk.exercise_order
    desk.open_order(o.order_id)
    desk.cancel(o.order_id, "NoInventory")
    g = _grade(desk)
    assert "cancel_pending" in g.traps_hit
    d = next(d for d in g.deductions if d.trap == "cancel_pending")
    assert d.rule == "statuses.Pending" and "not available for Pending" in d.why
    assert d.rule_label == "Rulebook: order statuses › Pending"  # the id stays in d.rule, words here
    assert not g.passed


def test_trap_buyer_cancelled_without_request_in_seller_cancel(make_desk):
    desk = make_desk("engraving_no_request")
    o = desk.exercise_order
    desk.open_order(o.order_id)
    desk.message_buyer(o.order_id, "request_cancellation", desk.draft(o.order_id, "request_cancellation"))
    desk.wait(6)
    desk.cancel(o.order_id, "BuyerCanceled")
    g = _grade(desk)
    d = next(d for d in g.deductions if d.trap == "buyer_cancelled_without_request")
    assert d.rule == "reasons.BuyerCanceled.counts_toward_rate"
    assert "still a seller cancellation" in d.why and "General Adjustment" in d.why
    assert g.score == pytest.approx(0.75) and not g.passed


def test_trap_buyer_cancelled_before_request_in_ask_buyer(make_desk):
    desk = make_desk("buyer_changed_mind")
    o = desk.exercise_order
    desk.open_order(o.order_id)
    desk.cancel(o.order_id, "BuyerCanceled")
    g = _grade(desk)
    d = next(d for d in g.deductions if d.trap == "buyer_cancelled_without_request")
    assert d.rule == "reasons.BuyerCanceled.counts_toward_rate"
    assert "official request" in d.why
    assert not g.passed


def test_buyer_cancelled_before_the_request_arrives_fails_even_with_points_left(make_desk):
    """Asked the buyer, then cancelled with Buyer Cancelled before the request came: the core trap."""
    desk = make_desk("gift_wrap_unavailable")
    o = desk.exercise_order
    desk.open_order(o.order_id)
    desk.message_buyer(o.order_id, "request_cancellation", desk.draft(o.order_id, "request_cancellation"))
    desk.cancel(o.order_id, "BuyerCanceled")
    g = _grade(desk)
    assert g.traps_hit == ["buyer_cancelled_without_request"]
    assert not g.passed  # a trap fails the exercise, whatever the points
    whats = [d.what for d in g.deductions]
    assert "Cancelled before the buyer's official request arrived" in whats
    assert "Chose Buyer Cancelled without an official request" in whats
    assert "General Adjustment" in g.deductions[-1].why  # the honest reason for a special request


def test_honest_reason_without_request_is_not_called_wrong(make_desk):
    """Cancelling a damaged-unit order with No Inventory is honest; the fault is skipping the procedure."""
    desk = make_desk("damaged_last_unit")
    o = desk.exercise_order
    desk.open_order(o.order_id)
    desk.cancel(o.order_id, "NoInventory")
    g = _grade(desk)
    assert not any("instead of Buyer Cancelled" in d.what for d in g.deductions)
    assert {d.trap for d in g.deductions} == {"cancel_without_contact", None}
    assert any("matches what happened (No Inventory)" in w for w in g.went_right)
    assert not g.passed


def test_buyer_cancelled_after_the_request_is_right_even_off_procedure(make_desk):
    """Out of stock, asked the buyer (compliance risk): only the procedure is marked down, not the reason."""
    desk = make_desk("out_of_stock_cancel")
    o = desk.exercise_order
    desk.open_order(o.order_id)
    desk.message_buyer(o.order_id, "request_cancellation", desk.draft(o.order_id, "request_cancellation"))
    desk.wait(6)
    assert desk.banner(o.order_id)
    desk.cancel(o.order_id, "BuyerCanceled")
    (d,) = _grade(desk).deductions
    assert d.trap == "compliance_risk"


def test_other_reason_after_the_request_is_marked_down(make_desk):
    desk = make_desk("price_typo")
    o = desk.exercise_order
    desk.open_order(o.order_id)
    desk.message_buyer(o.order_id, "request_cancellation", desk.draft(o.order_id, "request_cancellation"))
    desk.wait(3)
    desk.cancel(o.order_id, "PricingError")
    (d,) = _grade(desk).deductions
    assert d.what == "Reason for cancellation Pricing Error instead of Buyer Cancelled"
    assert "official cancellation request" in d.why and d.rule.endswith("cancel_order.reason")


def test_refused_refund_says_what_was_tried(make_desk):
    desk = make_desk("out_of_stock_cancel")
    o = desk.exercise_order
    desk.refund(o.order_id)
    d = next(d for d in _grade(desk).deductions if d.rule == "statuses.Unshipped")
    assert d.what == "Tried Refund order on an Unshipped order" and "not available" in d.why


def test_trap_cancel_shipped(make_desk):
    desk = make_desk("shipped_changed_mind")
    o = desk.exercise_order
    desk.open_order(o.order_id)
    desk.cancel(o.order_id, "BuyerCanceled")
    g = _grade(desk)
    assert "cancel_shipped" in g.traps_hit
    rules = {d.rule for d in g.deductions}
    assert "statuses.Shipped" in rules  # the refused cancel
    assert "exercises.shipped_changed_mind.correct.steps.refund" in rules  # and no refund
    assert g.score == 0.0


def test_trap_cancel_without_contact(make_desk):
    desk = make_desk("out_of_stock_cancel")
    o = desk.exercise_order
    desk.open_order(o.order_id)
    desk.cancel(o.order_id, "NoInventory", "sold out")
    g = _grade(desk)
    (d,) = g.deductions
    assert d.trap == "cancel_without_contact"
    assert d.rule == "procedures.seller_cancel.steps.contact_buyer"
    assert "negative feedback" in d.why and "12.0%" in d.why
    assert g.score == pytest.approx(0.75) and not g.passed


def test_trap_compliance_risk_ask_buyer_for_out_of_stock(make_desk):
    desk = make_desk("out_of_stock_cancel")
    o = desk.exercise_order
    desk.open_order(o.order_id)
    desk.message_buyer(o.order_id, "request_cancellation", desk.draft(o.order_id, "request_cancellation"))
    desk.wait(6)
    desk.cancel(o.order_id, "BuyerCanceled")
    g = _grade(desk)
    assert g.followed == "ask_buyer"
    d = next(d for d in g.deductions if d.trap == "compliance_risk")
    assert d.rule == "situations.out_of_stock.compliance_risks"
    assert "communication guidelines" in d.why
    assert not g.passed


def test_unfinished_exercise_loses_the_missing_steps(make_desk):
    desk = make_desk("gift_wrap_unavailable")
    desk.open_order(desk.exercise_order.order_id)
    g = _grade(desk)
    assert g.score == pytest.approx(1 / 5)
    assert all(d.what.startswith("Missing step") for d in g.deductions)


def test_every_deduction_names_a_rule_and_a_reason(make_desk):
    for ex_id in ALL:
        desk = make_desk(ex_id)
        o = desk.exercise_order
        desk.cancel(o.order_id, "BuyerCanceled")
        for d in _grade(desk).deductions:
            assert d.rule and d.why and d.points > 0
            assert d.rule_label.startswith(("Rulebook: ", "Exercise “")) and d.rule not in d.rule_label


def test_debrief_markdown_has_score_and_advice(make_desk):
    from training.debrief import debrief_markdown

    desk = make_desk("out_of_stock_cancel")
    o = desk.exercise_order
    desk.open_order(o.order_id)
    desk.cancel(o.order_id, "NoInventory")
    g = _grade(desk)
    text = debrief_markdown(g, trainee="Ann", card=desk.exercise.card, feedback=desk.feedback())
    assert "Score: **75%**" in text and "Not passed yet" in text
    assert "Expected handling: The seller cancels the order (`seller_cancel`)" in text
    assert "**Trap hit**: Cancelled without contacting the buyer." in text
    assert "## What went right" in text and "## What to do differently" in text
    # the rule in words leads; its id follows only as a reference
    assert (
        "  Rulebook: procedure “The seller cancels the order” › step “Tell the buyer why the order "
        "cannot be fulfilled” (rule id `procedures.seller_cancel.steps.contact_buyer`)"
    ) in text
    assert (
        "Rule: `" not in text and "- Exercise: Sold out, no restock in time (`out_of_stock_cancel`)" in text
    )
