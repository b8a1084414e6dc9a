"""Typed results survive the copies Streamlit's cache makes (issue 22's presenter journey crashed)."""

import json
import pickle

from simulator import compare, load_scenario
from simulator.catalog import load_policy
from simulator.record import ABSENT


def test_absent_is_one_value_after_a_pickle():
    assert pickle.loads(pickle.dumps(ABSENT)) is ABSENT


def test_a_comparison_unpickled_writes_the_same_json():
    """st.cache_data pickles every result; a fresh _Absent() in the copy reached json.dumps."""
    scenario = load_scenario("holiday_stockout")
    policies = [load_policy(n).model_copy(update={"name": n}) for n in ("by_the_book", "ask_buyer_first")]
    result = compare(scenario, policies, seed=0, runs=5)
    copy = pickle.loads(pickle.dumps(result))
    assert json.dumps(copy.to_dict()) == json.dumps(result.to_dict())
