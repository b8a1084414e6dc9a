"""Shared pydantic building blocks for every YAML format in the project."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError

from formats.suggestions import fraction_hint


def _rate(value: float) -> float:
    if not 0.0 <= value <= 1.0:
        hint = fraction_hint(value, "rates are fractions: 2.5% is written 0.025")
        raise PydanticCustomError("rate_range", "must be between 0 and 1", {"hint": hint})
    return value


Rate = Annotated[float, AfterValidator(_rate), Field(description="A fraction between 0 and 1.")]
Ident = Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*$", max_length=64)]


class Strict(BaseModel):
    """Base for every YAML model: unknown keys are errors, values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Sourced(Strict):
    """A fact with a short note saying where it comes from."""

    source: str = Field(
        min_length=3,
        description=(
            "Where this fact comes from (a Seller Central help page id, the cancel dialog, "
            "an SP-API model, or seller guidance marked as not an Amazon page)."
        ),
    )


def duplicates(ids: list[str]) -> list[int]:
    """Indexes of items whose id was already seen."""
    seen: set[str] = set()
    out = []
    for i, x in enumerate(ids):
        if x in seen:
            out.append(i)
        seen.add(x)
    return out
