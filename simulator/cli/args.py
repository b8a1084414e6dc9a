"""Argument types the subcommands share: a bad value is a one-line usage error, never a traceback."""

from __future__ import annotations

import argparse
from collections.abc import Callable


def whole(low: int) -> Callable[[str], int]:
    """An argparse ``type``: a whole number of at least ``low``."""

    def parse(text: str) -> int:
        try:
            v = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
        if v < low:
            raise argparse.ArgumentTypeError(f"must be {low} or more, got {v}")
        return v

    return parse
