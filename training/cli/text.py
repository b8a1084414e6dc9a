"""What `python -m training` prints: exercises, task cards and grades, as text or plain dicts.

Ids stay in the JSON; people read labels (training.wording), the way the pages show them.
"""

from __future__ import annotations

from formats.exercise import Exercise
from formats.rulebook import Rulebook
from rules import recommended_procedure
from training.cli.steps import Played
from training.grader import TRAP_WORDS, Grade, expected_steps
from training.wording import action_label, reason_label, rule_name, status_label


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
    """The rulebook's answer key for the exercise, in words."""
    proc_id, steps = expected_steps(rb, ex)
    proc = rb.procedure(proc_id)
    out: dict = {
        "procedure": proc_id,
        "label": proc.label if proc else "The exercise's own steps (the rulebook has no procedure for it)",
        "steps": [
            {
                "id": s.id,
                "action": s.action,
                "action_label": action_label(rb, s.action),
                "label": s.label,
                "required": s.required,
                "reason": s.reason,
                "reason_label": reason_label(rb, s.reason) or None,
                "why": s.why,
                "rule": s.rule,
                "rule_label": rule_name(rb, s.rule, [ex]),
            }
            for s in steps
        ],
        "note": ex.correct.note,
        "traps": [{"id": t, "label": TRAP_WORDS.get(t, t)} for t in ex.traps],
        "pass_score": ex.pass_score,
    }
    if ex.order.situation and rb.situation(ex.order.situation):
        si = rb.situation(ex.order.situation)
        rec = recommended_procedure(rb, si.id)
        out["situation"] = {
            "id": si.id,
            "label": si.label,
            "procedures": list(si.procedures),
            "recommended": rec.procedure,
            "explanation": rec.explanation,
            "compliance_risks": dict(rec.compliance_risks),
            "source": si.source,
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
    lines.append(f"  Status: {status_label(rb, o.status)} ({channel}), {o.items} item(s)")
    if exp.get("situation"):
        lines.append(f"  Situation: {exp['situation']['label']} (`{o.situation}`)")
    if o.special_request:
        lines.append(f"  Special request: {o.special_request.replace('_', ' ')}")
    if order["notes"]:
        lines.append(f"  On opening the order: {order['notes']}")
    if o.buyer_message:
        lines.append(f"  The buyer wrote: {o.buyer_message}")
    if o.status == "Pending":
        lines.append(f"  Payment is authorised {o.payment_hours:g} h after the desk opens.")
    if o.buyer_replies:
        files = "files an official request" if o.buyer_files_request else "only writes back, files no request"
        lines.append(
            f"  The buyer answers {o.reply_after_hours:g} h after a message; asked to cancel, {files}."
        )
    else:
        lines.append("  The buyer does not answer messages.")
    lines += ["", f"Expected handling (rulebook {rb.id}): {exp['label']} (`{exp['procedure']}`)"]
    for n, s in enumerate(exp["steps"], 1):
        need = "required" if s["required"] else "optional"
        reason = f", reason {s['reason_label']}" if s["reason_label"] else ""
        lines.append(f"  {n}. {s['label']} [{s['action_label']}{reason}; {need}]")
        if s["why"]:
            lines.append(f"     Why: {s['why']}")
    if exp["note"]:
        lines.append(f"  Note: {exp['note']}")
    si = exp.get("situation")
    if si:
        lines += ["", f"The rulebook on “{si['label']}”: {si['explanation']}"]
        lines.append(f"  Procedures it allows: {', '.join(si['procedures'])} (source: {si['source']})")
        for proc, text in si["compliance_risks"].items():
            lines.append(f"  Compliance risk ({proc}): {text}")
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
        lines.append(f"     {d.rule_label or d.rule} (rule id `{d.rule}`)")
    return lines
