"""The order-level view: consistent with the daily figures, deterministic, Faker only here."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from simulator import load_scenario, order_sample, simulate

_STARTER = load_scenario("starter_shop")
SC = _STARTER.model_copy(update={"volume": _STARTER.volume.model_copy(update={"mean_per_day": 60})})


def all_rows(sc, days, **kw):
    res = simulate(sc, seed=kw.get("seed", 0), days=days, policy=kw.get("policy"))
    total = res.totals.orders
    return res, order_sample(sc, kw.get("policy"), seed=kw.get("seed", 0), n=total + 10, days=days)


@pytest.mark.parametrize("policy", ["cancel_first", "ask_buyer_first", "by_the_book"])
def test_rows_add_up_to_the_daily_figures(policy):
    sc = SC.model_copy(
        update={"situations": [s.model_copy(update={"rate": 0.05}) for s in SC.situations]}
    )  # enough incidents to see every branch
    res, rows = all_rows(sc, 5, seed=3, policy=policy)
    assert len(rows) == res.totals.orders
    by_day = Counter(r["day"] for r in rows)
    for i, d in enumerate(res.daily):
        day_rows = [r for r in rows if r["day"] == i + 1]
        assert by_day[i + 1] == d["orders"]
        assert sum(r["channel"] == "MFN" for r in day_rows) == d["seller_fulfilled_orders"]
        assert sum(r["counted"] for r in day_rows) == d["counted_cancellations"]
        assert sum(r["buyer_requested"] for r in day_rows) == d["buyer_requested_cancellations"]
        assert sum(r["negative_feedback"] for r in day_rows) == d["negative_feedback"]
    assert not any(r["counted"] for r in rows if r["channel"] == "AFN")
    assert all(r["situation"] is None for r in rows if r["channel"] == "AFN")


def test_rows_are_deterministic_and_pages_agree():
    a = order_sample(SC, seed=1, n=40, offset=100)
    b = order_sample(SC, seed=1, n=40, offset=100)
    assert a == b
    page = order_sample(SC, seed=1, n=10, offset=120)
    assert page == a[20:30]
    assert order_sample(SC, seed=2, n=40, offset=100) != a
    assert order_sample(SC, seed=1, run=1, n=40, offset=100) != a


def test_rows_read_like_amazon_orders():
    rows = order_sample(SC, seed=0, n=30)
    for r in rows:
        assert re.fullmatch(r"\d{3}-\d{7}-\d{7}", r["order_id"])
        assert r["buyer_name"] and r["ship_city"] and r["product"]
        assert r["status"] in ("Shipped", "Canceled")
        assert r["reason"]  # the engine's explanation
    dates = [r["purchase_date"] for r in rows]
    assert dates == sorted(dates)
    assert len({r["order_id"] for r in rows}) == len(rows)


def test_special_requests_carry_their_kind_and_reasons_come_from_the_engine():
    sc = type(SC).model_validate(
        {**SC.model_dump(), "situations": [{"situation": "special_request", "rate": 0.3}]}
    )
    rows = order_sample(sc, "cancel_first", seed=0, n=300, days=3)
    special = [r for r in rows if r["situation"] == "special_request"]
    assert special and {r["special_request"] for r in special} <= {"gift_wrap", "customisation", "invoice"}
    assert all("General Adjustment" in r["reason"] and r["counted"] for r in special)


def test_out_of_range_is_empty_and_no_faker_in_simulate(monkeypatch):
    assert order_sample(SC, seed=0, n=10, offset=10**9) == []
    import faker

    def boom(*a, **k):
        raise AssertionError("Faker used in the hot path")

    monkeypatch.setattr(faker.Faker, "__init__", boom)
    assert simulate(SC, seed=0, runs=3, days=5).totals.orders > 0


# -- only_incidents: the orders that ran into a situation ----------------------
INC = SC.model_copy(update={"situations": [s.model_copy(update={"rate": 0.02}) for s in SC.situations]})


def test_only_incidents_is_the_full_listing_filtered():
    full = order_sample(INC, seed=4, n=5000, days=6)
    wanted = [r for r in full if r["situation"] is not None]
    got = order_sample(INC, seed=4, n=5000, days=6, only_incidents=True)
    assert len(wanted) > 20 and len(full) > len(wanted)
    assert got == wanted  # same rows, same identities, same order
    assert {r["situation"] for r in got} >= {"out_of_stock", "special_request"}


def test_only_incidents_pages_and_is_deterministic():
    every = order_sample(INC, "ask_buyer_first", seed=5, n=400, only_incidents=True)
    assert len(every) > 100
    page = order_sample(INC, "ask_buyer_first", seed=5, n=25, offset=60, only_incidents=True)
    assert page == every[60:85]
    assert page == order_sample(INC, "ask_buyer_first", seed=5, n=25, offset=60, only_incidents=True)
    assert page != order_sample(INC, "ask_buyer_first", seed=6, n=25, offset=60, only_incidents=True)
    assert order_sample(INC, seed=5, n=10, offset=10**7, only_incidents=True) == []
    days = [r["day"] for r in every]
    assert days == sorted(days) and [r["order_index"] for r in every] == sorted(
        r["order_index"] for r in every
    )


def test_only_incidents_materialises_only_the_rows_it_returns(monkeypatch):
    from simulator.runs import order_view as orders

    made, laid_out = [], []
    real_row, real_layout = orders._View.row, orders._View.day_layout
    monkeypatch.setattr(orders._View, "row", lambda self, *a: made.append(a[1]) or real_row(self, *a))
    monkeypatch.setattr(
        orders._View,
        "day_layout",
        lambda self, day, inc0: laid_out.append(day) or real_layout(self, day, inc0),
    )
    rows = order_sample(INC, seed=1, n=5, offset=30, only_incidents=True)
    assert len(made) == len(rows) == 5
    assert all(r["situation"] for r in rows)
    assert set(laid_out) == {r["day"] - 1 for r in rows}  # only the days the page touches
