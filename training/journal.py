"""The journal of a desk: every action the trainee took, as plain dicts, in order.

Actions are recorded by :func:`journaled` before they run, whatever the engine answers, so
replaying the journal on a desk built from the same recipe (:func:`replay`) repeats every
answer too: the desk is deterministic.  That is how an attempt in progress survives a
reload or a server restart (``classroom.store.live``) and how a trainer reopens it.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from functools import wraps
from typing import Any

# The desk's methods a journal may name: nothing else is ever called by a replay.
ACTIONS = (
    "open_order",
    "cancel",
    "cancel_items",
    "adjust",
    "message_buyer",
    "refund",
    "confirm_shipment",
    "wait",
    "buyer_files_request",
)


def journaled(fn: Callable) -> Callable:
    """Append ``{"do": name, **arguments}`` to ``self.journal`` each time the action runs."""
    sig = inspect.signature(fn)

    @wraps(fn)
    def wrapper(self, *args: Any, **kwargs: Any):
        bound = sig.bind(self, *args, **kwargs)
        bound.apply_defaults()
        entry = {"do": fn.__name__, **{k: v for k, v in bound.arguments.items() if k != "self"}}
        self.journal.append(entry)
        return fn(self, *args, **kwargs)

    return wrapper


def replay(desk: Any, journal: list[dict]) -> None:
    """Do every journalled action again, in order (an unknown action is refused, not called)."""
    for entry in journal:
        args = dict(entry)
        name = args.pop("do", None)
        if name not in ACTIONS:
            raise ValueError(f"a journal names an unknown desk action {name!r}")
        getattr(desk, name)(**args)
