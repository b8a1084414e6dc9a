"""The debrief a trainee reads (and downloads) after an exercise: markdown text."""

from __future__ import annotations

from training.grader import TRAP_WORDS, Grade


def memo_words(memo: dict) -> str:
    """A handling's memo rule in words, its assumption said out loud (a ``key_rows`` row's ``memo``)."""
    house = " [assumption: a house rule, not an Amazon requirement]" if memo.get("assumption") else ""
    return f"Seller memo required{house}: {memo['why']} (source: {memo['source']})"


def debrief_markdown(
    g: Grade, *, trainee: str, card: str, feedback: list[dict] | None = None, account: dict | None = None
) -> str:
    verdict = "Passed" if g.passed else "Not passed yet"
    lines = [
        f"# Debrief: {g.title}",
        "",
        f"- Trainee: {trainee or 'anonymous'}",
        f"- Exercise: {g.title} (`{g.exercise_id}`)",
        f"- Score: **{g.score:.0%}** ({verdict}; pass mark {g.pass_score:.0%})",
        f"- The card teaches: {g.procedure_label or g.procedure} (`{g.procedure}`)",
        f"- What you did: {g.followed_label or g.followed} (`{g.followed}`)",
        "",
        "## The task",
        "",
        card,
        "",
        "## What went right",
        "",
    ]
    lines += [f"- {w}" for w in g.went_right] or ["- Nothing yet: start by opening the order."]
    lines += ["", "## What to do differently", ""]
    if g.traps_hit:
        words = "; ".join(TRAP_WORDS.get(t, t) for t in g.traps_hit)
        lines.append(f"- **Trap hit**: {words}. An exercise with a trap is not passed, whatever the score.")
    if g.deductions:
        for d in g.deductions:
            lines.append(f"- **{d.what}** (-{d.points:g} point{'s' if d.points != 1 else ''}): {d.why}")
            # the readable name leads; the id follows for whoever looks it up in the YAML
            lines.append(f"  {d.rule_label or d.rule} (rule id `{d.rule}`; source: {d.source})")
    else:
        lines.append("- Nothing: you followed a handling the rulebook grades best.")
    if g.key:
        lines += ["", "## Every handling the rulebook lists here", ""]
        for k in g.key:
            mark = " (yours)" if k["id"] == g.followed else ""
            flag = " [assumption]" if k["assumption"] else ""
            lines.append(
                f"- **{k['grade_words']}**{mark}: {k['label']}{flag}. {k['why']} (source: {k['source']})"
            )
            if k.get("memo"):
                lines.append(f"  {memo_words(k['memo'])}")
    if feedback:
        lines += ["", "## Feedback risk of your handling", ""]
        for f in feedback:
            lines.append(f"- {f['order_id']}: {f['risk']:.1%}. {f['why']}")
    if account and account.get("rate") is not None:
        lines += [
            "",
            "## The account",
            "",
            f"- {account['label']} ({account['window_days']} days): {account['rate']:.2%} "
            f"(limit {account['limit']:.1%}); {account['desk_counted']} of your cancellations counted.",
        ]
    return "\n".join(lines) + "\n"
