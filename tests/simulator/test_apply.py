"""Tiny hand-computed streams: each metric checked exactly against arithmetic done here."""

from __future__ import annotations

import pytest

from tests.simulator.tiny import run, scenario, stream


def rates(res: dict, key: str = "rolling_cancellation_rate") -> list:
    return [d[key] for d in res["daily"]]


def test_seven_day_window_edges():
    # 3 counted cancels on day 1, 100 seller-fulfilled orders a day, nothing else.
    sc = scenario(days=10)
    res = run(sc, stream(10, 100, 100, [(0, "out_of_stock", 0.5, 1.0)] * 3))
    expected = [3 / 100, 3 / 200, 3 / 300, 3 / 400, 3 / 500, 3 / 600, 3 / 700, 0.0, 0.0, 0.0]
    assert rates(res) == [round(x, 6) for x in expected]
    assert res["totals"]["counted_cancellations"] == 3
    # Only day 1 (3.0%) is above 2.5%; day 2 is 1.5%.
    assert res["cancellation_rate"]["days_over_limit"] == 1
    assert res["cancellation_rate"]["breach_probability"] == 1.0
    assert res["cancellation_rate"]["max"] == 0.03


def test_exactly_at_the_limit_is_a_breach():
    # 40 MFN orders a day and one counted cancel a day: 1/40 = 2.5% every day, which is not
    # *under* 2.5% (200285210): every day is over the limit.
    sc = scenario(days=7)
    one_a_day = [(d, "out_of_stock", 0.5, 1.0) for d in range(7)]
    res = run(sc, stream(7, 40, 40, one_a_day))
    assert rates(res) == [0.025] * 7
    assert res["cancellation_rate"]["days_over_limit"] == 7
    assert res["cancellation_rate"]["breach_probability"] == 1.0
    # One cancel fewer on day 7: 6 / 280 = 2.14%, under the limit that day.
    res = run(sc, stream(7, 40, 40, one_a_day[:-1]))
    assert rates(res)[-1] == round(6 / 280, 6)
    assert res["cancellation_rate"]["days_over_limit"] == 6


def test_fba_orders_are_left_out_of_the_rate():
    # 1,000 orders a day but only 100 seller-fulfilled; FBA buyers cancel directly too.
    sc = scenario(days=3, seller_fulfilled_share=0.1)
    res = run(sc, stream(3, 1000, 100, [(0, "out_of_stock", 0.5, 1.0)] * 2, direct_afn=[10, 0, 0]))
    assert rates(res) == [0.02, round(2 / 200, 6), round(2 / 300, 6)]  # not 2 / 1000
    assert res["totals"]["counted_cancellations"] == 2
    assert res["totals"]["buyer_direct_cancellations"] == 10
    assert res["totals"]["orders"] == 3000
    assert res["totals"]["seller_fulfilled_orders"] == 300


def test_buyer_requested_cancellations_are_excluded():
    # ask_buyer_first (a special request: asking is a flagged risk, not a violation, issue 10):
    # buyer 1 files after 3 h (excluded), buyer 2 never files
    # (u_request above 0.6), buyer 3 files after 50 h, too late for the 48 h wait.
    sc = scenario(days=1)
    incidents = [
        (0, "special_request", 0.1, 3.0),
        (0, "special_request", 0.9, 3.0),
        (0, "special_request", 0.1, 50.0),
    ]
    res = run(sc, stream(1, 100, 100, incidents), policy="ask_buyer_first")
    assert res["totals"]["buyer_requested_cancellations"] == 1
    assert res["totals"]["counted_cancellations"] == 2
    assert rates(res) == [0.02]
    # Cancel first: the same three buyers, all three count.
    res = run(sc, stream(1, 100, 100, incidents), policy="cancel_first")
    assert (res["totals"]["counted_cancellations"], res["totals"]["buyer_requested_cancellations"]) == (3, 0)


def test_direct_cancels_while_pending_do_not_count_but_stay_in_the_denominator():
    sc = scenario(days=1)
    res = run(sc, stream(1, 100, 100, [(0, "out_of_stock", 0.5, 1.0)], direct_mfn=5))
    assert res["totals"]["buyer_direct_cancellations"] == 5
    assert res["totals"]["counted_cancellations"] == 1
    assert rates(res) == [0.01]


def test_auto_cancellations_count():
    sc = scenario(days=2)
    res = run(sc, stream(2, 100, 100, unconfirmed=[3, 0]))
    assert res["totals"]["auto_cancellations"] == 3
    assert res["totals"]["counted_cancellations"] == 3
    assert rates(res) == [0.03, 0.015]


def test_waiting_past_the_auto_cancel_deadline_leaves_it_to_amazon(tmp_path):
    # handling 2 days + 7 days = 216 h; a 300 h wait means no fallback cancel by the seller.
    pol = tmp_path / "slow.yaml"
    pol.write_text("name: slow\nhandling:\n  special_request: {action: ask_buyer, wait_hours: 300}\n")
    sc = scenario(days=1)
    res = run(
        sc,
        stream(1, 100, 100, [(0, "special_request", 0.9, 1.0), (0, "special_request", 0.1, 200.0)]),
        str(pol),
    )
    assert res["totals"]["auto_cancellations"] == 1
    assert res["totals"]["buyer_requested_cancellations"] == 1  # filed at 200 h, before 216 h
    assert res["totals"]["counted_cancellations"] == 1
    assert any("deadline" in n for n in res["handling"]["special_request"]["notes"])


def test_order_defect_rate_window_and_limit():
    # 1 negative feedback on day 1 out of 100 orders: exactly 1%, at the limit: a breach, since
    # the page asks for an Order Defect Rate *under* 1% (G200285170).
    sc = scenario(days=3)
    res = run(sc, stream(3, 100, 100, neg_plain_on_time=[1, 0, 0]))
    assert rates(res, "order_defect_rate") == [0.01, 0.005, round(1 / 300, 6)]
    assert res["order_defect_rate"]["breach_probability"] == 1.0
    assert res["totals"]["negative_feedback"] == 1


def test_india_counts_both_windows_and_charges_the_fee():
    sc = scenario(days=10, rulebook="amazon_in", average_order_value=1000.0)
    incidents = [(0, "out_of_stock", 0.5, 1.0)] * 3
    res = run(sc, stream(10, 100, 100, incidents), rulebook="amazon_in")
    seven = rates(res)
    thirty = rates(res, "rolling_cancellation_rate_30d")
    assert seven[7] == 0.0 and thirty[7] == round(3 / 800, 6)  # day 8: out of 7 days, still in 30
    assert res["cancellation_rate"]["windows_days"] == [7, 30]
    assert set(res["cancellation_rate"]["by_window"]) == {"7", "30"}
    # fee = 3 counted seller cancels x 1.0 x 10% referral fee x 1,000 INR
    assert res["totals"]["cancellation_fees"] == pytest.approx(300.0)
    assert res["currency"] == "INR"
