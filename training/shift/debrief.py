"""Grade a shift: every order on its own, then the shift as a whole.

Incidents and buyer messages are graded like exercises (``training.grader.grade``: the
answer key is the rulebook's graded handlings); a routine order scores for being shipped
by its ship-by; an order Amazon auto-cancelled scores nothing; an order that had not arrived
when the shift was finished is not graded at all.  The shift's figures are the
Cancellation Rate the account ended on and the one the best handling of every order would
have left.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rules import counts_toward_rate
from training.answer_key import expected
from training.grader import TRAP_WORDS, grade
from training.seller_metrics import snapshot
from training.shift.desk import ShiftDesk
from training.wording import hours_words, plural

CANCELLING = ("seller_cancel", "ask_buyer", "cancel_items")  # procedures whose best path cancels
SHIFT_TRAPS = {
    "auto_cancelled": "Left an order until Amazon cancelled it automatically (it counts)",
    "cancelled_routine": "Cancelled an order that only needed shipping",
}


@dataclass(frozen=True)
class OrderGrade:
    order_id: str
    kind: str  # routine | overdue | incident | message
    label: str
    score: float
    passed: bool
    what: str  # what the trainee did, in words
    best: str  # what the best handling was
    traps: list[str] = field(default_factory=list)
    memo: str = ""


@dataclass(frozen=True)
class ShiftGrade:
    score: float
    passed: bool
    orders: list[OrderGrade]
    traps: list[tuple[str, str]]  # (order id, trap id)
    rate_end: float | None
    rate_best: float | None
    rate_start: float | None
    counted: int
    counted_best: int
    late: int
    expected_feedback: float
    pass_score: float = 0.8
    not_arrived: int = 0  # orders still to come when the shift was finished early: not graded


def _routine(d: ShiftDesk, p) -> OrderGrade:
    o = d.order(p.order_id)
    label = "Overdue order (auto-cancel near)" if p.kind == "overdue" else "Routine order"
    best = "Confirm shipment before the ship-by" + (
        " and before Amazon's auto-cancel" if p.kind == "overdue" else ""
    )
    shipped = d.shipped_at.get(p.order_id)
    if o.auto_cancelled:
        return OrderGrade(p.order_id, p.kind, label, 0.0, False, "Amazon cancelled it automatically", best,
                          ["auto_cancelled"])  # fmt: skip
    if o.cancel_reason:
        what = "Cancelled an order that only needed shipping"
        return OrderGrade(p.order_id, p.kind, label, 0.0, False, what, best, ["cancelled_routine"], o.memo)
    if shipped is None:
        return OrderGrade(p.order_id, p.kind, label, 0.0, False, "Not shipped by the end of the shift", best)
    if p.kind == "overdue" or shipped <= p.ship_by:
        return OrderGrade(p.order_id, p.kind, label, 1.0, True, "Shipped in time", best)
    return OrderGrade(
        p.order_id, p.kind, label, 0.5, False, f"Shipped {hours_words(shipped - p.ship_by)} late", best
    )


def _incident(d: ShiftDesk, p, steps: list[dict]) -> OrderGrade:
    g = grade(d.rb, p.exercise, steps, p.order_id)
    o = d.order(p.order_id)
    what = g.followed_label or "Nothing the rulebook lists for it"
    if o.auto_cancelled:
        return OrderGrade(p.order_id, p.kind, g.title, 0.0, False, "Amazon cancelled it automatically",
                          g.procedure_label, ["auto_cancelled"])  # fmt: skip
    traps = list(g.traps_hit)
    return OrderGrade(p.order_id, p.kind, g.title, g.score, g.passed, what, g.procedure_label, traps, o.memo)


def _arrived(d: ShiftDesk) -> list:
    """The plan's orders in the list by now: a shift finished early grades only these."""
    return [p for p in d.plan if p.arrival <= d.clock]


def _best_counted(d: ShiftDesk) -> list[int]:
    days = []
    for p in _arrived(d):
        if p.exercise is None:
            continue
        h = expected(d.rb, p.exercise)
        if h.reason is None or h.procedure not in CANCELLING:
            continue
        requested = (
            bool(h.official_request) or h.procedure == "ask_buyer" or p.exercise.order.official_request
        )
        if counts_toward_rate(d.rb, h.reason, buyer_requested=requested).ok:
            days.append(d.base_day)
    return days


def grade_shift(d: ShiftDesk) -> ShiftGrade:
    steps = [s.to_dict() for s in d.steps]
    plan = _arrived(d)
    rows = [_incident(d, p, steps) if p.exercise else _routine(d, p) for p in plan]
    score = sum(r.score for r in rows) / len(rows) if rows else 0.0
    traps = [(r.order_id, t) for r in rows for t in r.traps]
    end = d.account()
    best_days = _best_counted(d)
    best = snapshot(d.rb, d.background, day=d.day, desk_counted_days=best_days, expected_feedback=0.0)
    late = sum(1 for p in plan if p.order_id in d.shipped_at and d.shipped_at[p.order_id] > p.ship_by
               and p.kind != "overdue")  # fmt: skip
    return ShiftGrade(
        round(score, 4),
        score >= 0.8 and not traps,
        rows,
        traps,
        end["rate"],
        best["rate"],
        end["background_rate"],
        end["desk_counted"],
        len(best_days),
        late,
        end["expected_feedback"],
        not_arrived=len(d.plan) - len(plan),
    )


def trap_words(trap: str) -> str:
    return SHIFT_TRAPS.get(trap) or TRAP_WORDS.get(trap, trap)


def not_arrived_words(g: ShiftGrade) -> str:
    """``; 6 orders had not arrived yet (not graded)`` after a shift finished early, else ""."""
    if not g.not_arrived:
        return ""
    return f"; {plural(g.not_arrived, 'order')} had not arrived yet (not graded)"


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.2%}"


def shift_markdown(g: ShiftGrade, trainee: str = "") -> str:
    """The shift's debrief as markdown (download, CLI)."""
    lines = [f"# Shift debrief{': ' + trainee if trainee else ''}", ""]
    lines.append(
        f"**Score {g.score:.0%}** ({'passed' if g.passed else 'not passed'}; "
        f"pass mark {g.pass_score:.0%}, and no trap)"
    )
    lines.append("")
    lines.append(f"- Orders: {len(g.orders)}; late shipments: {g.late}{not_arrived_words(g)}")
    lines.append(
        f"- Cancellation Rate: ended on {_pct(g.rate_end)} with {plural(g.counted, 'counted cancellation')}; "
        f"the best handling would have ended on {_pct(g.rate_best)} "
        f"({plural(g.counted_best, 'counted cancellation')})"
    )
    lines.append(f"- Expected negative feedback from your handling: {g.expected_feedback:.2f}")
    if g.traps:
        lines.append("- Traps hit: " + "; ".join(f"{oid}: {trap_words(t)}" for oid, t in g.traps))
    else:
        lines.append("- Traps hit: none")
    lines += ["", "| order | what it was | score | what you did | best handling |", "|---|---|---|---|---|"]
    for r in g.orders:
        memo = f" (memo: {r.memo})" if r.memo else ""
        lines.append(f"| {r.order_id} | {r.label} | {r.score:.0%} | {r.what}{memo} | {r.best} |")
    return "\n".join(lines) + "\n"
