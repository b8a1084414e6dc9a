"""Read a steps file and replay it on a real desk.

The steps go through :class:`training.desk.Desk`, not straight to the grader:
the desk asks the rules engine before every action, so a refused action
(cancelling a Pending order, messaging a cancelled one) is recorded with the
rule and the words Seller Central would show, the buyer persona answers and
files its request on the desk's clock, and the grader sees exactly the step
records the browser page would have saved.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from formats.errors import Problem, RulebookError
from formats.steps import FIELDS_FOR, StepsFile
from formats.validate import model_from_source
from formats.yaml_source import Source, parse, read_text
from training.desk import RESERVE_DAYS, Desk
from training.messages import PURPOSES

ACTIONS = tuple(FIELDS_FOR)
MAX_WAIT_HOURS = 24.0 * RESERVE_DAYS  # Desk.wait lets no more pass in one go


@dataclass(frozen=True)
class Played:
    """What the desk answered to one step of the file."""

    index: int
    action: str
    ok: bool
    message: str
    happened: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "index": self.index,
            "action": self.action,
            "ok": self.ok,
            "message": self.message,
            "happened": list(self.happened),
        }


def read_source(path: str | Path) -> Source:
    """The file parsed by the project's safe YAML loader; JSON is read the same way."""
    label, text = read_text(path)
    if Path(path).suffix.lower() == ".json":
        _check_json(text, label)
        # Valid JSON holds no literal tab inside a string, so tabs are only indentation,
        # which YAML does not allow: spaces read the same and keep every line and column.
        text = text.replace("\t", " ")
    try:
        return parse(text, label)
    except RulebookError as exc:
        first = exc.problems[0] if exc.problems else None
        if first is not None and first.message.startswith("top level is a"):
            hint = "a steps file is a mapping that starts with `steps:`, see docs/training-cli.md"
            raise RulebookError(
                [Problem(first.file, first.line, first.col, first.path, first.message, hint)]
            ) from None
        raise


def _check_json(text: str, label: str) -> None:
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        raise RulebookError.single(
            label,
            f"JSON syntax: {exc.msg}",
            "check commas, quotes and brackets near here",
            exc.lineno,
            exc.colno,
        ) from None
    except RecursionError:
        raise RulebookError.single(
            label, "nesting is too deep to read", "a steps file is two levels deep"
        ) from None


def load_steps(
    path: str | Path,
    reasons: list[str],
    exercise_id: str | None = None,
    adjust_reasons: list[str] | None = None,
) -> StepsFile:
    """A validated steps file; RulebookError (FILE:LINE:COL, key path, hint) on any problem.

    ``reasons`` are the ids the desk's cancel dialog offers; ``adjust_reasons`` those an
    adjustment may use (default the same), which include reasons the dialog does not offer
    (CustomerCancel, an Order Adjustment reason of 200198080).
    """
    return model_from_source(
        read_source(path),
        StepsFile,
        actions=list(ACTIONS),
        reasons=reasons,
        adjust_reasons=adjust_reasons,
        purposes=list(PURPOSES),
        max_wait_hours=MAX_WAIT_HOURS,
        exercise=exercise_id,
    )


def do_step(desk: Desk, oid: str, s):
    """One non-wait step on order ``oid``: the desk's Result.  The one place a steps action
    becomes a desk call (the exercise replay and the shift CLI both use it)."""
    if s.action == "open_order":
        return desk.open_order(oid)
    if s.action == "message_buyer":
        text = s.text if s.text is not None else desk.draft(oid, s.purpose or "")
        return desk.message_buyer(oid, s.purpose or "", text)
    if s.action == "cancel":
        return desk.cancel(oid, s.reason or "", s.memo or "")
    if s.action == "cancel_items":
        return desk.cancel_items(oid, s.reason or "", s.quantity, s.memo or "")
    if s.action == "adjust":
        return desk.adjust(oid, s.reason or "")
    if s.action == "refund":
        return desk.refund(oid)
    if s.action == "buyer_files_request":
        return desk.buyer_files_request(oid)
    return desk.confirm_shipment(oid)


def replay(desk: Desk, plan: StepsFile) -> list[Played]:
    """Do every step on the desk's exercise order, in order; the desk records each one."""
    order = desk.exercise_order
    if order is None:
        raise ValueError("replay needs a desk opened on an exercise")
    oid = order.order_id
    out = []
    for i, s in enumerate(plan.steps):
        if s.action == "wait":
            # the desk reports every order's news; the trainer follows the exercise's order
            happened = [h for h in desk.wait(s.hours or 0.0, oid) if h.startswith(oid)]
            out.append(Played(i, s.action, True, f"Waited {s.hours:g} h.", happened))
            continue
        r = do_step(desk, oid, s)
        out.append(Played(i, s.action, r.ok, r.message))
    return out
