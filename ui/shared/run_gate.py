"""How many heavy simulations run at once, server-wide: the rest wait in line, knowing their place.

A heavy run (``simulator.runs.budget.is_heavy``) may take seconds of CPU and hundreds of MB;
the budget caps one run, this caps how many run together (issue 23 item 2).  A
:class:`RunGate` is a bounded semaphore whose waiters queue first come, first served and are
told their place ("waiting: 2nd in line"); a visitor holds at most one place, running or
waiting, and a second is refused in words (:class:`GateRefusal`).  No Streamlit here: the
pages pass a callback that draws the place and may raise to leave the line (a rerun, a
closed tab).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import threading
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager

# Two cores serve this app: one heavy run at a time leaves the other to every other visitor.
HEAVY_AT_ONCE = int(os.environ.get("CANCEL_DESK_HEAVY_RUNS", "1"))
MAX_WAITING = 8  # each waiter holds a session's script thread; past this the line is closed
POLL_S = 0.5  # how often a waiter redraws its place (and notices it should leave)


class GateRefusal(Exception):
    """A run not started, and why, in words a visitor reads."""


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


class RunGate:
    def __init__(self, limit: int = HEAVY_AT_ONCE, max_waiting: int = MAX_WAITING) -> None:
        self.limit, self.max_waiting = max(1, limit), max_waiting
        self._cond = threading.Condition()
        self._line: deque[object] = deque()
        self._running = 0
        self._visitors: set[str] = set()
        self.waited = 0  # runs that had to wait, since the server started (the load test reports it)

    def place(self, ticket: object) -> int:
        """1 for the head of the line."""
        return self._line.index(ticket) + 1

    @property
    def running(self) -> int:
        return self._running

    @property
    def waiting(self) -> int:
        return len(self._line)

    @contextmanager
    def slot(self, visitor: str, on_wait: Callable[[int], None] | None = None) -> Iterator[None]:
        """Hold one of the gate's places while the block runs; wait in line for it first.

        ``on_wait(place)`` is called while waiting (every ``POLL_S``); whatever it raises
        takes the waiter out of the line and propagates.
        """
        ticket = object()
        with self._cond:
            if visitor in self._visitors:
                raise GateRefusal(
                    "You already have a large simulation running or waiting (perhaps in another tab). "
                    "One at a time: when it is done, press Run here again."
                )
            if self._line and len(self._line) >= self.max_waiting:
                raise GateRefusal(
                    f"The server is busy: its line of large simulations is full ({len(self._line)} waiting). "
                    "Try again in a few minutes, or lower the runs, days or orders a day."
                )
            self._visitors.add(visitor)
            self._line.append(ticket)
        try:
            self._wait_turn(ticket, on_wait)
        except BaseException:
            with self._cond:
                self._visitors.discard(visitor)
                if ticket in self._line:
                    self._line.remove(ticket)
                self._cond.notify_all()
            raise
        try:
            yield
        finally:
            with self._cond:
                self._running -= 1
                self._visitors.discard(visitor)
                self._cond.notify_all()
            give_back_memory()

    def _admit(self, ticket: object) -> bool:
        """Under the lock: take the ticket from the head of the line into a running place."""
        if self._line[0] is ticket and self._running < self.limit:
            self._line.popleft()
            self._running += 1
            self._cond.notify_all()
            return True
        return False

    def _wait_turn(self, ticket: object, on_wait: Callable[[int], None] | None) -> None:
        waited = False
        while True:
            with self._cond:
                admitted = self._admit(ticket)
                if not admitted and waited:
                    self._cond.wait(POLL_S)  # woken when a place frees, or to redraw the place
                    admitted = self._admit(ticket)
                if admitted:
                    self.waited += waited
                    return
                place = self.place(ticket)
            waited = True
            if on_wait is not None:
                on_wait(place)  # outside the lock: it draws, and may raise to leave the line


def _libc_trim():
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc: nothing to trim
        return None


_TRIM = _libc_trim()


def give_back_memory() -> None:
    """Return the memory a heavy run freed to the system.

    glibc keeps freed blocks in the arena of the thread that used them, and each session's
    script runs in its own thread: five large runs one after the other held five runs' worth
    (208 -> 1,000 MiB in tests/e2e/test_run_bounds.py) although only one ran at a time.
    """
    if _TRIM is not None:
        _TRIM(0)


GATE = RunGate()  # the server's one gate
