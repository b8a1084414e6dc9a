"""`python -m training`: list the exercises, show one, grade a steps file without a browser;
local accounts are ``python -m classroom users``.

Exit codes: 0 passed (and for list/show), 1 the graded steps did not pass,
2 bad input (unknown exercise, a steps file with problems: FILE:LINE:COL on stderr).
"""

from __future__ import annotations

import argparse
import json
import sys

from formats.errors import RulebookError
from formats.exercise import Exercise
from formats.rulebook import ref
from training.cli import shift, text
from training.cli.steps import load_steps, replay
from training.debrief import debrief_markdown
from training.desk import Desk
from training.exercises import DESK_SCENARIO, cached_desk_scenario
from training.grader import grade
from training.session import DESK_SEED, new_desk
from training.wording import rule_name


class BadInput(Exception):
    """A command-line argument the CLI cannot use (exit code 2)."""


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.func(args)
    except RulebookError as exc:
        print(exc, file=sys.stderr)
        return 2
    except BadInput as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


def _scenario(args):
    return cached_desk_scenario(str(args.scenario))


def find_exercise(exercises: list[Exercise], exercise_id: str) -> Exercise:
    found = next((e for e in exercises if e.id == exercise_id), None)
    if found is None:
        ((_loc, msg, hint),) = ref((), exercise_id, [e.id for e in exercises], "exercise")
        raise BadInput(f"{msg}: {hint} (`python -m training list` shows them all)")
    return found


def _list(args) -> int:
    _sc, rb, exercises = _scenario(args)
    if args.json:
        print(json.dumps([text.exercise_row(rb, ex) for ex in exercises], indent=2))
    else:
        print("\n".join(text.list_lines(rb, exercises)))
    return 0


def _desk_order(desk: Desk, seed: int) -> dict:
    o = desk.exercise_order
    assert o is not None, "new_desk gives the exercise's desk"
    items = ", ".join(f"{i.quantity} x {i.title}" for i in o.items)
    first = next((m.text for m in o.messages if m.sender == "buyer" and not m.subject), "")
    return {
        "order_id": o.order_id,
        "seed": seed,
        "item": items,
        "buyer": o.buyer_name,
        "notes": o.notes,
        # this seed's draw of the exercise template (ranges and wordings)
        "lines": len(o.items),
        "buyer_message": first,
        "payment_hours": o.payment_hours,
        "reply_after_hours": o.persona.reply_after_hours,
    }


def _show(args) -> int:
    _sc, rb, exercises = _scenario(args)
    ex = find_exercise(exercises, args.exercise)
    order = _desk_order(new_desk(ex.id, seed=args.seed, scenario=str(args.scenario)), args.seed)
    if args.json:
        print(json.dumps(text.show_dict(rb, ex, order), indent=2))
    else:
        print("\n".join(text.show_lines(rb, ex, order)))
    return 0


def _grade(args) -> int:
    _sc, rb, exercises = _scenario(args)
    ex = find_exercise(exercises, args.exercise)
    desk = new_desk(ex.id, seed=args.seed, scenario=str(args.scenario))
    adjust = [r for r, _label in desk.adjust_reasons()]  # an Order Adjustment's own (the rulebook's)
    plan = load_steps(args.steps, [r for r, _label in desk.reasons()], ex.id, adjust)
    played = replay(desk, plan)
    order = desk.exercise_order
    assert order is not None, "new_desk gives the exercise's desk"
    steps = [s.to_dict() for s in desk.steps]
    g = grade(rb, ex, steps, order.order_id)
    # The same debrief the desk page gives (training.session.finish), without saving an attempt.
    feedback = [f for f in desk.feedback() if f["order_id"] == order.order_id]
    debrief = debrief_markdown(
        g, trainee=args.trainee, card=ex.card, feedback=feedback, account=desk.account()
    )
    if args.json:
        out = g.to_dict() | {
            "order_id": order.order_id,
            "seed": args.seed,
            "steps_file": str(args.steps),
            "played": [p.to_dict() for p in played],
            "steps": [s | {"rule_label": rule_name(rb, s["rule"], [ex])} for s in steps],
            "debrief": debrief,
        }
        print(json.dumps(out, indent=2))
    else:
        lines = [
            f"{ex.id}: {ex.title}",
            f"Order {order.order_id} (seed {args.seed}), steps from {args.steps}",
        ]
        lines += ["", "Steps on the desk:", *text.played_lines(rb, played), ""]
        lines += [text.verdict_line(g), *text.deduction_lines(g), "", debrief.rstrip()]
        print("\n".join(lines))
    return 0 if g.passed else 1


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m training", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = p.add_subparsers(dest="command", required=True)

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument(
            "--scenario",
            default=DESK_SCENARIO,
            help="scenario with `exercises:` (name or path; default %(default)s)",
        )
        sp.add_argument("--json", action="store_true", help="print JSON instead of text")

    ls = sub.add_parser("list", help="the exercises: id, title, situation")
    common(ls)
    ls.set_defaults(func=_list)

    sh = sub.add_parser("show", help="an exercise's task card, order and the rulebook's expected handling")
    sh.add_argument("exercise")
    sh.add_argument("--seed", type=int, default=DESK_SEED, help="desk seed (order id, buyer)")
    common(sh)
    sh.set_defaults(func=_show)

    gr = sub.add_parser("grade", help="replay a steps file on a desk and grade it")
    gr.add_argument("exercise")
    gr.add_argument("--steps", required=True, help="YAML or JSON steps file (docs/training-cli.md)")
    gr.add_argument("--seed", type=int, default=DESK_SEED, help="desk seed (order id, buyer)")
    gr.add_argument("--trainee", default="", help="name printed in the debrief")
    common(gr)
    gr.set_defaults(func=_grade)
    shift.add_parser(sub)
    return p
