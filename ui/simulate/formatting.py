"""How the simulate pages write numbers: percentages, counts (means over runs), money.

Pure text helpers, shared by the gallery, the lab and the replay page.
"""

from __future__ import annotations


def pct(x: float | None, digits: int = 1) -> str:
    return "n/a" if x is None else f"{x:.{digits}%}"


def count(x: float | None, runs: int = 1) -> str:
    """A count, or a mean of counts over runs: whole numbers from 100 up, one decimal below.

    Pages say "mean per run" next to such figures; a decimal on 26,959 orders adds noise.
    """
    if x is None:
        return "n/a"
    x = float(x)
    if runs <= 1 or x.is_integer() or abs(x) >= 100:
        return f"{x:,.0f}"
    return f"{x:,.1f}" if abs(x) >= 1 else f"{x:.2f}"


def money(x: float | None, currency: str | None = None) -> str:
    if x is None:
        return "n/a"
    return f"{currency + ' ' if currency else ''}{x:,.2f}"
