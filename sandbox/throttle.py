"""Throttling as published: each operation's rate and burst, read from the usage-plan table in Amazon's
model (``| Rate (requests per second) | Burst |``), as a token bucket per operation in real time.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from pathlib import Path

MODELS = Path(__file__).resolve().parent / "models"
MODEL_FILES = ("ordersV0.json", "orders_2026-01-01.json", "feeds_2021-06-30.json")
_PLAN = re.compile(r"\|\s*([0-9.]+)\s*\|\s*([0-9]+)\s*\|")


def published_rates() -> dict[str, tuple[float, int]]:
    """operationId (prefixed by its model's file stem) -> (requests per second, burst)."""
    out: dict[str, tuple[float, int]] = {}
    for name in MODEL_FILES:
        doc = json.loads((MODELS / name).read_text())
        for ops in doc["paths"].values():
            for op in ops.values():
                if not isinstance(op, dict) or "operationId" not in op:
                    continue
                found = _PLAN.search(op.get("description", ""))
                if found:
                    out[f"{Path(name).stem}.{op['operationId']}"] = (float(found[1]), int(found[2]))
    return out


class Throttle:
    """Token buckets: a bucket holds ``burst`` tokens and refills at ``rate`` per second."""

    def __init__(self, enabled: bool = True, clock: Callable[[], float] = time.monotonic) -> None:
        self.enabled = enabled
        self.rates = published_rates()
        self.clock = clock
        self._tokens: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, operation: str) -> tuple[bool, float]:
        """Take a token for ``operation``: (allowed, its published rate)."""
        rate, burst = self.rates[operation]
        if not self.enabled:
            return True, rate
        with self._lock:
            now = self.clock()
            tokens, last = self._tokens.get(operation, (float(burst), now))
            tokens = min(float(burst), tokens + (now - last) * rate)
            ok = tokens >= 1.0
            self._tokens[operation] = (tokens - 1.0 if ok else tokens, now)
            return ok, rate
