"""Seller Central words for the ids the engine and the grader store.

Steps, deductions and decisions keep rulebook ids (stable, exportable); a
trainee reads labels instead: "Contact buyer" for ``message_buyer``,
"Rulebook: reason Buyer Cancelled › what counts toward the rate" for
``reasons.BuyerCanceled.counts_toward_rate``.  Without a rulebook, or for an
id the rulebook does not know, the id is turned into plain words.
"""

from __future__ import annotations

from formats.exercise import Exercise
from formats.rulebook import Rulebook
from training.desk_record import WAIT

SEP = " › "

# The last part of a rule path, when it names a field rather than an entry.
_FIELDS = {
    "counts_toward_rate": "what counts toward the rate",  # the rule, not its verdict: that is the decision's
    "buyer_direct_cancel_minutes": "buyer's direct-cancel window",
    "channels": "who fulfils the order (seller or Amazon)",
    "limit": "limit",
    "scope": "which orders count",
    "procedures": "allowed procedures",
    "compliance_risks": "compliance risks",
    "reason": "reason for cancellation",
    "memo": "Seller memo",
}
_SECTIONS = {
    "reasons": "reasons for cancellation",
    "auto_cancel": "automatic cancellation by Amazon",
    "statuses": "order statuses",
    "actions": "actions",
    "metrics": "account metrics",
    "situations": "situations",
    "procedures": "procedures",
    "feedback": "feedback",
}
# The desk's own checks, not rulebook entries.
_DESK = {"messages": "Desk: Buyer-Seller Messaging"}


def plain(ident: str) -> str:
    """An id in words: ``wait_for_request`` -> "wait for request"."""
    return str(ident).replace("_", " ").replace(".", " ").strip()


def action_label(rb: Rulebook | None, action: str) -> str:
    found = rb.action(action) if rb else None
    return found.label if found else plain(action).capitalize()


def reason_label(rb: Rulebook | None, reason: str | None) -> str:
    if not reason:
        return ""
    found = rb.reason(reason) if rb else None
    return found.label if found else plain(reason)


def status_label(rb: Rulebook | None, status: str | None) -> str:
    if not status:
        return ""
    found = rb.status(status) if rb else None
    return found.label if found else plain(status)


def _field(parts: list[str]) -> str:
    return "".join(SEP + _FIELDS.get(p, plain(p)) for p in parts)


def _quoted(label: str) -> str:
    return f"“{label}”"


def rule_name(rb: Rulebook | None, rule: str, exercises: list[Exercise] | None = None) -> str:
    """The rule a decision or deduction applied, in words a trainee can look up on the Rulebook page."""
    if not rule:
        return ""
    if rule in _DESK:
        return _DESK[rule]
    head, *rest = rule.split(".")
    if head == "exercises" and rest:
        return _exercise_rule(rest, exercises)
    words = _rulebook_words(rb, head, rest) if rb else None
    if words is None:
        words = _SECTIONS.get(head, plain(head)) + "".join(SEP + plain(p) for p in rest)
    return f"Rulebook: {words}"


def _rulebook_words(rb: Rulebook, head: str, rest: list[str]) -> str | None:
    """None when the path is not one the engine or the grader writes."""
    key, more = (rest[0], rest[1:]) if rest else (None, [])
    if head == "statuses" and key and (status := rb.status(key)):
        return f"order statuses{SEP}{status.label}{_field(more)}"
    if head == "actions" and key and (action := rb.action(key)):
        return f"action {action.label}{_field(more)}"
    if head == "reasons" and key and (reason := rb.reason(key)):
        return f"reason {reason.label}{_field(more)}"
    if head == "metrics" and key and getattr(rb.metrics, key, None) is not None:
        return f"{getattr(rb.metrics, key).label}{_field(more)}"
    if head == "situations" and key and (si := rb.situation(key)):
        if len(more) >= 2 and more[0] == "handlings" and (h := si.handling(more[1])):
            return f"situation {_quoted(si.label)}{SEP}handling {_quoted(h.label)}{_field(more[2:])}"
        return f"situation {_quoted(si.label)}{_field(more)}"
    if head == "feedback" and key == "outcomes" and more and (outcome := rb.outcome(more[0])):
        return f"feedback after {_quoted(outcome.label)}{_field(more[1:])}"
    if head == "procedures" and key and (proc := rb.procedure(key)):
        words = f"procedure {_quoted(proc.label)}"
        if len(more) >= 2 and more[0] == "steps":
            step = next((s for s in proc.steps if s.id == more[1]), None)
            words += f"{SEP}step {_quoted(step.label if step else plain(more[1]))}{_field(more[2:])}"
            return words
        return words + _field(more)
    if head in _SECTIONS and not rest:
        return _SECTIONS[head]
    return None


def _exercise_rule(rest: list[str], exercises: list[Exercise] | None) -> str:
    ex = next((e for e in exercises or [] if e.id == rest[0]), None)
    words = f"Exercise {_quoted(ex.title)}" if ex else f"Exercise {plain(rest[0])}"
    tail = rest[1:]
    return words + _field(tail)


def step_label(rb: Rulebook | None, step: dict) -> str:
    """What a step did: its action's label, and a shift's wait as how long it was ("Wait 1 h")."""
    if step.get("action") == WAIT and step.get("hours") is not None:
        return f"Wait {float(step['hours']):g} h"
    return action_label(rb, step.get("action", ""))


def on_orders(steps: list[dict]) -> bool:
    """Do the steps act on more than one order (a shift)? Then each names its order."""
    return len({s.get("order_id") for s in steps if s.get("order_id")}) > 1


def step_rows(rb: Rulebook | None, steps: list[dict], exercises: list[Exercise] | None = None) -> list[dict]:
    """A saved attempt's steps as a trainer reads them (labels, not ids), each with its order."""
    return [
        {
            "Hour": s.get("hour", 0),
            "Order": s.get("order_id") or "",
            "Action": step_label(rb, s),
            "Allowed": bool(s.get("ok")),
            "Order status": status_label(rb, s.get("status")),
            "Reason": reason_label(rb, s.get("reason")),
            "What the desk said": s.get("detail", ""),
            "Rule": rule_name(rb, s.get("rule", ""), exercises),
        }
        for s in steps
    ]


def steps_in_words(rb: Rulebook | None, steps: list[dict]) -> str:
    """One line for the CSV: "Open order; Cancel order (refused)"; on a shift each step names its
    order ("112-…: Open order; Wait 1 h")."""
    many = on_orders(steps)
    return "; ".join(
        f"{s['order_id'] + ': ' if many and s.get('order_id') else ''}{step_label(rb, s)}"
        f"{'' if s['ok'] else ' (refused)'}"
        for s in steps
    )


def plural(n: float, noun: str, many: str | None = None) -> str:
    """``1 simulated hour``, ``2 simulated hours``, ``1 counted cancellation``: the count with its noun."""
    word = noun if n == 1 else (many or noun + "s")
    return f"{n:g} {word}"


def hours_words(hours: float) -> str:
    """A number of hours for people: ``1 hour``, ``3.5 hours``, ``2 days 4 hours`` (from 48 hours on)."""
    h = round(abs(float(hours)), 1)
    if h >= 48:
        days, rest = divmod(round(h), 24)
        return plural(days, "day") + (f" {plural(rest, 'hour')}" if rest else "")
    return plural(h, "hour")


def due_words(hours_left: float) -> str:
    """A deadline ``hours_left`` away: ``in 3 hours``, ``now``, or ``overdue by 3 hours``, never a
    negative number of hours."""
    if round(hours_left, 1) == 0:
        return "now"
    words = hours_words(hours_left)
    return f"in {words}" if hours_left > 0 else f"overdue by {words}"
