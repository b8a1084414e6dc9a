"""Every question `python -m rules explain` can be asked of a rulebook, and the engine's answers.

The golden file pins the answers the six shipped rulebooks gave as flat files, before they
became a family (issue 20). A deliberate correction regenerates it, and its diff shows what
changed: ``python -m tests.rules.explain_matrix --write``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from formats.loader import available_rulebooks, load_rulebook
from rules import engine, handlings

GOLDEN = Path(__file__).resolve().parent / "golden" / "explain_answers.json"
RATES = (0.0, 0.01, 0.02, 0.025, 0.03, 0.04, 0.95, 0.96)


def _answer(a) -> list:
    if isinstance(a, handlings.Recommendation):
        return [a.procedure, a.reason, a.explanation, sorted(a.compliance_risks.items())]
    return [a.ok, a.rule, a.reason, a.value]


def _safe(fn, *args, **kw) -> list:
    try:
        return _answer(fn(*args, **kw))
    except KeyError as exc:
        return ["KeyError", str(exc)]


def answers(rb) -> dict[str, list]:
    """One entry per question, keyed the way `rules explain` would be asked it."""
    out: dict[str, list] = {}
    actions = [a.id for a in rb.actions]
    for st in rb.statuses:
        for act in actions:
            for actor in ("seller", "buyer"):
                for channel in ("MFN", "AFN"):
                    key = f"action {st.id} {act} {actor} {channel}"
                    out[key] = _safe(engine.action_allowed, rb, st.id, act, actor, channel)
    for r in rb.reasons:
        for req in (False, True):
            for sf in (True, False):
                for auto in (False, True):
                    out[f"counts {r.id} req={req} sf={sf} auto={auto}"] = _safe(
                        engine.counts_toward_rate,
                        rb,
                        r.id,
                        buyer_requested=req,
                        seller_fulfilled=sf,
                        auto_cancelled=auto,
                    )
    procedures = [p.id for p in rb.procedures]
    for si in rb.situations:
        out[f"recommend {si.id}"] = _safe(handlings.recommended_procedure, rb, si.id)
        for p in procedures:
            out[f"procedure {si.id} {p}"] = _safe(handlings.procedure_check, rb, si.id, p)
    for o in rb.feedback.outcomes:
        for quick in (False, True):
            out[f"feedback {o.id} quick={quick}"] = _safe(
                engine.feedback_risk, rb, o.id, quick_response=quick
            )
    for name in type(rb.metrics).model_fields:
        metric = getattr(rb.metrics, name)
        if metric is None:
            continue
        for window in [None, *metric.windows_days]:
            for rate in RATES:
                out[f"breach {name} {rate} {window}"] = _safe(engine.rate_breach, rb, name, rate, window)
    return out


def matrix() -> dict[str, dict[str, list]]:
    return {name: answers(load_rulebook(name)) for name in available_rulebooks()}


def main(argv: list[str]) -> int:
    text = json.dumps(matrix(), indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    if "--write" in argv:
        GOLDEN.write_text(text)
        print(f"wrote {GOLDEN}")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
