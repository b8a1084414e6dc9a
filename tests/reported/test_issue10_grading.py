"""Issue 10, parts 2-4: grading on every valid path, partial cancels, how an official request arrives."""

from __future__ import annotations

import pytest

from training.debrief import debrief_markdown
from training.grader import grade


def _grade(desk):
    return grade(desk.rb, desk.exercise, [s.to_dict() for s in desk.steps], desk.exercise_order.order_id)


def _send(desk, purpose):
    oid = desk.exercise_order.order_id
    assert desk.message_buyer(oid, purpose, desk.draft(oid, purpose)).ok


def test_damaged_last_unit_tell_and_cancel_with_no_inventory_passes(make_desk):
    """ "Today `damaged_last_unit` passes only when the trainee asks the buyer. Telling the buyer
    and cancelling with No Inventory scores 60% and fails"."""
    desk = make_desk("damaged_last_unit")
    desk.open_order(desk.exercise_order.order_id)
    _send(desk, "inform")
    desk.cancel(desk.exercise_order.order_id, "NoInventory")
    g = _grade(desk)
    assert g.passed and g.score == pytest.approx(0.9)  # acceptable: the pages put the message after


def test_following_the_communication_guidelines_order_is_best(make_desk):
    """ "cancel with NoInventory, then send a 'Problem with order' message. Following it today
    fails the trainee, with 'cancelled without contact'"."""
    desk = make_desk("out_of_stock_cancel")
    desk.open_order(desk.exercise_order.order_id)
    desk.cancel(desk.exercise_order.order_id, "NoInventory")
    _send(desk, "inform")
    g = _grade(desk)
    assert g.passed and g.score == 1.0 and not g.traps_hit


def test_shipped_instant_silent_refund_is_not_full_marks_and_the_official_handling_is(make_desk):
    """ "Today an instant refund with no message passes at 100%, and the official handling scores 0.5"."""
    silent = make_desk("shipped_changed_mind")
    silent.open_order(silent.exercise_order.order_id)
    silent.refund(silent.exercise_order.order_id)
    assert _grade(silent).score < 1.0 and not _grade(silent).passed
    best = make_desk("shipped_changed_mind")
    best.open_order(best.exercise_order.order_id)
    _send(best, "return_request")
    best.wait(48)
    best.refund(best.exercise_order.order_id)
    assert _grade(best).score == 1.0


def test_a_passed_debrief_never_contradicts_itself(make_desk):
    """ "Today a passed attempt can say 'Expected: seller cancels / You did: asks buyer… you
    followed the rulebook'"."""
    desk = make_desk("gift_wrap_unavailable")
    oid = desk.exercise_order.order_id
    desk.open_order(oid)
    _send(desk, "request_cancellation")
    desk.wait(desk.exercise_order.persona.reply_after_hours + 1)
    desk.cancel(oid, "BuyerCanceled")
    g = _grade(desk)
    text = debrief_markdown(g, trainee="t", card=desk.exercise.card)
    assert g.passed and "you followed" not in text.lower()
    assert "(graded a compliance risk)" in text and "a compliance risk" in g.deductions[0].what


def test_a_compliance_trap_never_lists_the_cancel_under_what_went_right(make_desk):
    """ "a compliance trap can list the cancel under what went right"."""
    desk = make_desk("pending_stock_out")
    oid = desk.exercise_order.order_id
    desk.wait(desk.exercise_order.payment_hours)
    desk.open_order(oid)
    _send(desk, "request_cancellation")
    desk.wait(desk.exercise_order.persona.reply_after_hours + 1)
    desk.cancel(oid, "BuyerCanceled")
    g = _grade(desk)
    assert g.traps_hit and not g.passed
    assert not any("ancel" in w for w in g.went_right)


def test_every_deduction_names_its_rule_in_words_and_its_source(make_desk):
    """ "Every deduction names its rule in words and its source"."""
    desk = make_desk("undeliverable_address")
    oid = desk.exercise_order.order_id
    desk.cancel(oid, "GeneralAdjustment")
    g = _grade(desk)
    assert len(g.deductions) >= 2
    for d in g.deductions:
        assert d.rule_label and not d.rule_label.startswith("situations.") and len(d.source) > 3


def test_item_cancels_count_toward_the_rate(make_desk):
    """ "The cancel page offers Cancel entire order or Cancel items (with quantities) on a
    multi-item order, and item cancels count toward the rate"."""
    desk = make_desk("one_item_missing")
    o = desk.exercise_order
    assert len(o.items) == 3
    before = desk.account()["rate"]
    r = desk.cancel_items(o.order_id, "NoInventory", 1)
    assert r.ok and "counts toward" in r.message and desk.account()["rate"] > before
    assert o.status == "Unshipped"  # the rest of the order stays to ship


def test_an_official_request_arrives_as_a_message_with_amazons_subject(make_desk):
    """ "It arrives as a Buyer-Seller message whose subject starts 'Order cancellation request from
    Amazon customer'. The desk shows it in the inbox as well as the order's banner"."""
    desk = make_desk("gift_wrap_unavailable")
    o = desk.exercise_order
    desk.open_order(o.order_id)
    _send(desk, "request_cancellation")
    desk.wait(desk.exercise_order.persona.reply_after_hours + 1)
    official = [m for oo, m in desk.inbox() if oo is o and m.subject]
    assert official and official[0].subject.startswith("Order cancellation request from Amazon customer")
    assert desk.banner(o.order_id)


def test_an_unofficial_message_is_answered_with_the_your_orders_instructions(make_desk):
    """ "An unofficial message (no such subject) is answered with the Your Orders → Request
    cancellation instructions"."""
    desk = make_desk("buyer_changed_mind")
    o = desk.exercise_order
    assert all(not m.subject for _o, m in desk.inbox() if _o is o)
    text = desk.draft(o.order_id, "request_cancellation")
    assert "Your Orders" in text and "Request cancellation" in text
