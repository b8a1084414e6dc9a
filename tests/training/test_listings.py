"""Offer suppression after consecutive seller cancellations of one listing (training/listings.py)."""

from __future__ import annotations

from dataclasses import replace

from formats.loader import load_rulebook
from training.desk import Desk
from training.desk_view import actions
from training.listings import suppression_warnings


def _two_of_one_listing(desk: Desk):
    """Two waiting seller-fulfilled orders made to sell the same listing."""
    waiting = [o for o in desk.orders if "cancel" in actions(desk, o)][:3]
    first, second, third = waiting
    second.items[0] = replace(second.items[0], asin=first.items[0].asin, title=first.items[0].title)
    third.items[0] = replace(third.items[0], asin=first.items[0].asin, title=first.items[0].title)
    return first, second, third


def test_a_confirmed_rule_warns_on_the_second_consecutive_cancel(desk_scenario, background):
    _sc, _rb, exercises = desk_scenario
    au = load_rulebook("amazon_au")
    desk = Desk.open(au, background, exercises, seed=4)
    first, second, _third = _two_of_one_listing(desk)
    assert desk.cancel(first.order_id, "NoInventory").ok
    assert suppression_warnings(au, desk.orders, desk.steps) == []
    assert desk.cancel(second.order_id, "NoInventory").ok
    (warning,) = suppression_warnings(au, desk.orders, desk.steps)
    assert warning.startswith("2 seller cancellations in a row of") and "200285210" in warning


def test_a_shipment_ends_the_run_and_an_unconfirmed_rule_says_nothing(desk_scenario, background):
    _sc, _rb, exercises = desk_scenario
    au, us = load_rulebook("amazon_au"), load_rulebook("amazon_us")
    desk = Desk.open(au, background, exercises, seed=4)
    first, second, third = _two_of_one_listing(desk)
    assert desk.cancel(first.order_id, "NoInventory").ok
    assert desk.confirm_shipment(third.order_id).ok
    assert desk.cancel(second.order_id, "NoInventory").ok
    assert suppression_warnings(au, desk.orders, desk.steps) == []
    assert not us.listing_suppression.confirmed
    assert suppression_warnings(us, desk.orders, [*desk.steps, *desk.steps]) == []
