"""The identity provider: Faker-style locale data, seeded per instance."""

import re

import pytest

from simulator.identity import en_GB, en_IN, en_US
from simulator.identity.base import Provider
from simulator.identity.provider import PROVIDERS, seeded_faker

ORDER_ID = re.compile(r"^\d{3}-\d{7}-\d{7}$")


@pytest.mark.parametrize("locale", sorted(PROVIDERS))
def test_each_locale_uses_its_own_order_prefixes(locale):
    fake = seeded_faker(1, locale)
    ids = {fake.amazon_order_id() for _ in range(200)}
    assert all(ORDER_ID.match(i) for i in ids)
    assert {i[:3] for i in ids} <= set(PROVIDERS[locale].order_prefixes)


def test_locales_are_subclasses_that_only_change_data():
    for mod in (en_US, en_GB, en_IN):
        assert issubclass(mod.Provider, Provider)
        assert set(vars(mod.Provider)) - {"__module__", "__doc__", "__qualname__", "__firstlineno__"} == {
            "order_prefixes"
        }
    assert en_GB.Provider.order_prefixes != en_US.Provider.order_prefixes


def test_same_seed_same_identities_and_instances_do_not_share_state():
    a, b = seeded_faker(7), seeded_faker(7)
    first = [a.amazon_order_id(), a.product_title(), a.name()]
    seeded_faker(99).name()  # another user's instance must not move ours
    assert first == [b.amazon_order_id(), b.product_title(), b.name()]
    assert seeded_faker(8).amazon_order_id() != first[0]


def test_unknown_locale_falls_back_to_us_order_ids():
    fake = seeded_faker(3, "de_DE")
    assert fake.amazon_order_id()[:3] in en_US.Provider.order_prefixes


# What a listing never is: cloth knives, wireless boards, blankets sold by the ounce (issue 22).
MISFITS = [
    ("Linen", "Knife"),
    ("oz", "Knife"),
    ("Wireless", "Cutting Board"),
    ("oz", "Blanket"),
    ("Rechargeable", "Candle"),
    ("Bamboo", "Speaker"),
    ("oz", "Frame"),
    ("oz", "Backpack"),
    ("Linen", "Lamp"),
]


def test_product_titles_are_plausible_listings():
    fake = seeded_faker(11)
    titles = [fake.product_title() for _ in range(3000)]
    bad = [t for t in titles for a, b in MISFITS if a in t and b in t]
    assert not bad, bad[:5]
    assert len(set(titles)) > 60  # a catalogue, not a handful of titles
    assert all(re.fullmatch(r"[A-Z][\w' -]+, [\w' -]+", t) for t in titles)
