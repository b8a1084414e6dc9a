"""`python -m rules`: check files, show a merged rulebook, print the JSON Schema, explain a decision.

Exit codes: 0 all good, 2 bad input (invalid file, unknown id).
"""

from __future__ import annotations

import argparse
import json
import sys

from formats.errors import RulebookError
from formats.kinds import check_file, model_for
from formats.loader import DEFAULT_RULEBOOK, load_rulebook, rulebook_path, rulebook_source
from formats.suggestions import fraction_hint
from rules import engine, handlings, show


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.func(args)
    except RulebookError as exc:
        print(exc, file=sys.stderr)
        return 2
    except KeyError as exc:
        print(f"error: {exc.args[0]}", file=sys.stderr)
        return 2


def _check(args) -> int:
    bad = 0
    for f in args.files:
        try:
            kind, _ = check_file(f)
            print(f"OK {f} ({kind})")
        except RulebookError as exc:
            bad += 1
            print(exc)
    if bad:
        print(f"{bad} of {len(args.files)} file(s) have problems", file=sys.stderr)
    return 2 if bad else 0


def _show(args) -> int:
    load_rulebook(args.rulebook)  # validates the merged book first: show prints only what loads
    print(show.render(rulebook_source(rulebook_path(args.rulebook)), origin=args.origin), end="")
    return 0


def _schema(args) -> int:
    print(json.dumps(model_for(args.kind).model_json_schema(), indent=2))
    return 0


def _explain(args) -> int:
    rb = load_rulebook(args.rulebook)
    answers: list[engine.Decision | handlings.Recommendation] = []
    if args.question == "cancel":
        allowed = engine.action_allowed(rb, args.status, "cancel", channel="AFN" if args.fba else "MFN")
        answers.append(allowed)
        _known_reason(rb, args.reason)
        counts = engine.counts_toward_rate(
            rb, args.reason, buyer_requested=args.buyer_requested, seller_fulfilled=not args.fba
        )
        # a cancel that cannot happen never counts (FBA's own answer already says it would not)
        answers.append(counts if allowed.ok or not counts.ok else _no_cancel(allowed))
    elif args.question == "action":
        answers.append(
            engine.action_allowed(rb, args.status, args.action, args.actor, "AFN" if args.fba else "MFN")
        )
    elif args.question == "counts":
        _known_reason(rb, args.reason)
        answers.append(
            engine.counts_toward_rate(
                rb,
                args.reason,
                buyer_requested=args.buyer_requested,
                seller_fulfilled=not args.fba,
                auto_cancelled=args.auto,
            )
        )
    elif args.question == "recommend":
        answers.append(handlings.recommended_procedure(rb, args.situation))
    elif args.question == "procedure":
        answers.append(handlings.procedure_check(rb, args.situation, args.procedure))
    elif args.question == "feedback":
        answers.append(engine.feedback_risk(rb, args.outcome, quick_response=args.quick_response))
    elif args.question == "breach":
        m = getattr(rb.metrics, args.metric, None)
        if m is not None and args.window is not None and args.window not in m.windows_days:
            known = ", ".join(str(w) for w in m.windows_days)
            raise KeyError(f"the {m.label} of {rb.id} is measured over {known} days, not {args.window}")
        answers.append(engine.rate_breach(rb, args.metric, args.rate, args.window))
    if args.json:
        print(json.dumps([_as_dict(a) for a in answers], indent=2))
    else:
        for a in answers:
            print(_line(a))
    return 0


def _no_cancel(refused: engine.Decision) -> engine.Decision:
    """A cancel that cannot happen counts for nothing: say so, under the rule that refused it."""
    why = "Nothing to count: the cancel is refused for this order, so no cancellation reaches the rate."
    return engine.Decision(False, refused.rule, why, question="counts", category="not_cancelled")


def _known_reason(rb, reason: str) -> None:
    if rb.reason(reason) is None:
        known = ", ".join(r.id for r in rb.reasons)
        raise KeyError(f"unknown reason {reason!r}; known reasons: {known}")


def _as_dict(a) -> dict:
    return a.to_dict() if hasattr(a, "to_dict") else dict(a.__dict__)


VERDICTS = {  # by the engine's Decision.question
    "allowed": ("ALLOWED", "NOT ALLOWED"),
    "procedure": ("ALLOWED", "NOT ALLOWED"),
    "counts": ("COUNTS", "DOES NOT COUNT"),
    "direct_cancel": ("COUNTS", "DOES NOT COUNT"),
    "breach": ("BREACH", "NO BREACH"),
    "feedback": ("RISK", "RISK"),
}


def _line(a) -> str:
    if isinstance(a, handlings.Recommendation):
        risks = "".join(_risk_line(k, v) for k, v in a.compliance_risks.items())
        return f"RECOMMEND {a.procedure} (reason {a.reason}): {a.explanation}{risks}"
    yes, no = VERDICTS.get(a.question, ("YES", "NO"))
    value = f" {a.value:.2%}" if a.question == "feedback" and a.value is not None else ""
    return f"{yes if a.ok else no}{value} [{a.rule}] {a.reason}"


def _risk_line(procedure: str, why: str) -> str:
    banned = "a violation here: "
    if why.startswith(banned):
        return f"\n  violation ({procedure}): {why.removeprefix(banned)}"
    return f"\n  compliance risk ({procedure}): {why}"


def _rate_arg(text: str) -> float:
    """A rate as a fraction; 2.5 for 2.5% gets the same hint as in a rulebook."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not 0.0 <= value <= 1.0:
        hint = fraction_hint(value, "rates are fractions, e.g. 0.025")
        raise argparse.ArgumentTypeError(f"must be between 0 and 1 ({hint})")
    return value


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m rules", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)

    c = sub.add_parser("check", help="validate rulebook, scenario or policy YAML files")
    c.add_argument("files", nargs="+")
    c.set_defaults(func=_check)

    w = sub.add_parser("show", help="print a rulebook with the rulebooks it extends merged in")
    w.add_argument("rulebook", help="id or path, e.g. amazon_uk")
    w.add_argument("--origin", action="store_true", help="mark each value with the file:line that set it")
    w.set_defaults(func=_show)

    s = sub.add_parser("schema", help="print the JSON Schema of a file format")
    s.add_argument("--kind", choices=["rulebook", "scenario", "policy"], default="rulebook")
    s.set_defaults(func=_schema)

    e = sub.add_parser("explain", help="answer one question with the rule behind it")
    e.add_argument("--rulebook", default=DEFAULT_RULEBOOK, help="name or path (default amazon_us)")
    e.add_argument("--json", action="store_true", help="print the decisions as JSON")
    q = e.add_subparsers(dest="question", required=True)
    qc = q.add_parser("cancel", help="may I cancel this order with this reason, and does it count?")
    qc.add_argument("--status", required=True)
    qc.add_argument("--reason", required=True)
    qa = q.add_parser("action", help="is an action allowed in a status?")
    qa.add_argument("--status", required=True)
    qa.add_argument("--action", required=True)
    qa.add_argument("--actor", choices=["seller", "buyer"], default="seller")
    qa.add_argument("--fba", action="store_true", help="the order is fulfilled by Amazon")
    qn = q.add_parser("counts", help="does a cancellation count toward the rate?")
    qn.add_argument("--reason", required=True)
    qn.add_argument("--auto", action="store_true", help="Amazon auto-cancelled it")
    for sp in (qc, qn):
        g = sp.add_mutually_exclusive_group()
        g.add_argument("--buyer-requested", action="store_true", help="the buyer filed an official request")
        g.add_argument("--no-request", dest="buyer_requested", action="store_false")
        sp.add_argument("--fba", action="store_true", help="the order is fulfilled by Amazon")
    qr = q.add_parser("recommend", help="the recommended procedure for a situation")
    qr.add_argument("--situation", required=True)
    qp = q.add_parser("procedure", help="is a procedure allowed (and compliant) for a situation?")
    qp.add_argument("--situation", required=True)
    qp.add_argument("--procedure", required=True)
    qf = q.add_parser("feedback", help="chance of negative feedback after an outcome")
    qf.add_argument("--outcome", required=True)
    qf.add_argument("--quick-response", action="store_true", help="the seller answered within 24 h")
    qb = q.add_parser("breach", help="does a rate breach its limit?")
    qb.add_argument("--rate", type=_rate_arg, required=True, help="a fraction: 2.5%% is 0.025")
    qb.add_argument(
        "--metric",
        default="cancellation_rate",
        choices=["cancellation_rate", "order_defect_rate", "late_shipment_rate", "valid_tracking_rate"],
    )
    qb.add_argument("--window", type=int, help="the window in days the rate was measured over")
    e.set_defaults(func=_explain)
    return p
