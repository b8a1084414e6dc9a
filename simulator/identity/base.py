"""The provider every locale shares: order ids, product titles, SKUs, ASINs, buyer messages.

Written the way Faker's own providers are: a ``BaseProvider`` subclass whose
methods draw only from ``self.generator``, so a seeded instance is repeatable.
A locale (``en_US/``, ``en_GB/``, ``en_IN/``) subclasses :class:`Provider` and
overrides only its data (today: ``order_prefixes``).
"""

from __future__ import annotations

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


class Provider(BaseProvider):
    # First groups of real order ids for the marketplace; each locale sets its own.
    order_prefixes: tuple[str, ...] = ("111", "112", "113", "114")

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
