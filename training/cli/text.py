"""What `python -m training` prints: exercises, task cards and grades, as text or plain dicts.

Ids stay in the JSON; people read labels (training.wording), the way the pages show them.
"""

from __future__ import annotations

from formats.exercise import Exercise
from formats.rulebook import Rulebook
from rules import vocabulary
from training.answer_key import exercise_situation, expected
from training.cli.steps import Played
from training.grader import TRAP_WORDS, Grade, key_rows
from training.wording import action_label, plural, reason_label, status_label


def exercise_row(rb: Rulebook, ex: Exercise) -> dict:
    si = rb.situation(ex.order.situation) if ex.order.situation else None
    return {
        "id": ex.id,
        "title": ex.title,
        "situation": ex.order.situation,
        "situation_label": si.label if si else None,
    }


def list_lines(rb: Rulebook, exercises: list[Exercise]) -> list[str]:
    rows = [exercise_row(rb, ex) for ex in exercises]
    w_id = max(len(r["id"]) for r in rows)
    w_title = max(len(r["title"]) for r in rows)
    return [f"{r['id']:<{w_id}}  {r['title']:<{w_title}}  {r['situation'] or '-'}" for r in rows]


def expected_handling(rb: Rulebook, ex: Exercise) -> dict:
    """The exercise's answer key (from the rulebook), the expected handling first, in words."""
    want = expected(rb, ex)
    proc = rb.procedure(want.procedure)
    steps = proc.steps if proc else []
    si = exercise_situation(rb, ex)
    out: dict = {
        "handling": want.id,
        "procedure": want.procedure,
        "label": want.label,
        "grade": want.grade,
        "reason": want.reason,
        "reason_label": reason_label(rb, want.reason) or None,
        "contact": list(want.contact),
        "why": want.why,
        "source": want.source,
        "steps": [
            {
                "id": s.id,
                "action": s.action,
                "action_label": action_label(rb, s.action),
                "label": s.label,
                "reason": want.reason if s.reason == "situation" else s.reason,
                "reason_label": reason_label(rb, want.reason if s.reason == "situation" else s.reason)
                or None,
                "why": s.why,
            }
            for s in steps
        ],
        "key": key_rows(rb, ex),
        "note": ex.key.note,
        "traps": [{"id": t, "label": TRAP_WORDS.get(t, t)} for t in ex.traps],
        "pass_score": ex.pass_score,
        "situation": {"id": si.id, "label": si.label, "source": si.source},
    }
    return out


def show_dict(rb: Rulebook, ex: Exercise, order: dict) -> dict:
    return {
        "id": ex.id,
        "title": ex.title,
        "card": ex.card,
        "rulebook": rb.id,
        "order": order,
        "expected": expected_handling(rb, ex),
    }


def show_lines(rb: Rulebook, ex: Exercise, order: dict) -> list[str]:
    o, exp = ex.order, expected_handling(rb, ex)
    channel = "seller-fulfilled" if o.channel == "MFN" else "fulfilled by Amazon"
    lines = [f"{ex.id}: {ex.title}", "", "Task card:", f"  {ex.card}", "", "The order:"]
    lines.append(f"  On the desk: {order['order_id']} (seed {order['seed']}), {order['item']}")
    lines.append(
        f"  Status: {status_label(rb, o.status)} ({channel}), " + plural(order["lines"], "item line")
    )
    if exp.get("situation"):
        lines.append(f"  Situation: {exp['situation']['label']} (`{o.situation}`)")
    if o.special_request:
        lines.append(f"  Special request: {o.special_request.replace('_', ' ')}")
    if order["notes"]:
        lines.append(f"  On opening the order: {order['notes']}")
    if order["buyer_message"]:
        lines.append(f"  The buyer wrote: {order['buyer_message']}")
    if o.status == vocabulary.unpaid_status(rb):
        lines.append(f"  Payment is authorised {order['payment_hours']:g} h after the desk opens.")
    if o.buyer_replies:
        files = "files an official request" if o.buyer_files_request else "only writes back, files no request"
        lines.append(
            f"  The buyer answers {order['reply_after_hours']:g} h after a message; asked to cancel, {files}."
        )
    else:
        lines.append("  The buyer does not answer messages.")
    lines += [
        "",
        f"Expected handling (rulebook {rb.id}): {exp['label']} (`{exp['handling']}`, {exp['grade']})",
    ]
    for n, st in enumerate(exp["steps"], 1):
        reason = f", reason {st['reason_label']}" if st["reason_label"] else ""
        lines.append(f"  {n}. {st['label']} [{st['action_label']}{reason}]")
    lines.append(f"  Why: {exp['why']} (source: {exp['source']})")
    if exp["note"]:
        lines.append(f"  Note: {exp['note']}")
    lines += ["", f"Every handling the rulebook lists for “{exp['situation']['label']}” (the answer key):"]
    for k in exp["key"]:
        when = "/".join(k["contact"])
        reason = f", reason {k['reason_label']}" if k["reason_label"] else ""
        flag = " [assumption]" if k["assumption"] else ""
        lines.append(f"  - {k['grade_words'].upper()}: {k['label']}{reason}; contact {when}{flag}")
        lines.append(f"      {k['why']} (source: {k['source']})")
    traps = "; ".join(t["label"] for t in exp["traps"]) or "none"
    lines += ["", f"Traps: {traps}", f"Pass mark: {ex.pass_score:.0%}, and no trap hit."]
    return lines


def played_lines(rb: Rulebook, played: list[Played]) -> list[str]:
    lines = []
    for p in played:
        verdict = "done" if p.ok else "REFUSED"
        what = "Wait" if p.action == "wait" else action_label(rb, p.action)
        lines.append(f"  {p.index + 1}. {what}: {verdict}. {p.message}")
        lines += [f"     {h}" for h in p.happened]
    return lines


def verdict_line(g: Grade) -> str:
    head = "PASSED" if g.passed else "FAILED"
    line = f"{head}: score {g.score:.0%} (pass mark {g.pass_score:.0%})"
    if g.traps_hit:
        line += "; trap hit: " + "; ".join(TRAP_WORDS.get(t, t) for t in g.traps_hit)
    return line


def deduction_lines(g: Grade) -> list[str]:
    if not g.deductions:
        return ["Deductions: none"]
    lines = ["Deductions:"]
    for d in g.deductions:
        lines.append(f"  -{d.points:g} {d.what}: {d.why}")
        lines.append(f"     {d.rule_label or d.rule} (rule id `{d.rule}`; source: {d.source})")
    return lines
