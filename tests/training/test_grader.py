"""Grading against the rulebook's answer key: every handling graded, every deduction sourced."""

from __future__ import annotations

import pytest

from training.answer_key import attempt_of, exercise_key, expected, match
from training.debrief import debrief_markdown
from training.grader import TRAP_WORDS, grade


def _grade(desk):
    return grade(desk.rb, desk.exercise, [s.to_dict() for s in desk.steps], desk.exercise_order.order_id)


def _msg(desk, purpose):
    oid = desk.exercise_order.order_id
    desk.message_buyer(oid, purpose, desk.draft(oid, purpose))


def test_every_situation_has_an_exercise_and_every_trap_is_used(desk_scenario):
    _sc, rb, exercises = desk_scenario
    assert {s.id for s in rb.situations} <= {e.order.situation for e in exercises}
    traps = {t for e in exercises for t in e.traps}
    assert traps >= {"cancel_pending", "buyer_cancelled_without_request", "cancel_shipped", "violation"}


def test_the_key_is_the_rulebooks_handlings_best_first(desk_scenario):
    _sc, rb, exercises = desk_scenario
    for ex in exercises:
        key = exercise_key(rb, ex)
        assert [h.id for h in key] == sorted(
            (h.id for h in rb.situation(ex.order.situation).handlings),
            key=[h.id for h in key].index,
        )
        assert key[0].grade == "best"
        assert expected(rb, ex).grade in ("best", "acceptable")  # an exercise never teaches a risk


def test_no_contact_on_a_stock_out_is_acceptable_not_a_pass_at_full_marks(make_desk):
    desk = make_desk("out_of_stock_cancel")
    o = desk.exercise_order
    desk.open_order(o.order_id)
    desk.cancel(o.order_id, "NoInventory")
    g = _grade(desk)
    assert g.passed and g.score == pytest.approx(0.9)
    (d,) = g.deductions
    assert "acceptable" in d.what and "G1701" in d.source and d.rule_label.startswith("Rulebook: situation")


def test_message_after_cancel_is_the_best_path_not_cancelled_without_contact(make_desk):
    """Issue 10: cancel with NoInventory, then a "Problem with order" message (G1701)."""
    desk = make_desk("damaged_last_unit")
    o = desk.exercise_order
    desk.open_order(o.order_id)
    desk.cancel(o.order_id, "NoInventory")
    _msg(desk, "inform")  # a Canceled order can still be messaged
    g = _grade(desk)
    assert g.passed and g.score == 1.0 and not g.deductions
    assert g.followed == "cancel_then_tell" and "cancel_without_contact" not in g.traps_hit


def test_asking_the_buyer_about_a_stock_out_is_a_violation_and_never_praised(make_desk):
    desk = make_desk("out_of_stock_cancel")
    o = desk.exercise_order
    desk.open_order(o.order_id)
    _msg(desk, "request_cancellation")
    desk.wait(desk.exercise_order.persona.reply_after_hours + 1)
    desk.cancel(o.order_id, "BuyerCanceled")
    g = _grade(desk)
    assert not g.passed and g.traps_hit == ["violation"]
    assert all("Cancelled" not in w for w in g.went_right)  # a trap never lists the cancel as right
    assert "G201722390" in g.deductions[-1].source


def test_price_error_passes_an_honest_pricing_error_cancel_and_says_it_counts(make_desk):
    desk = make_desk("price_typo")
    o = desk.exercise_order
    desk.open_order(o.order_id)
    _msg(desk, "inform")
    desk.cancel(
        o.order_id, "PricingError", "Listed at a tenth of the price"
    )  # the house rule asks for a memo
    g = _grade(desk)
    assert g.passed and g.score == 1.0 and g.counted is True
    assert any("counts toward the Cancellation Rate" in w for w in g.went_right)
    text = debrief_markdown(g, trainee="t", card=desk.exercise.card)
    assert "Nothing: you followed a handling the rulebook grades best." in text
    asked = "Ask the buyer to file a cancellation request (the path seller guidance suggests)"
    assert f"**a compliance risk**: {asked}" in text


def test_the_seeds_ask_the_buyer_path_passes_with_its_risk_shown(make_desk):
    desk = make_desk("price_typo")
    o = desk.exercise_order
    desk.open_order(o.order_id)
    _msg(desk, "request_cancellation")
    desk.wait(desk.exercise_order.persona.reply_after_hours + 1)
    desk.cancel(o.order_id, "BuyerCanceled")
    g = _grade(desk)
    assert g.passed and g.score == pytest.approx(0.8) and g.followed_grade == "compliance_risk"
    (d,) = g.deductions
    assert "a compliance risk" in d.what and "not ruled on by an Amazon page" in d.source
    assert "seller guidance (not an amazon page)" in d.source.lower()
    # no contradiction: the debrief says what was done, with its grade, not "you followed the rulebook"
    text = debrief_markdown(g, trainee="t", card=desk.exercise.card)
    assert "(graded a compliance risk)" in text and "you followed" not in text


def test_buyer_cancelled_without_a_request_is_the_trap(make_desk):
    desk = make_desk("engraving_no_request")
    o = desk.exercise_order
    desk.open_order(o.order_id)
    _msg(desk, "inform")
    desk.cancel(o.order_id, "BuyerCanceled")
    g = _grade(desk)
    assert not g.passed and g.traps_hit == ["buyer_cancelled_without_request"]
    assert TRAP_WORDS["buyer_cancelled_without_request"] in [TRAP_WORDS[t] for t in g.traps_hit]


def test_a_wrong_reason_names_the_reason_rule_and_its_source(make_desk):
    desk = make_desk("undeliverable_address")
    o = desk.exercise_order
    desk.open_order(o.order_id)
    _msg(desk, "inform")
    desk.cancel(o.order_id, "GeneralAdjustment")
    g = _grade(desk)
    assert not g.passed
    d = next(d for d in g.deductions if d.what.startswith("Reason for cancellation"))
    assert "General Adjustment instead of Shipping Address Undeliverable" in d.what and d.source


def test_a_buyer_who_only_writes_and_never_files_can_be_won(make_desk):
    desk = make_desk("buyer_writes_never_files")
    o = desk.exercise_order
    desk.open_order(o.order_id)
    _msg(desk, "request_cancellation")
    desk.wait(desk.exercise_order.persona.reply_after_hours + 1)
    assert not desk.banner(o.order_id)  # no official request ever arrives
    desk.cancel(o.order_id, "BuyerCanceled")
    g = _grade(desk)
    assert g.passed and g.followed == "cancel_on_message" and g.counted is True


def test_an_official_request_is_a_message_with_amazons_subject(make_desk):
    desk = make_desk("official_request_arrived")
    o = desk.exercise_order
    subjects = [m.subject for _o, m in desk.inbox() if _o is o]
    assert any(s.startswith("Order cancellation request from Amazon customer") for s in subjects)
    assert any(s == "" for s in subjects)  # and a plain message beside it: tell them apart
    assert desk.banner(o.order_id)
    desk.open_order(o.order_id)
    desk.cancel(o.order_id, "BuyerCanceled")
    g = _grade(desk)
    assert g.passed and g.score == 1.0 and g.counted is False


def test_shipped_instant_refund_without_a_message_no_longer_scores_full_marks(make_desk):
    desk = make_desk("shipped_changed_mind")
    o = desk.exercise_order
    desk.open_order(o.order_id)
    desk.refund(o.order_id)
    g = _grade(desk)
    assert g.score < 1.0 and g.followed == "refund_silently"


def test_shipped_return_then_refund_is_best_and_cancel_is_the_trap(make_desk):
    desk = make_desk("shipped_changed_mind")
    o = desk.exercise_order
    desk.open_order(o.order_id)
    desk.cancel(o.order_id, "BuyerCanceled")  # refused
    _msg(desk, "return_request")
    desk.refund(o.order_id)
    g = _grade(desk)
    assert g.followed == "return_then_refund" and g.traps_hit == ["cancel_shipped"] and not g.passed


def test_pending_buyer_is_referred_to_customer_service(make_desk):
    desk = make_desk("pending_buyer_writes")
    o = desk.exercise_order
    assert not desk.shows_buyer(o.order_id)
    desk.open_order(o.order_id)
    _msg(desk, "refer_customer_service")
    g = _grade(desk)
    assert g.passed and g.followed == "refer_customer_service"


def test_cancel_items_counts_and_is_the_best_path(make_desk):
    desk = make_desk("one_item_missing")
    o = desk.exercise_order
    desk.open_order(o.order_id)
    r = desk.cancel_items(o.order_id, "NoInventory", 1)
    assert r.ok and o.status == "Unshipped" and o.cancelled_items
    assert desk.counted_days  # an item cancel counts toward the rate
    _msg(desk, "inform")
    g = _grade(desk)
    assert g.passed and g.followed == "cancel_items_then_tell"
    entire = make_desk("one_item_missing")
    eo = entire.exercise_order
    entire.open_order(eo.order_id)
    entire.cancel(eo.order_id, "NoInventory")
    assert _grade(entire).followed == "cancel_entire_order"


def test_partly_shipped_ship_then_adjust(make_desk):
    desk = make_desk("partly_shipped_rest_missing")
    o = desk.exercise_order
    desk.open_order(o.order_id)
    assert not desk.cancel(o.order_id, "NoInventory").ok  # no Cancel order once part has shipped
    desk.confirm_shipment(o.order_id)
    assert desk.adjust(o.order_id, "NoInventory").ok
    _msg(desk, "inform")
    g = _grade(desk)
    assert g.followed == "ship_then_adjust" and g.score == pytest.approx(0.8)  # -2 for the refused cancel


def test_unfinished_exercise_fails_and_says_what_the_rulebook_teaches(make_desk):
    desk = make_desk("out_of_stock_cancel")
    desk.open_order(desk.exercise_order.order_id)
    g = _grade(desk)
    assert not g.passed and g.score == 0.0
    assert g.deductions[0].what.startswith("Nothing finished") and "No Inventory" in g.deductions[0].why


def test_matching_is_by_procedure_reason_contact_and_request():
    steps = [
        {"ok": True, "action": "open_order"},
        {"ok": True, "action": "cancel", "reason": "NoInventory", "buyer_requested": False},
        {"ok": True, "action": "message_buyer", "purpose": "inform"},
    ]
    a = attempt_of(steps)
    assert (a.procedure, a.reason, a.contact, a.official_request) == (
        "seller_cancel",
        "NoInventory",
        "after",
        False,
    )
    assert match([], a).handling is None
