"""A shift at the desk: drawn from a seed, timed by every action, graded order by order."""

from __future__ import annotations

import pytest

from training.desk_view import finish_warning
from training.shift import ShiftParams, grade_shift, new_shift, shift_markdown
from training.shift.desk import MINUTES
from training.shift.plan import SHIFT_HOURS


@pytest.fixture
def shift(background):
    return new_shift(ShiftParams(orders=20, seed=3), background)


def test_same_parameters_same_shift_and_the_length_is_bounded(background):
    a, b = (
        new_shift(ShiftParams(orders=30, seed=4), background),
        new_shift(ShiftParams(orders=30, seed=4), background),
    )
    assert [o.order_id for o in a.orders] == [o.order_id for o in b.orders] and len(a.orders) == 30
    assert [o.order_id for o in new_shift(ShiftParams(orders=30, seed=5), background).orders] != [
        o.order_id for o in a.orders
    ]
    with pytest.raises(ValueError, match="15 to 30"):
        ShiftParams(orders=14)


def test_the_mix_is_mostly_routine_with_incidents_and_messages(shift):
    kinds = [p.kind for p in shift.plan]
    assert kinds.count("routine") > len(kinds) / 2
    assert kinds.count("incident") >= 3 and kinds.count("message") >= 2 and "overdue" in kinds
    assert all(p.exercise.order.situation for p in shift.plan if p.kind in ("incident", "message"))


def test_the_clock_moves_with_each_action_and_orders_keep_arriving(shift):
    first = shift.arrived()
    assert 0 < len(first) < len(shift.orders)
    o = next(o for o in first if o.status == "Unshipped")
    t = shift.clock
    shift.open_order(o.order_id)
    assert shift.clock == pytest.approx(t + MINUTES["open_order"] / 60)
    shift.wait(8)
    assert len(shift.arrived()) == len(shift.orders)


def test_an_order_left_too_long_is_auto_cancelled_and_counts(shift):
    over = next(p for p in shift.plan if p.kind == "overdue")
    before = shift.account()["desk_counted"]
    shift.wait(over.auto_cancel_at + 0.1)
    assert shift.order(over.order_id).status == "Canceled" and shift.order(over.order_id).auto_cancelled
    assert shift.account()["desk_counted"] == before + 1
    g = grade_shift(shift)
    assert (over.order_id, "auto_cancelled") in g.traps and not g.passed


@pytest.mark.parametrize(("rulebook", "hours"), [("amazon_us", 7 * 24), ("amazon_in", 24)])
def test_an_overdue_order_is_auto_cancelled_at_the_rulebooks_deadline(background, rulebook, hours):
    # India's deadline is given in hours, not days: its shift once failed to draw
    shift = new_shift(ShiftParams(orders=16, rulebook=rulebook, overdue=2, seed=99), background)
    over = [p for p in shift.plan if p.kind == "overdue"]
    assert len(over) == 2
    for p in over:
        assert p.auto_cancel_at - p.ship_by == pytest.approx(hours, abs=0.01)


def test_shipping_routine_orders_in_time_scores_them_and_late_ones_half(shift):
    routine = [p for p in shift.plan if p.kind == "routine" and p.arrival == 0]
    for p in routine:
        shift.confirm_shipment(p.order_id)
    shift.wait(20)  # past every ship-by of the day
    late = next(p for p in shift.plan if p.kind == "routine" and p.order_id not in shift.shipped_at)
    shift.confirm_shipment(late.order_id)
    rows = {r.order_id: r for r in grade_shift(shift).orders}
    assert all(rows[p.order_id].score == 1.0 for p in routine)
    assert rows[late.order_id].score == 0.5 and "late" in rows[late.order_id].what


def test_the_debrief_gives_the_rate_ended_on_and_the_best_handlings_rate(shift):
    shift.wait(SHIFT_HOURS)  # every order has arrived
    g = grade_shift(shift)
    assert len(g.orders) == 20 and g.rate_best is not None and g.rate_end is not None
    assert g.counted_best >= 1  # some incidents are best cancelled (and counted)
    assert 0 <= g.score <= 1


def test_the_account_panel_runs_as_long_as_the_clock(shift):
    """The simulated background ends; the account keeps taking orders (issue 13)."""
    start = shift.account()["date"]
    for _ in range(5):
        shift.wait(72)
    a = shift.account()
    assert a["date"] > start and a["date"] == f"{shift.now:%Y-%m-%d}" and a["rate"] is not None
    # Past the simulated flow the account repeats its last week, so a window wholly past it holds
    # that week's orders and counted cancels, plus the shift's own within the window.
    bg = shift.background
    assert shift.day - 6 >= len(bg.dates)
    own = sum(1 for d in shift.counted_days if shift.day - 7 < d <= shift.day)
    expected = (bg.counted[-7:].sum() + own) / bg.seller_fulfilled[-7:].sum()
    assert a["rate"] == pytest.approx(expected)


def test_a_shift_finished_early_grades_only_the_orders_that_arrived(shift):
    """Issue 22: finished at once, the orders still to come scored 0% ("not shipped by the end")."""
    arrived = {o.order_id for o in shift.arrived()}
    assert len(arrived) < len(shift.orders)
    g = grade_shift(shift)
    assert {r.order_id for r in g.orders} == arrived
    assert g.not_arrived == len(shift.orders) - len(arrived)
    assert "not arrived yet (not graded)" in shift_markdown(g)
    shift.wait(SHIFT_HOURS)
    full = grade_shift(shift)
    assert len(full.orders) == len(shift.orders) and full.not_arrived == 0
    assert "not arrived" not in shift_markdown(full)


def test_finishing_before_the_end_asks_first_and_says_what_is_not_graded(shift):
    words = finish_warning(shift)
    left = len(shift.orders) - len(shift.arrived())
    assert words is not None and "18:00" in words and f"{left} orders have not arrived yet" in words
    shift.wait(SHIFT_HOURS)
    assert "not done anything on this shift" in finish_warning(shift)
    shift.confirm_shipment(next(p.order_id for p in shift.plan if p.kind == "routine"))
    assert finish_warning(shift) is None  # the shift is over and worked: Finish just finishes


def test_new_orders_are_listed_newest_first(shift):
    shift.wait(6)
    dates = [o.purchase_date for o in shift.search()]
    assert len(dates) > 10 and dates == sorted(dates, reverse=True)


def test_the_inbox_lists_no_message_of_an_order_not_yet_arrived(shift):
    later = [p for p in shift.plan if p.kind == "message" and p.arrival > 0]
    assert later  # seed 3 has a buyer who writes with an order arriving later
    p = later[0]
    assert p.order_id not in {o.order_id for o, _m in shift.inbox()}
    early = shift.order(p.order_id).messages[0]
    early.hour, kept = -2.0, early.hour  # even a message dated before the shift waits for its order
    assert p.order_id not in {o.order_id for o, _m in shift.inbox()}
    early.hour = kept
    shift.wait(p.arrival)
    mine = [m for o, m in shift.inbox() if o.order_id == p.order_id]
    assert mine and all(m.hour >= p.arrival for m in mine)  # written with the order, not before it
