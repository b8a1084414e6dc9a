"""Deadlines of a rulebook: Amazon's auto-cancel and the buyer's own direct cancel."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, PositiveInt

from formats.fields import Ident, Sourced

__all__ = ["AutoCancel", "AutoCancelVariant", "Channel", "DirectCancel", "both_channels"]

# Fulfilment channels: MFN (seller-fulfilled), AFN (FBA).
Channel = Literal["MFN", "AFN"]


def both_channels() -> list[Channel]:
    return ["MFN", "AFN"]


class DirectCancel(Sourced):
    """The buyer's own cancel: counted from placing the order, whatever the status."""

    minutes: int = Field(ge=0, le=1440)
    channels: list[Channel] = Field(default_factory=both_channels, min_length=1)
    assumption: bool = False


class AutoCancelVariant(Sourced):
    """Another deadline, published for some orders or by another page."""

    id: Ident
    label: str
    hours_after_expected_ship_date: int = Field(ge=0, le=24 * 60)
    business_days: bool = False
    used_by_simulator: bool = False


class AutoCancel(Sourced):
    days_after_expected_ship_date: PositiveInt | None = None
    hours_after_expected_ship_date: int | None = Field(
        None, ge=0, le=24 * 60, description="A deadline in hours (India: 24); wins over the days."
    )
    business_days: bool = Field(False, description="True: the days are business days.")
    counts_toward_rate: bool
    effective_from: str = ""
    assumption: bool = False
    variants: list[AutoCancelVariant] = Field(
        default_factory=list, description="Other published deadlines (e.g. the 2020 announcement)."
    )

    @property
    def hours(self) -> int:
        """The deadline the simulator uses, in hours after the expected ship date."""
        if self.hours_after_expected_ship_date is not None:
            return self.hours_after_expected_ship_date
        return int(self.days_after_expected_ship_date or 0) * 24
