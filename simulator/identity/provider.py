"""A small Faker provider for what people read: order ids, products, messages.

Written the way Faker's own providers are: a ``BaseProvider`` subclass whose
methods draw only from ``self.generator`` so a seeded instance is repeatable.
"""

from __future__ import annotations

from faker import Faker
from faker.providers import BaseProvider

_ADJECTIVES = (
    "Stainless",
    "Bamboo",
    "Wireless",
    "Organic",
    "Compact",
    "Handmade",
    "Insulated",
    "Foldable",
    "Ceramic",
    "Vintage",
    "Waterproof",
    "Ergonomic",
    "Rechargeable",
    "Linen",
)
_NOUNS = (
    "Water Bottle",
    "Cutting Board",
    "Desk Lamp",
    "Throw Blanket",
    "Phone Stand",
    "Travel Mug",
    "Notebook Set",
    "Yoga Mat",
    "Candle",
    "Backpack",
    "Plant Pot",
    "Bluetooth Speaker",
    "Tea Towel Set",
    "Picture Frame",
    "Chef's Knife",
)
_DETAILS = ("2-Pack", "Large", "Gift Box", "Black", "Natural", "12 oz", "Set of 4", "Personalised")


# First groups seen on real order ids, by marketplace (US 11x, UK 20x/026, India 171/40x).
ORDER_PREFIXES = {
    "en_US": ("111", "112", "113", "114"),
    "en_GB": ("202", "203", "204", "205", "206", "026"),
    "en_IN": ("171", "402", "403", "404", "405", "406", "407", "408"),
}


class CancelDeskProvider(BaseProvider):
    order_prefixes: tuple[str, ...] = ORDER_PREFIXES["en_US"]

    def amazon_order_id(self) -> str:
        """An id in Amazon's 3-7-7 form, e.g. ``112-1234567-1234567``."""
        head = self.random_element(self.order_prefixes)
        return f"{head}-{self.numerify('#######')}-{self.numerify('#######')}"

    def product_title(self) -> str:
        adj = self.random_element(_ADJECTIVES)
        noun = self.random_element(_NOUNS)
        detail = self.random_element(_DETAILS)
        return f"{adj} {noun}, {detail}"

    def sku(self) -> str:
        return self.bothify("??-####-??").upper()

    def asin(self) -> str:
        return "B0" + self.bothify("????????", letters="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789").upper()

    def buyer_cancel_message(self, name: str) -> str:
        opener = self.random_element(("Hi", "Hello", "Good morning", "Hey"))
        ask = self.random_element(
            (
                "I ordered this by mistake, can you cancel it?",
                "I found it cheaper somewhere else, please cancel my order.",
                "I no longer need this, could you cancel the order?",
                "Can I still cancel? I ordered the wrong size.",
            )
        )
        return f"{opener}! {ask} Thanks, {name.split()[0]}"


def seeded_faker(seed: int, locale: str = "en_US") -> Faker:
    """One Faker instance per run, seeded on the instance (never ``Faker.seed``)."""
    fake = Faker(locale)
    prefixes = ORDER_PREFIXES.get(locale, ORDER_PREFIXES["en_US"])
    provider = type("LocalCancelDeskProvider", (CancelDeskProvider,), {"order_prefixes": prefixes})
    fake.add_provider(provider)
    fake.seed_instance(seed)
    return fake
