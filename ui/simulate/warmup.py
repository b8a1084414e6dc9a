"""The server's warm-up: the gallery's default runs computed once, before visitors ask.

A fresh server's first gallery Runs took 1-4 s of its time in a class of twenty
(benchmarks/loadtest, py-spy over the server): importing pandas, altair and jsonschema,
building each result's charts with altair's schema validation, and simulating, while the
class signed in.  All of that is user-independent and lands in the shared caches, so the
first session's script starts it in a background thread and later visitors find it there.

Bounded by the catalog: at most ``MAX_SCENARIOS`` scenario files, each at the gallery's
default link (its own policy, seed 0, DEFAULT_RUNS runs).  ``CANCEL_DESK_WARMUP=0`` turns it
off (the test process does, so that page tests count only their own cache misses).
"""

from __future__ import annotations

import os
import threading

ENV = "CANCEL_DESK_WARMUP"
MAX_SCENARIOS = 16
_LOCK = threading.Lock()
_thread: threading.Thread | None = None


def enabled() -> bool:
    return os.environ.get(ENV, "1") != "0"


def start() -> threading.Thread | None:
    """Start the warm-up once per process (every later call returns the same thread)."""
    global _thread
    if not enabled():
        return None
    with _LOCK:
        if _thread is None:
            _thread = threading.Thread(target=warm, name="cancel-desk-warmup", daemon=True)
            _thread.start()
        return _thread


def warm() -> list[str]:
    """Each scenario's card, default run and its charts into the caches; the stems warmed."""
    # app.py imports this module on every session's first run, and what a run needs
    # (pandas, altair) takes a second to load: deferred to the warm-up's own thread.
    from ui.simulate import gallery_cards

    return gallery_cards.warm(MAX_SCENARIOS)
