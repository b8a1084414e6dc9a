"""ORDER_CHANGE notifications POSTed to the client's webhook (``--notify URL``) from a thread.

The thread also keeps the world's clock playing, so notifications arrive while nobody polls.
A webhook that fails is counted, never retried (Amazon's SQS would keep it; the sandbox says so).
"""

from __future__ import annotations

import threading

import httpx

from sandbox import wire
from sandbox.world import Sandbox


class Notifier:
    def __init__(self, world: Sandbox, url: str, every: float = 0.2) -> None:
        self.world, self.url, self.every = world, url, every
        self.sent = 0
        self.failed = 0
        self._next = 0  # the world's log entries already looked at
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sandbox-notify", daemon=True)

    def start(self) -> Notifier:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def pending(self) -> list[dict]:
        """The notifications for log entries not yet looked at."""
        w = self.world
        with w.lock:
            w.sync()
            entries = w.log[self._next :]
            self._next = len(w.log)
            out: list[dict] = []
            for e in entries:
                if e["change"]:
                    o = w.orders[e["order_id"]]
                    out.append(wire.notification(w, o, e["change"], o.updated, self._next + len(out)))
            return out

    def _run(self) -> None:
        with httpx.Client(timeout=5) as client:
            while not self._stop.wait(self.every):
                for body in self.pending():
                    try:
                        client.post(self.url, json=body).raise_for_status()
                        self.sent += 1
                    except httpx.HTTPError:
                        self.failed += 1
