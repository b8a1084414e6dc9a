"""What happened to the seller's account: the rolling Cancellation Rate over each of the rulebook's
windows (the simulator's ``rolling_rate``, judged by ``rules.engine.rate_breach``), every cancellation
with the engine's answer to "does it count?", the late shipments, the auto-cancels, and the grade of
each of the client's cancels against the rulebook's handlings for its order's situation.
"""

from __future__ import annotations

import numpy as np

from rules import engine
from sandbox.world import Cancellation, Sandbox
from simulator.engine.metrics import rolling_rate, rolling_sum


def _day(world: Sandbox, when) -> int:
    return (when.date() - world.clock.start.date()).days


def daily_counts(world: Sandbox) -> tuple[np.ndarray, np.ndarray]:
    """Seller-fulfilled orders and counted cancellations per day of purchase, up to today."""
    today = _day(world, world.now)
    orders = np.zeros(today + 1, dtype=np.int64)
    counted = np.zeros(today + 1, dtype=np.int64)
    for o in world.visible():
        if o.channel == "MFN":
            orders[_day(world, o.purchase)] += 1
    for oid in {c.order_id for c in world.cancels if c.counted}:
        counted[_day(world, world.orders[oid].purchase)] += 1
    return orders, counted


def rate_block(world: Sandbox) -> dict:
    rb = world.rb
    m = rb.metrics.cancellation_rate
    orders, counted = daily_counts(world)
    windows = []
    for w in m.windows_days:
        r = rolling_rate(counted, orders, w)[-1]
        rate = None if np.isnan(r) else float(r)
        breach = engine.rate_breach(rb, "cancellation_rate", rate, w)
        windows.append(
            {
                "window_days": w,
                "rate": rate,
                "seller_fulfilled_orders": int(rolling_sum(orders, w)[-1]),
                "counted_cancellations": int(rolling_sum(counted, w)[-1]),
                "breach": breach.ok,
                "verdict": breach.category,
                "why": breach.reason,
            }
        )
    return {"label": m.label, "limit": m.limit, "windows": windows}


def cancellation_row(world: Sandbox, c: Cancellation) -> dict:
    o = world.orders[c.order_id]
    reason = world.rb.reason(c.reason or "")
    return {
        "order_id": c.order_id,
        "at": c.at.isoformat(),
        "by": c.by,
        "reason": c.reason,
        "reason_label": reason.label if reason is not None else None,
        "items": list(c.items),
        "buyer_requested": c.buyer_requested,
        "counted": c.counted,
        "category": c.decision.category,
        "rule": c.decision.rule,
        "why": c.decision.reason,
        "situation": o.situation,
        "race": o.race,
        "source": c.source,
        "grade": c.grade,
    }


def late_shipments(world: Sandbox) -> list[dict]:
    return [
        {"order_id": o.order_id, "ship_by": o.ship_by.isoformat(), "shipped_at": o.shipped_at.isoformat()}
        for o in world.visible()
        if o.channel == "MFN" and o.shipped_at is not None and o.shipped_at > o.ship_by
    ]


def account(world: Sandbox) -> dict:
    """The account as ``GET /sandbox/account`` returns it."""
    with world.lock:
        rows = [cancellation_row(world, c) for c in world.cancels]
        mine = [r for r in rows if r["by"] == "seller"]
        return {
            "now": world.now.isoformat(),
            "rulebook": world.rb.id,
            "scenario": world.scenario.name,
            "seed": world.seed,
            "cancellation_rate": rate_block(world),
            "orders": len(world.visible()),
            "counted": [r for r in rows if r["counted"]],
            "excluded": [r for r in rows if not r["counted"]],
            "client_cancels": mine,
            "auto_cancels": [r for r in rows if r["by"] == "amazon"],
            "late_shipments": late_shipments(world),
        }


def order_row(world: Sandbox, oid: str) -> dict:
    """One order as the sandbox's own listing shows it (``GET /sandbox/orders``)."""
    o = world.orders[oid]
    return {
        "order_id": o.order_id,
        "purchase": o.purchase.isoformat(),
        "status": o.status,
        "channel": o.channel,
        "situation": o.situation,
        "race": o.race,
        "buyer_requested": o.requested,
        "items": len(o.items),
        "ship_by": o.ship_by.isoformat(),
        "label_bought": o.label_bought.isoformat() if o.label_bought else None,
        "updated": o.updated.isoformat(),
        "history": o.history,
    }
