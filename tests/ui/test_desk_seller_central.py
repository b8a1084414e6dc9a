"""Issue 22, the trainee's desk: what made it unlike Seller Central, driven headless with AppTest."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.ui.signin import open_as
from training.shift.plan import SHIFT_HOURS

PAGE = "train/desk_page.py"
SEED = 3  # a shift whose first orders include a buyer who wrote and orders still to come


@pytest.fixture
def db(monkeypatch, tmp_path):
    path = tmp_path / "attempts.sqlite3"
    monkeypatch.setenv("CANCEL_DESK_DB", str(path))
    return path


def shift(orders: int = 20) -> AppTest:
    at = open_as(PAGE, Path(os.environ["CANCEL_DESK_DB"]), None)
    at.radio(key="desk_mode").set_value("Shift at the desk").run()
    at.number_input(key="desk_shift_seed").set_value(SEED).run()
    at.slider(key="desk_shift_orders").set_value(orders).run()
    at.button(key="desk_start").click().run()
    assert not at.exception
    return at


def exercise(name: str) -> AppTest:
    at = open_as(PAGE, Path(os.environ["CANCEL_DESK_DB"]), None)
    at.selectbox(key="desk_exercise").set_value(name)
    at.button(key="desk_start").click().run()
    at.button(key="desk_card_order").click().run()
    assert not at.exception
    return at


def desk(at: AppTest):
    return at.session_state["desk"].desk


def listed(at: AppTest) -> list[str]:
    return [b.key.removeprefix("desk_oid_") for b in at.button if b.key and b.key.startswith("desk_oid_")]


def why(at: AppTest) -> str:
    pops = [p for p in at.get("popover") if p.proto.popover.label == "Why?"]
    return "\n".join(m.value for m in pops[0].markdown) if pops else ""


def ship(at: AppTest, oid: str, where: str = "row", carrier: str | None = None, tracking: str = "") -> None:
    if carrier:
        at.selectbox(key=f"desk_carrier_{where}_{oid}").set_value(carrier)
    at.text_input(key=f"desk_tracking_{where}_{oid}").input(tracking)
    at.button(key=f"desk_ship_submit_{where}_{oid}").click().run()
    assert not at.exception


def test_finishing_a_shift_early_asks_first_and_grades_only_what_arrived(db):
    at = shift()
    d = desk(at)
    oid = next(o.order_id for o in d.arrived() if o.status == "Unshipped" and o.channel == "MFN")
    ship(at, oid)  # something done: only the early finish makes it ask
    at.button(key="desk_finish").click().run()
    question = at.warning[0].value
    waiting = len(d.orders) - len(d.arrived())
    assert "The shift runs until 18:00" in question and f"{waiting} orders have not arrived yet" in question
    at.button(key="desk_finish_no").click().run()
    assert at.session_state["desk"].finished is None  # still at the desk
    at.button(key="desk_finish").click().run()
    at.button(key="desk_finish_yes").click().run()
    graded = at.session_state["desk"].finished.grade
    assert {r.order_id for r in graded.orders} == {o.order_id for o in d.arrived()}
    assert any(f"{waiting} orders had not arrived yet (not graded)" in m.value for m in at.markdown)


def test_a_shift_worked_to_its_end_finishes_without_a_question(db):
    at = shift(15)
    d = desk(at)
    ship(at, next(o.order_id for o in d.arrived() if o.status == "Unshipped" and o.channel == "MFN"))
    d.wait(SHIFT_HOURS)
    at.run()
    at.button(key="desk_finish").click().run()
    assert not at.warning and at.session_state["desk"].finished is not None  # no question: graded


def test_a_buyer_who_wrote_is_marked_on_the_order_row(db):
    at = shift()
    d = desk(at)
    wrote = [o for o in listed(at) if d.buyer_wrote(o) and not d.order(o).buyer_requested]
    assert wrote  # the seed has a buyer who wrote "please cancel" without the official request
    badges = [m.value for m in at.markdown if "Buyer message" in m.value]
    assert len(badges) == len(wrote)


def test_confirm_shipment_asks_the_carrier_and_tracking_id_and_says_so_in_the_row(db):
    at = shift()
    d = desk(at)
    a, b = [o.order_id for o in d.search() if o.status == "Unshipped" and o.channel == "MFN"][:2]
    ship(at, a, carrier="UPS", tracking="1Z999AA10123456784")
    o = d.order(a)
    assert o.status == "Shipped" and (o.carrier, o.tracking_id) == ("UPS", "1Z999AA10123456784")
    assert at.success[0].value == f"Shipment confirmed for {a}."  # one short line, in the row
    assert "tracking ID 1Z999AA10123456784" in why(at)
    ship(at, b)
    assert "counts against your Valid Tracking Rate" in why(at)
    assert [s.tracking for s in d.steps if s.action == "confirm_shipment"] == [True, False]


def test_status_tabs_are_the_rulebooks_statuses_and_the_list_is_newest_first(db):
    at = shift()
    d = desk(at)
    at.button(key="desk_wait_4").click().run()
    tabs = at.button_group(key="desk_status")
    labels = {s.id: s.label for s in d.rb.statuses}
    assert tabs.options == ["All (" + str(sum(1 for o in d.search() if o.status != "Pending")) + ")"] + [
        f"{labels[s]} ({len(d.search('', s))})" for s in d.statuses()
    ]
    shown = [d.order(o).purchase_date for o in listed(at)]
    assert shown == sorted(shown, reverse=True)


def test_after_a_wait_each_order_s_news_is_its_own_line(db):
    at = shift()
    at.button(key="desk_wait_4").click().run()
    said = at.success[0].value
    lines = [x for x in said.splitlines() if x.startswith("- ")]
    assert said.startswith("4 simulated hours passed:") and len(lines) >= 2
    assert all(x.count("arrived") <= 1 for x in lines)


def test_refund_the_rest_asks_for_the_adjustments_reason(db):
    at = exercise("one_item_missing")
    d = desk(at)
    oid = d.exercise_order.order_id
    ship(at, oid, "detail")
    assert d.order(oid).status == "PartiallyShipped"
    box = at.selectbox(key="desk_adjust_reason")
    assert box.options == ["No Inventory", "Customer Cancel (order adjustment)"]
    at.button(key="desk_adjust_submit").click().run()
    assert "Select a reason" in at.error[0].value and not d.order(oid).adjusted
    at.selectbox(key="desk_adjust_reason").set_value("CustomerCancel")
    at.button(key="desk_adjust_submit").click().run()
    assert d.order(oid).adjusted
    assert [s.reason for s in d.steps if s.action == "adjust"] == ["CustomerCancel"]
