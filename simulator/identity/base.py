"""The provider every locale shares: order ids, product titles, SKUs, ASINs, buyer messages.

Written the way Faker's own providers are: a ``BaseProvider`` subclass whose
methods draw only from ``self.generator``, so a seeded instance is repeatable.
A locale (``en_US/``, ``en_GB/``, ``en_IN/``) subclasses :class:`Provider` and
overrides only its data (today: ``order_prefixes``).
"""

from __future__ import annotations

from faker.providers import BaseProvider

# A small catalogue: each product with the attributes and the details that fit it, so a title
# reads like a listing ("Stainless Steel Water Bottle, 24 oz"), never "Linen Chef's Knife, 12 oz".
# Fifteen products: keep the count (see product_title).
_PRODUCTS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("Water Bottle", ("Stainless Steel", "Insulated", "BPA-Free"), ("24 oz", "32 oz", "Black", "2-Pack")),
    ("Cutting Board", ("Bamboo", "Acacia Wood", "Non-Slip"), ("Large", "Set of 3", "With Juice Groove")),
    ("Desk Lamp", ("LED", "Dimmable", "Adjustable"), ("Black", "White", "With USB Port")),
    ("Throw Blanket", ("Fleece", "Knitted", "Linen"), ("50 x 60 in", "Grey", "Natural")),
    ("Phone Stand", ("Aluminium", "Foldable", "Adjustable"), ("Silver", "Black", "For Desk")),
    ("Travel Mug", ("Insulated", "Stainless Steel", "Leak-Proof"), ("16 oz", "20 oz", "Black")),
    ("Notebook Set", ("Dotted", "Lined", "Hardcover"), ("A5", "Pack of 3", "Black")),
    ("Yoga Mat", ("Non-Slip", "Cork", "Extra Thick"), ("6 mm", "Purple", "With Carry Strap")),
    ("Scented Candle", ("Soy Wax", "Hand-Poured", "Lavender"), ("8 oz", "Set of 3", "Gift Box")),
    ("Backpack", ("Waterproof", "Lightweight", "Canvas"), ("25 L", "Black", "Laptop Sleeve")),
    ("Plant Pot", ("Ceramic", "Terracotta", "Self-Watering"), ("6 in", "Set of 2", "White")),
    ("Bluetooth Speaker", ("Portable", "Waterproof", "Rechargeable"), ("Black", "Blue", "With Strap")),
    ("Tea Towel Set", ("Cotton", "Linen", "Waffle-Weave"), ("Set of 4", "Natural", "Striped")),
    ("Picture Frame", ("Oak", "Metal", "Vintage"), ("8 x 10 in", "5 x 7 in", "Set of 2")),
    ("Chef's Knife", ("Stainless Steel", "Japanese Steel", "Forged"), ("8 in", "With Sheath", "Gift Box")),
)


class Provider(BaseProvider):
    # First groups of real order ids for the marketplace; each locale sets its own.
    order_prefixes: tuple[str, ...] = ("111", "112", "113", "114")

    def amazon_order_id(self) -> str:
        """An id in Amazon's 3-7-7 form, e.g. ``112-1234567-1234567``."""
        head = self.random_element(self.order_prefixes)
        return f"{head}-{self.numerify('#######')}-{self.numerify('#######')}"

    def product_title(self) -> str:
        """A plausible listing title: a product from the catalogue, with an attribute and a detail
        of its own.  The three draws take as much randomness as the old titles' did (choices of 14,
        15 and 8), so every seed still draws the same buyers and order ids after its titles."""
        a = self.random_element(range(14))
        noun, attributes, details = self.random_element(_PRODUCTS)
        d = self.random_element(range(8))
        return f"{attributes[a % len(attributes)]} {noun}, {details[d % len(details)]}"

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
