"""The hints that follow a mistake: the closest known name, and a percentage written as a fraction.

Every "did you mean ...?" in the project comes from here, so a name typed
wrong gets the same kind of answer in a rulebook, a scenario, a policy, an
exercise or on the command line.
"""

from __future__ import annotations

from collections.abc import Iterable
from difflib import get_close_matches


def closest(value: str, known: Iterable[str], *, substring: bool = False) -> str | None:
    """The known name closest to ``value`` (difflib, cutoff 0.6), or None.

    With ``substring``, a known name that contains ``value`` (or is contained in
    it, case-insensitively) wins first: ``NoInventory`` for ``Inventory``.
    """
    names = list(known)
    if substring:
        low = value.lower()
        inside = [k for k in names if k.lower() in low or low in k.lower()]
        if inside:
            return inside[0]
    close = get_close_matches(value, names, n=1)
    return close[0] if close else None


def did_you_mean(value: str, known: Iterable[str], otherwise: str = "", *, substring: bool = False) -> str:
    """``did you mean 'x'?`` for the closest known name, else ``otherwise``."""
    match = closest(value, known, substring=substring)
    return f"did you mean {match!r}?" if match is not None else otherwise


def fraction_hint(value: float, otherwise: str) -> str:
    """``did you mean 0.025?`` for a rate written as a percentage (1 < value <= 100), else ``otherwise``."""
    return f"did you mean {value / 100:g}?" if 1.0 < value <= 100.0 else otherwise
