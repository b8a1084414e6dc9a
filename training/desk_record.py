"""What a desk action answers (:class:`Result`) and what the desk records of it (:class:`StepRecord`)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from formats.rulebook import Rulebook


@dataclass
class Result:
    ok: bool
    message: str
    rule: str = ""


@dataclass(frozen=True)
class StepRecord:
    """One thing the trainee did (or tried to do), with the engine's verdict."""

    hour: float
    order_id: str
    action: str
    ok: bool
    rule: str
    detail: str
    reason: str | None = None
    purpose: str | None = None
    buyer_requested: bool | None = None
    counted: bool | None = None
    status: str = ""
    memo: str = ""  # the Seller memo of a cancel: shown in the debrief
    tracking: bool | None = None  # a confirmed shipment: given with a tracking ID (Valid Tracking Rate)
    hours: float | None = None  # a plain wait (WAIT): how long

    def to_dict(self) -> dict:
        d = asdict(self)
        if d["hours"] is None:  # only a wait has it: every other step is stored as before
            del d["hours"]
        return d


# A shift's wait: the clock moving for the whole desk, not a rulebook action on one order.
WAIT = "wait"


def tracked_words(rb: Rulebook, o) -> str:
    """What the shipment's tracking says to the Valid Tracking Rate (where the rulebook has one)."""
    vtr = rb.metrics.valid_tracking_rate
    if o.tracking_id:
        return f" Carrier {o.carrier}, tracking ID {o.tracking_id}."
    return f" No tracking ID: it counts against your {vtr.label}." if vtr else " No tracking ID."
