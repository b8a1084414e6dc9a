"""The rulebook's words for the faces: how a marketplace looks, how the desk shows a situation.

These are not rules the engine decides with, but they belong to one marketplace or one
situation, so they live beside the rules: a new marketplace or situation is one rulebook
edit, and no code names it (docs/rulebook-format.md, "Vocabulary").
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from formats.fields import Ident, Strict

IntSpan = tuple[int, int]


class Money(Strict):
    """How the marketplace writes an amount: ``$1,234.50``, ``1.234,50 €``, ``￥1,235``."""

    symbol: str = Field(min_length=1, max_length=4)
    symbol_after: bool = Field(False, description="True: the symbol follows the amount (12,50 €).")
    decimals: int = Field(2, ge=0, le=3)
    thousands: Literal[",", ".", " ", "'", ""] = ","
    decimal_point: Literal[".", ","] = "."

    def format(self, amount: float) -> str:
        text = f"{abs(amount):,.{self.decimals}f}".replace(",", "\x00").replace(".", self.decimal_point)
        text = text.replace("\x00", self.thousands)
        sign = "-" if amount < 0 else ""
        if self.symbol_after:
            return f"{sign}{text} {self.symbol}"
        gap = " " if self.symbol[-1].isalpha() else ""  # a code, not a sign: "CHF 12.50"
        return f"{sign}{self.symbol}{gap}{text}"


class Storefront(Strict):
    """What a marketplace's orders look like: where they are sold, who buys, in what money."""

    sales_channel: str = Field(min_length=3, description="Manage Orders' Sales channel, e.g. Amazon.co.uk.")
    faker_locale: str = Field(
        pattern=r"^[a-z]{2}(_[A-Z]{2})?$", description="The Faker locale of its buyers' names and addresses."
    )
    money: Money


class SituationDesk(Strict):
    """How the training desk and the simulator's order view show a situation."""

    clue: str = Field(
        "",
        max_length=500,
        description="What the seller finds on opening the order; {request} is the buyer's special request.",
    )
    why: str = Field(
        "",
        max_length=500,
        description="Why the order is cancelled, as the seller's message words it (after 'Unfortunately').",
    )
    buyer_message: Literal["none", "cancel", "extra"] = Field(
        "none", description="The buyer's first message: none, asking to cancel, or asking for the extra."
    )
    items: int | IntSpan = Field(1, description="Item lines the order needs, or a range [low, high].")
    missing_line: bool = Field(
        False, description="True: the order's last item line cannot ship; Confirm shipment confirms the rest."
    )
    payment_hours: float | None = Field(
        None, ge=0, le=240, description="Pending: hours until payment clears."
    )
    special_request: Literal["gift_wrap", "customisation", "invoice"] | None = Field(
        None, description="The extra the buyer asked for, when the situation needs one."
    )
    practice: int | None = Field(
        None, ge=1, le=99, description="Free practice hides it among the everyday orders, in this turn."
    )

    @field_validator("items")
    @classmethod
    def _items(cls, v: int | IntSpan) -> int | IntSpan:
        for x in v if isinstance(v, tuple) else (v,):
            if not 1 <= x <= 20:
                raise ValueError(f"items: {x} is outside 1..20")
        return v


class DeskMix(Strict):
    """One kind of everyday order around an exercise on the desk: its status, channel and weight."""

    status: Ident
    channel: Literal["MFN", "AFN"] = "MFN"
    weight: int = Field(ge=1, le=100)


class Calibration(Strict):
    """Where a calibrated scenario puts a report's counted cancellations (python -m simulator calibrate)."""

    counted_situation: Ident = Field(description="The situation a report's counted cancellations become.")


Starter = Literal["seller", "buyer"]
ScenarioRate = Literal["buyer.changed_mind_rate"]
