"""Issue 21, deliverable 5: two exercises graded against the pages, and the desk's words."""

from __future__ import annotations

import pytest

from training.grader import TRAP_WORDS, grade


def _grade(desk):
    return grade(desk.rb, desk.exercise, [s.to_dict() for s in desk.steps], desk.exercise_order.order_id)


def test_shipping_what_you_have_then_adjusting_the_missing_item_is_acceptable(make_desk):
    """ "`one_item_missing`: shipping what you have, then refunding the missing item with an Order
    Adjustment (No Inventory) and telling the buyer, is page-taught ... Today it scores 0%"."""
    desk = make_desk("one_item_missing")
    oid = desk.exercise_order.order_id
    desk.open_order(oid)
    assert desk.confirm_shipment(oid).ok
    assert desk.adjust(oid, "NoInventory").ok
    assert desk.message_buyer(oid, "inform", desk.draft(oid, "inform")).ok
    g = _grade(desk)
    assert g.followed == "ship_then_adjust" and g.followed_grade == "acceptable"
    assert g.passed and g.score == pytest.approx(0.9) and not g.traps_hit
    assert "200198080" in g.deductions[0].source and "G201722390" in g.deductions[0].source


def test_messaging_the_buyer_of_a_pending_order_is_refused_and_a_trap(make_desk):
    """ "Today an 'inform' message sent while the order is Pending passes at 90%. The desk must
    refuse contacting the buyer of a Pending order ... and grade trying it as a trap"."""
    desk = make_desk("pending_stock_out")
    o = desk.exercise_order
    desk.open_order(o.order_id)
    r = desk.message_buyer(o.order_id, "inform", desk.draft(o.order_id, "inform"))
    assert not r.ok and r.rule == "statuses.Pending" and "cannot start a message" in r.message
    assert not o.messages  # nothing reached the buyer
    # not even the referral: the buyer has not written
    assert not desk.message_buyer(o.order_id, "refer_customer_service", "Ask Customer Service.").ok
    desk.wait(o.payment_hours)
    desk.cancel(o.order_id, "NoInventory", "Sold out.")
    g = _grade(desk)
    assert "contact_pending" in g.traps_hit and not g.passed
    assert TRAP_WORDS["contact_pending"] in [d.what for d in g.deductions]


def test_once_paid_the_same_message_is_sent(make_desk):
    desk = make_desk("pending_stock_out")
    o = desk.exercise_order
    desk.wait(o.payment_hours)
    assert desk.message_buyer(o.order_id, "inform", "hello").ok


def test_a_buyer_who_wrote_about_a_pending_order_gets_only_the_referral(make_desk):
    desk = make_desk("pending_buyer_writes")
    o = desk.exercise_order
    desk.open_order(o.order_id)
    other = desk.message_buyer(o.order_id, "other", "When does it ship?")
    assert not other.ok and "the referral to Amazon Customer Service" in other.message
    assert desk.message_buyer(
        o.order_id, "refer_customer_service", desk.draft(o.order_id, "refer_customer_service")
    ).ok
    g = _grade(desk)
    assert g.traps_hit == ["contact_pending"] and not g.passed


@pytest.mark.parametrize(
    ("first", "words"),
    [(False, "Cancelled, then told the buyer why"), (True, "Cancelled after contacting the buyer")],
)
def test_the_feedback_line_names_what_happened_in_order(make_desk, first, words):
    """ "The feedback line says 'Cancelled after contacting the buyer' when the trainee messaged
    *after* the cancel. Name what happened, in order"."""
    desk = make_desk("out_of_stock_cancel")
    oid = desk.exercise_order.order_id
    desk.open_order(oid)
    if first:
        desk.message_buyer(oid, "inform", desk.draft(oid, "inform"))
    desk.cancel(oid, "NoInventory", "Sold out.")
    if not first:
        desk.message_buyer(oid, "inform", desk.draft(oid, "inform"))
    (row,) = desk.feedback()
    assert row["why"].startswith(words + ":")


def test_confirm_shipment_of_a_partly_shipped_order_confirms_only_what_ships(make_desk):
    """ "`partly_shipped_rest_missing`: the best path's `confirm_shipment` confirms the part that really
    ships, never the out-of-stock remainder. Say so in the step's words"."""
    desk = make_desk("partly_shipped_rest_missing")
    o = desk.exercise_order
    desk.open_order(o.order_id)
    r = desk.confirm_shipment(o.order_id)
    assert r.ok and f"“{o.items[-1].title}” is out of stock and not confirmed" in r.message
    assert f"the items that ship (“{o.items[0].title}”" in r.message
    step = desk.rb.procedure("ship_then_adjust").steps[1]
    assert step.action == "confirm_shipment" and "never the out-of-stock remainder" in step.label
