"""A text progress bar for stderr that stays silent for work under a second."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class StderrProgress:
    """Callable ``(fraction, message)``; draws only once ``after`` seconds have passed."""

    def __init__(self, after: float = 1.0, stream: TextIO | None = None, width: int = 30) -> None:
        self.after = after
        self.stream = stream or sys.stderr
        self.width = width
        self.start = time.monotonic()
        self.drawn = False

    def __call__(self, fraction: float, message: str = "") -> None:
        if time.monotonic() - self.start < self.after:
            return
        fraction = min(max(fraction, 0.0), 1.0)
        full = round(fraction * self.width)
        bar = "#" * full + "-" * (self.width - full)
        self.stream.write(f"\r[{bar}] {fraction:4.0%} {message}".ljust(self.width + 40))
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()
