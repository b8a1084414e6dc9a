"""A small thread-safe LRU whose identical concurrent misses compute once (single-flight).

Shared by every browser session of the server: the simulator's results (ui/simulate/runs.py)
and the charts drawn from them (ui/shared/chart_specs.py).  Values are kept encoded (JSON
text by default) and decoded afresh on each hit, so no user can change what another gets.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

Progress = Callable[[float, str], None] | None


class _Flight:
    """One computation in progress: the others asking for the same key wait for it."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.text: Any = None  # the encoded result (JSON text by default), once computed
        self.progress: tuple[float, str] | None = None  # the latest report, relayed to the waiters
        self.waiters = 0


class ResultCache:
    """A small thread-safe LRU of JSON texts; identical concurrent misses compute once.

    Every browser session runs its script in its own thread of one process, so when
    twenty sessions press Run on the same link, the first computes and the other
    nineteen wait for it (their progress bars follow the computing one), instead of
    twenty copies sharing the GIL and each taking twenty times as long.
    """

    WAIT_POLL_S = 0.1  # how often a waiter redraws its progress bar (and may notice its own rerun)

    def __init__(
        self,
        max_entries: int = 128,
        *,
        encode: Callable[[Any], Any] = json.dumps,
        decode: Callable[[Any], Any] = json.loads,
    ) -> None:
        self.max_entries = max_entries
        self._encode, self._decode = encode, decode  # what is kept, and each hit's fresh copy
        self._items: OrderedDict[str, Any] = OrderedDict()
        self._flights: dict[str, _Flight] = {}
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0
        self.joined = 0  # requests that waited for another's computation instead of computing

    def get_or_compute(self, key: str, compute: Callable[[], Any]) -> Any:
        return self.get_or_run(key, lambda _report: compute())

    def get_or_run(self, key: str, run: Callable[[Progress], Any], progress: Progress = None) -> Any:
        """The value for ``key``: cached, or being computed by another request, or ``run(report)``."""
        while True:
            with self._lock:
                text = self._items.get(key)
                if text is not None:
                    self._items.move_to_end(key)
                    self.hits += 1
                    return self._decode(text)
                flight = self._flights.get(key)
                leader = flight is None
                if leader:
                    flight = self._flights[key] = _Flight()
                else:
                    flight.waiters += 1
            if leader:
                return self._lead(key, flight, run, progress)
            shown = None
            while not flight.done.wait(self.WAIT_POLL_S):
                if progress is not None and flight.progress not in (None, shown):
                    shown = flight.progress
                    progress(*shown)
            if flight.text is not None:
                with self._lock:
                    self.joined += 1
                return self._decode(flight.text)
            # the computing request failed: try again (a bad input fails again, with its own message)

    def _lead(self, key: str, flight: _Flight, run: Callable[[Progress], Any], progress: Progress) -> Any:
        interrupted: BaseException | None = None

        def relay(fraction: float, message: str = "") -> None:
            nonlocal interrupted
            flight.progress = (fraction, message)
            if progress is not None and interrupted is None:
                try:
                    progress(fraction, message)
                except BaseException as exc:  # this session reruns or stops: finish for the waiters first
                    interrupted = exc

        try:
            value = run(relay)
            # Keep the core's key order: a comparison's policies are in the order picked
            # (the first is the baseline of the deltas), so sorting keys would mislabel them.
            flight.text = self._encode(value)
            with self._lock:
                self.misses += 1
                self._items[key] = flight.text
                self._items.move_to_end(key)
                while len(self._items) > self.max_entries:
                    self._items.popitem(last=False)
        finally:
            with self._lock:
                self._flights.pop(key, None)
            flight.done.set()
        if interrupted is not None:
            raise interrupted
        return self._decode(flight.text)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.hits = self.misses = self.joined = 0
