"""`python -m training shift`: draw a shift, and (with ``--steps``) work it and grade it.

A shift's steps file is the exercise steps format with one more key per step: ``order``,
the order's place in the queue (1 = the first to arrive; ``wait`` needs none).  Without
``--steps`` the command prints the queue.  Exit codes as for ``grade``.
"""

from __future__ import annotations

import json

from formats.errors import ArgumentError
from formats.loader import DEFAULT_RULEBOOK
from training.cli.steps import do_step, load_steps
from training.session import DESK_SCENARIO, DESK_SEED, cached_background
from training.shift import ShiftParams, grade_shift, new_shift, shift_markdown
from training.shift.desk import ShiftDesk
from training.wording import due_words


def _params(args) -> ShiftParams:
    try:
        return ShiftParams(
            orders=args.orders,
            rulebook=args.rulebook,
            incidents=args.incidents,
            messages=args.messages,
            seed=args.seed,
        )
    except ValueError as e:
        raise ArgumentError.single(
            "--orders/--incidents/--messages", str(e), "see python -m training shift -h"
        ) from None


def queue_lines(d: ShiftDesk) -> list[str]:
    out = []
    for k, p in enumerate(d.plan, 1):
        o = d.order(p.order_id)
        arrives = "at the start" if p.arrival <= 0 else due_words(p.arrival)
        auto = (
            f"; Amazon auto-cancels it {due_words(p.auto_cancel_at)}" if p.auto_cancel_at is not None else ""
        )
        # the clock reads 0 at the shift's start: a ship-by before it is overdue, not "-165 h"
        out.append(
            f"{k:>2}. {p.order_id}  arrives {arrives}; ship-by {due_words(p.ship_by)}{auto}  "
            f"{o.status:<16} {o.product}"
        )
    return out


def play(d: ShiftDesk, path: str) -> list[dict]:
    reasons = [r.id for r in d.rb.reasons]
    plan = load_steps(path, reasons)
    out = []
    for i, s in enumerate(plan.steps):
        if s.action == "wait":
            happened = d.wait(s.hours or 0.0)
            out.append({"step": i + 1, "action": "wait", "ok": True, "said": f"Waited {s.hours:g} h.",
                        "happened": happened})  # fmt: skip
            continue
        if s.order is None or s.order > len(d.plan):
            raise ArgumentError.single(
                f"{path}: steps[{i}]",
                f"a shift's {s.action} step names its order",
                f"`order: N`, 1..{len(d.plan)}",
            )
        oid = d.plan[s.order - 1].order_id
        r = do_step(d, oid, s)
        out.append({"step": i + 1, "action": s.action, "order": oid, "ok": r.ok, "said": r.message})
    return out


def run(args) -> int:
    params = _params(args)
    d = new_shift(params, cached_background(DESK_SCENARIO, DESK_SEED))
    if not args.steps:
        if args.json:
            queue = [{"order_id": p.order_id, "arrival": p.arrival, "ship_by": p.ship_by} for p in d.plan]
            print(json.dumps({"params": params.to_dict(), "queue": queue}, indent=2))
        else:
            print(
                f"Shift: {params.orders} orders, {params.rulebook}, seed {params.seed} (times from its start)"
            )
            print("\n".join(queue_lines(d)))
        return 0
    played = play(d, args.steps)
    g = grade_shift(d)
    text = shift_markdown(g)
    if args.json:
        rows = [r.__dict__ for r in g.orders]
        print(json.dumps({"params": params.to_dict(), "played": played, "score": g.score, "passed": g.passed,
                          "rate_end": g.rate_end, "rate_best": g.rate_best, "traps": g.traps, "orders": rows,
                          "debrief": text}, indent=2))  # fmt: skip
    else:
        for p in played:
            print(f"{p['step']:>3}. {p['action']}: {'done' if p['ok'] else 'REFUSED'}. {p['said']}")
        print()
        print(text.rstrip())
    return 0 if g.passed else 1


def add_parser(sub) -> None:
    sp = sub.add_parser("shift", help="draw a shift at the desk; with --steps, work it and grade it")
    sp.add_argument(
        "--orders", type=int, default=20, help="orders in the shift, 15 to 30 (default %(default)s)"
    )
    sp.add_argument("--seed", type=int, default=1, help="the shift's seed (default %(default)s)")
    sp.add_argument("--rulebook", default=DEFAULT_RULEBOOK, help="marketplace rulebook (default %(default)s)")
    sp.add_argument("--incidents", type=float, default=0.25, help="share of incidents (default %(default)s)")
    sp.add_argument(
        "--messages", type=float, default=0.15, help="share of buyer messages (default %(default)s)"
    )
    sp.add_argument("--steps", help="YAML or JSON steps file; each step names its `order:` (queue place)")
    sp.add_argument("--json", action="store_true", help="print JSON instead of text")
    sp.set_defaults(func=run)
