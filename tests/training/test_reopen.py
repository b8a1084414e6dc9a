"""The trainer (and the trainee's debrief) reopens exactly an attempt's instance: its recipe
becomes the desk page's address and back, checked, with a clear message for a bad link."""

from __future__ import annotations

import pytest

from training.reopen import ReopenError, query_of, recipe_of, requested, same_instance
from training.session import build, new_desk
from training.shift import ShiftParams


def _look(desk) -> tuple:
    o = desk.exercise_order
    return o.order_id, o.buyer_name, tuple((i.title, i.quantity) for i in o.items), o.purchase_date


def test_an_exercise_instance_round_trips_through_its_address_to_the_same_order():
    desk = new_desk("price_typo", seed=4711)
    q = query_of(desk.recipe)
    assert q == {"exercise": "price_typo", "seed": "4711"}  # strings: what a URL carries
    assert requested(q) and recipe_of(q) == desk.recipe
    assert _look(build(recipe_of(q))) == _look(desk)
    assert _look(build(recipe_of({**q, "seed": "4712"}))) != _look(desk)


def test_a_shift_instance_keeps_its_marketplace_mix_and_seed():
    p = ShiftParams(orders=16, rulebook="amazon_uk", incidents=0.3, messages=0.1, overdue=2, seed=99)
    recipe = {"kind": "shift", "ref": "shift", "seed": 99, "params": p.to_dict()}
    q = query_of(recipe)
    assert q["shift"] == "amazon_uk" and q["orders"] == "16" and q["seed"] == "99"
    back = recipe_of(q)
    assert back == recipe
    a, b = build(back), build(recipe)
    assert [o.order_id for o in a.orders] == [o.order_id for o in b.orders] and a.rb.id == b.rb.id


def test_extra_recipe_keys_do_not_change_the_instance():
    desk = new_desk("price_typo", seed=5)
    assert same_instance({**desk.recipe, "assignment": 3}, desk.recipe)
    assert not same_instance(desk.recipe, {**desk.recipe, "seed": 6})
    assert not same_instance(None, desk.recipe)


def test_free_practice_and_old_attempts_have_no_reopen_address():
    assert query_of(None) is None and query_of({}) is None
    assert query_of({"kind": "practice", "ref": "", "seed": 3}) is None
    assert not requested({"trainee": "abc"})


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ({"exercise": "price_typ", "seed": "1"}, "No exercise 'price_typ'"),
        ({"exercise": "price_typo", "seed": "x1"}, "`seed` must be a whole number"),
        ({"exercise": "price_typo"}, "`seed` must be a whole number"),
        (
            {"exercise": "price_typo", "seed": "1", "scenario": "../etc"},
            "`scenario` names a training scenario",
        ),
        ({"exercise": "price_typo", "seed": "1", "scenario": "starter_shop"}, "has no `exercises:`"),
        ({"shift": "amazon_zz", "seed": "1", "orders": "20"}, "No marketplace rulebook 'amazon_zz'"),
        ({"shift": "amazon_us", "seed": "1", "orders": "99"}, "15 to 30 orders"),
        (
            {"shift": "amazon_us", "seed": "1", "orders": "20", "incidents": "lots"},
            "`incidents` must be a number",
        ),
    ],
)
def test_a_bad_link_is_a_clear_message(query, says):
    with pytest.raises(ReopenError) as e:
        recipe_of(query)
    assert says in str(e.value)
