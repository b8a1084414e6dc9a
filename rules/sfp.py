"""Seller Fulfilled Prime: a shop in the programme is held to a stricter cancellation target.

Page 202072550 sets it at most 0.5% (US, UK, DE, ES) and at most 1% in Japan.  The rulebook
gives it as ``metrics.sfp_cancellation_rate``; for an SFP shop it takes the Cancellation Rate's
place, so every figure, breach and "Why?" downstream (the simulator, the replay, the desk's
account panel) uses the SFP target with its own source, and nothing else needs to know.
"""

from __future__ import annotations

from pathlib import Path

from formats.errors import ArgumentError
from formats.loader import available_rulebooks, load_rulebook
from formats.rulebook import Rulebook


def offers_sfp(rb: Rulebook) -> bool:
    return rb.metrics.sfp_cancellation_rate is not None


def seller_fulfilled_prime(rb: Rulebook) -> Rulebook:
    """``rb`` for an SFP shop: its Cancellation Rate held to the SFP target."""
    sfp = rb.metrics.sfp_cancellation_rate
    if sfp is None:
        raise KeyError(f"the rulebook {rb.id} gives no Seller Fulfilled Prime target")
    if rb.metrics.cancellation_rate == sfp:
        return rb
    metrics = rb.metrics.model_copy(update={"cancellation_rate": sfp})
    return rb.model_copy(update={"metrics": metrics})


def sfp_rulebook(name_or_path: str | Path) -> Rulebook:
    """A rulebook by name or path, for an SFP shop (``--sfp``); refused in words where it has no target."""
    rb = load_rulebook(name_or_path)
    if not offers_sfp(rb):
        with_sfp = ", ".join(n for n in available_rulebooks() if offers_sfp(load_rulebook(n)))
        raise ArgumentError.single(
            "--sfp", f"rulebook {rb.id} gives no Seller Fulfilled Prime target", f"SFP targets: {with_sfp}"
        )
    return seller_fulfilled_prime(rb)
