"""Names shown to people for the files' ids (the ids stay in URLs, files and JSON)."""

from formats.loader import load_rulebook
from simulator import load_policy
from ui.simulate import catalog as lab_catalog
from ui.simulate.catalog import policy_title


def test_policy_ids_read_as_words():
    assert lab_catalog.policy_title("by_the_book") == "By the book"
    assert lab_catalog.policy_title("ask_buyer_first") == "Ask buyer first"
    assert lab_catalog.policy_title("cancel-first") == "Cancel first"
    assert lab_catalog.policy_title("this policy") == "This policy"
    assert lab_catalog.policy_title("") == "(unnamed)"


def test_a_policy_named_in_words_keeps_its_own_name():
    policy = lab_catalog.policies()["by_the_book"].model_copy(update={"name": "Our Q4 rules"})
    assert lab_catalog.policy_title("by_the_book", policy) == "Our Q4 rules"


def test_titles_stay_unique():
    out = lab_catalog.titles(["cancel_first", "cancel-first", "by_the_book"])
    assert out == {
        "cancel_first": "Cancel first (cancel_first)",
        "cancel-first": "Cancel first (cancel-first)",
        "by_the_book": "By the book",
    }


def test_rulebooks_and_scenarios_show_their_own_names():
    assert lab_catalog.rulebook_title("amazon_us") == "Amazon.com (US)"
    assert lab_catalog.rulebook_title("amazon_in") == "Amazon.in (India)"
    assert lab_catalog.rulebook_title("no_such_book") == "no_such_book"
    uploaded = load_rulebook("amazon_uk")
    assert (
        lab_catalog.rulebook_title("uploaded: mine.yaml", uploaded)
        == "Amazon.co.uk (UK) (uploaded: mine.yaml)"
    )
    scenarios = lab_catalog.scenarios()
    assert lab_catalog.scenario_title("starter_shop", scenarios["starter_shop"]) == "Starter shop"
    assert lab_catalog.scenario_title("broken", None) == "broken"
    shop = scenarios["starter_shop"]
    assert lab_catalog.scenario_title("uploaded: a.yaml", shop) == "Starter shop (uploaded: a.yaml)"
    named = shop.model_copy(update={"name": "From a.txt"})
    assert lab_catalog.scenario_title("uploaded: a.txt", named) == "From a.txt (uploaded)"


def test_a_policy_title_wins_over_its_id():
    assert policy_title("ask_buyer_first", load_policy("ask_buyer_first")) == "Ask the buyer first"
