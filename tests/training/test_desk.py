"""The in-memory Seller Central: orders, actions, buyer persona, account metrics."""

from __future__ import annotations

import pytest

from tests.training.conftest import COUNTED_PER_DAY, SF_PER_DAY
from training.desk_view import carriers


def _ids(desk):
    return [o.order_id for o in desk.orders]


def test_a_few_dozen_orders_stable_for_a_seed(make_desk):
    a, b, c = make_desk(None, seed=5), make_desk(None, seed=5), make_desk(None, seed=6)
    assert _ids(a) == _ids(b)
    assert [o.buyer_name for o in a.orders] == [o.buyer_name for o in b.orders]
    assert _ids(a) != _ids(c)
    assert 24 <= len(a.orders) <= 60
    statuses = {o.status for o in a.orders}
    assert {"Pending", "Unshipped", "Shipped"} <= statuses
    assert {o.channel for o in a.orders} == {"MFN", "AFN"}
    assert any(o.special_request for o in a.orders)
    assert all(len(o.order_id.split("-")) == 3 for o in a.orders)


def test_each_exercise_has_its_own_stable_order(make_desk):
    a, b = make_desk("gift_wrap_unavailable"), make_desk("gift_wrap_unavailable")
    c = make_desk("price_typo")
    assert a.exercise_order.order_id == b.exercise_order.order_id
    assert a.exercise_order.buyer_name == b.exercise_order.buyer_name
    assert a.exercise_order.order_id != c.exercise_order.order_id


def test_order_ids_are_3_7_7_and_link_is_in_templates(make_desk):
    desk = make_desk("gift_wrap_unavailable")
    o = desk.exercise_order
    head, mid, tail = o.order_id.split("-")
    assert (len(head), len(mid), len(tail)) == (3, 7, 7)
    for purpose in ("request_cancellation", "inform", "other"):
        assert o.url in desk.draft(o.order_id, purpose)
    assert "gift wrapping" in desk.draft(o.order_id, "request_cancellation")


def test_search_by_id_and_filter_by_status(make_desk):
    desk = make_desk(None)
    target = desk.orders[4]
    found = desk.search(target.order_id[-7:])
    assert target in found and len(found) == 1
    shipped = desk.search(status="Shipped")
    assert shipped and all(o.status == "Shipped" for o in shipped)
    assert len(desk.search(status="All")) == len(desk.orders)


def test_hidden_situation_is_found_by_opening(make_desk):
    desk = make_desk("out_of_stock_cancel")
    o = desk.exercise_order
    assert not o.opened
    assert desk.open_order(o.order_id).ok
    assert o.opened and "0 units" in o.notes


def test_seller_cancel_moves_rate_up_by_one_order(make_desk):
    desk = make_desk("out_of_stock_cancel")
    before = desk.account()
    assert before["rate"] == pytest.approx(7 * COUNTED_PER_DAY / (7 * SF_PER_DAY))
    o = desk.exercise_order
    r = desk.cancel(o.order_id, "NoInventory", "sold out")
    assert r.ok and "counts toward" in r.message
    after = desk.account()
    assert after["rate"] == pytest.approx((7 * COUNTED_PER_DAY + 1) / (7 * SF_PER_DAY))
    assert after["desk_counted"] == 1 and o.status == "Canceled"


def test_cancel_after_official_request_leaves_rate_unchanged(make_desk):
    desk = make_desk("buyer_changed_mind")
    o = desk.exercise_order
    before = desk.account()["rate"]
    desk.open_order(o.order_id)
    desk.message_buyer(o.order_id, "request_cancellation", desk.draft(o.order_id, "request_cancellation"))
    assert desk.banner(o.order_id) is None
    delay = o.persona.reply_after_hours  # this instance's draw from the exercise's range
    desk.wait(delay - 0.5)
    assert not o.buyer_requested  # the persona has not answered yet
    events = desk.wait(1)
    assert any("requested cancellation" in e for e in events)
    assert desk.banner(o.order_id) == (
        "The buyer has requested that this order be cancelled. "
        "Cancelling this order will not affect your cancellation rate metric."
    )
    r = desk.cancel(o.order_id, "BuyerCanceled")
    assert r.ok and "excluded" in r.message
    assert desk.account()["rate"] == pytest.approx(before)
    assert desk.banner(o.order_id) is None


def test_buyer_who_only_writes_back_files_no_request(make_desk):
    desk = make_desk("engraving_no_request")
    o = desk.exercise_order
    desk.message_buyer(o.order_id, "request_cancellation", "Please request cancellation: " + o.url)
    desk.wait(24)
    assert o.messages[-1].sender == "buyer"
    assert not o.buyer_requested and desk.banner(o.order_id) is None
    before = desk.account()["rate"]
    desk.cancel(o.order_id, "BuyerCanceled")
    assert desk.account()["rate"] > before  # an unofficial request still counts


def test_silent_buyer_never_answers(desk_scenario, background):
    from formats.exercise import Exercise
    from training.desk import Desk

    _sc, rb, _ex = desk_scenario
    ex = Exercise.model_validate(
        {
            "id": "silent",
            "title": "Silent buyer",
            "card": "The buyer never answers messages.",
            "order": {"situation": "price_error", "buyer_replies": False},
            "key": {"expect": "cancel_pricing_error"},
        }
    )
    desk = Desk.open(rb, background, [ex], exercise_id="silent", seed=1)
    o = desk.exercise_order
    desk.message_buyer(o.order_id, "request_cancellation", "please request cancellation")
    desk.wait(48)
    assert [m.sender for m in o.messages] == ["seller"]


@pytest.mark.parametrize(("status", "action"), [("Pending", "cancel"), ("Shipped", "cancel")])
def test_engine_refuses_cancel_on_pending_and_shipped(make_desk, status, action):
    desk = make_desk(None)
    o = next(o for o in desk.orders if o.status == status and o.channel == "MFN")
    r = desk.cancel(o.order_id, "NoInventory")
    assert not r.ok and r.rule == f"statuses.{status}"
    assert o.status == status and desk.steps[-1].ok is False
    assert desk.account()["desk_counted"] == 0


def test_pending_becomes_unshipped_after_payment(make_desk):
    desk = make_desk("pending_stock_out")
    o = desk.exercise_order
    assert o.status == "Pending"
    assert not desk.shows_buyer(o.order_id)  # issue 10 (G40571): no buyer details while Pending
    assert not desk.cancel(o.order_id, "NoInventory").ok and not desk.confirm_shipment(o.order_id).ok
    desk.wait(3)
    assert o.status == "Unshipped" and desk.shows_buyer(o.order_id)
    assert desk.message_buyer(o.order_id, "inform", "hello").ok


def test_refund_only_for_shipped(make_desk):
    desk = make_desk("shipped_changed_mind")
    o = desk.exercise_order
    assert desk.refund(o.order_id).ok and o.refunded
    other = next(x for x in desk.orders if x.status == "Unshipped")
    assert not desk.refund(other.order_id).ok


def test_unknown_reason_changes_nothing(make_desk):
    desk = make_desk("out_of_stock_cancel")
    o = desk.exercise_order
    r = desk.cancel(o.order_id, "BecauseISaidSo")
    assert not r.ok and "Reason for cancellation" in r.message
    assert o.status == "Unshipped" and desk.account()["desk_counted"] == 0


def test_feedback_risk_explains_handling_and_labels_assumption(make_desk):
    desk = make_desk("out_of_stock_cancel")
    o = desk.exercise_order
    desk.cancel(o.order_id, "NoInventory")
    (row,) = desk.feedback()
    assert row["outcome"] == "seller_cancel_no_contact"
    assert "without contacting the buyer" in row["why"] and "assumption" in row["why"]
    assert row["assumption"] is True and row["risk"] == pytest.approx(0.12)
    a = desk.account()
    assert a["handled_orders"] == 1 and a["expected_feedback_assumption"] is True
    assert a["expected_feedback"] == pytest.approx(0.12)


def test_no_handled_order_expects_no_feedback(make_desk):
    a = make_desk("out_of_stock_cancel").account()
    assert a["handled_orders"] == 0 and a["expected_feedback"] == 0
    assert a["expected_feedback_assumption"] is False


def test_quick_answer_halves_feedback_risk(make_desk):
    desk = make_desk("buyer_changed_mind")
    o = desk.exercise_order
    desk.message_buyer(o.order_id, "inform", "We will cancel it " + o.url)
    desk.cancel(o.order_id, "GeneralAdjustment")
    (row,) = desk.feedback()
    assert row["outcome"] == "seller_cancel_after_contact"
    assert row["risk"] == pytest.approx(0.04 * 0.5)


def test_afn_order_cannot_be_cancelled_by_the_seller(make_desk):
    desk = make_desk(None)
    o = next(o for o in desk.orders if o.channel == "AFN")
    o.status = "Unshipped"  # an Amazon-fulfilled order not yet shipped: still Amazon's to cancel
    r = desk.cancel(o.order_id, "NoInventory")
    assert not r.ok
    assert "fulfilled by Amazon" in r.message
    assert o.status == "Unshipped" and desk.account()["desk_counted"] == 0


def test_waiting_rolls_the_window(make_desk):
    desk = make_desk("out_of_stock_cancel")
    day0 = desk.account()["date"]
    background = desk.account()["rate"]
    assert desk.cancel(desk.exercise_order.order_id, "NoInventory").ok
    with_cancel, with_day = desk.account(), desk.day
    assert with_cancel["rate"] == pytest.approx((7 * COUNTED_PER_DAY + 1) / (7 * SF_PER_DAY))
    desk.wait(24)
    a = desk.account()
    assert a["date"] > day0 and a["rate"] == pytest.approx(with_cancel["rate"])  # still in the window
    for _ in range(6):  # a day at a time: the window rolls past the day of the cancel
        desk.wait(24)
    assert desk.day == with_day + 7
    assert desk.account()["rate"] == pytest.approx(background)


def test_confirm_shipment_records_the_carrier_and_whether_a_tracking_id_was_given(make_desk):
    """Issue 22: Confirm shipment has Seller Central's carrier and tracking form; the Valid Tracking
    Rate counts shipments confirmed with a tracking ID, so the desk records whether one was given."""
    desk = make_desk(None)
    a, b, c = [o for o in desk.orders if o.status == "Unshipped" and o.channel == "MFN"][:3]
    said = desk.confirm_shipment(a.order_id, "UPS", " 1Z999AA10123456784 ")
    assert said.ok and "tracking ID 1Z999AA10123456784" in said.message
    assert (a.carrier, a.tracking_id) == ("UPS", "1Z999AA10123456784")
    bare = desk.confirm_shipment(b.order_id)
    assert bare.ok and "counts against your Valid Tracking Rate" in bare.message
    assert [s.tracking for s in desk.steps if s.action == "confirm_shipment"] == [True, False]
    refused = desk.confirm_shipment(c.order_id, "", "9400111899223")  # a tracking ID needs its carrier
    assert not refused.ok and c.status == "Unshipped"
    assert "UPS" in carriers(desk.rb) and "Other" in carriers(desk.rb)


def test_refund_the_rest_takes_a_reason_the_rulebook_allows_an_adjustment(make_desk):
    """Issue 22: Refund the rest picked No Inventory without asking; the reasons are the rulebook's
    for an Order Adjustment, and any other is refused."""
    desk = make_desk("one_item_missing")
    o = desk.exercise_order
    desk.confirm_shipment(o.order_id)
    assert [rid for rid, _ in desk.adjust_reasons()] == ["NoInventory", "CustomerCancel"]
    refused = desk.adjust(o.order_id, "GeneralAdjustment")  # a cancel-dialog reason, not an adjustment's
    assert not refused.ok and not o.adjusted and "No Inventory" in refused.message
    done = desk.adjust(o.order_id, "CustomerCancel")
    assert done.ok and o.adjusted and "Customer Cancel" in done.message
