"""Grade a trainee's steps against the exercise's answer key, derived from the rulebook.

The key is the situation's graded handlings (``training.answer_key``).  The trainee's steps
are matched to the best-graded handling they fit; the score is 10 points minus the
handling's grade penalty and any step deductions.  Every deduction names its rule (id and
words) and its source.  The grader works on plain step dicts, so a stored attempt can be
graded again.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace

from formats.exercise import Exercise
from formats.memo import MEMO_ACTIONS
from formats.rulebook import Handling, Rulebook
from rules import GRADE_WORDS, Decision, adjustment_counts, counts_toward_rate, request_reason, vocabulary
from training.answer_key import (
    Attempt,
    ask_grade,
    attempt_of,
    exercise_key,
    exercise_situation,
    expected,
    match,
)
from training.wording import rule_name

MAX_POINTS = 10.0
GRADE_PENALTY = {"best": 0.0, "acceptable": 1.0, "compliance_risk": 2.0, "violation": 10.0}
WRONG_REASON, WRONG_CONTACT, REFUSED, NOT_OPENED, NO_MEMO = 4.0, 2.0, 2.0, 1.0, 1.0
TRAP_WORDS = {
    "cancel_pending": "Tried to cancel a Pending order",
    "cancel_shipped": "Tried to cancel a Shipped order instead of refunding it",
    "contact_pending": "Tried to message the buyer of a Pending order",
    "buyer_cancelled_without_request": "Chose Buyer Cancelled without an official request",
    "cancel_without_contact": "Cancelled without contacting the buyer",
    "compliance_risk": "Used a handling that is a compliance risk here",
    "violation": "Used a handling the rulebook grades a violation",
}


@dataclass(frozen=True)
class Deduction:
    points: float
    rule: str
    what: str
    why: str
    trap: str | None = None
    rule_label: str = ""  # the rule in words; ``rule`` keeps the id
    source: str = ""  # the help page (or other source) the rule rests on


@dataclass
class Grade:
    exercise_id: str
    title: str
    procedure: str  # the expected handling's id
    followed: str  # the handling followed ("none": none the rulebook lists)
    max_points: float
    score: float
    passed: bool
    pass_score: float
    went_right: list[str] = field(default_factory=list)
    deductions: list[Deduction] = field(default_factory=list)
    traps_hit: list[str] = field(default_factory=list)
    procedure_label: str = ""
    followed_label: str = ""
    followed_grade: str = ""  # best | acceptable | compliance_risk | violation | ""
    counted: bool | None = None  # did the trainee's cancel count toward the rate
    key: list[dict] = field(default_factory=list)  # every handling of the key, with its grade

    @property
    def do_differently(self) -> list[str]:
        return [f"{d.what}: {d.why} ({d.rule_label or d.rule}; source: {d.source})" for d in self.deductions]

    def to_dict(self) -> dict:
        d = asdict(self)
        d["do_differently"] = self.do_differently
        return d


def key_rows(rb: Rulebook, ex: Exercise) -> list[dict]:
    """The exercise's answer key as plain rows (what `show` prints and the desk lists)."""
    rows = []
    for h in exercise_key(rb, ex):
        r = rb.reason(h.reason) if h.reason else None
        rows.append(
            {
                "id": h.id,
                "label": h.label,
                "grade": h.grade,
                "grade_words": GRADE_WORDS[h.grade],
                "procedure": h.procedure,
                "reason": h.reason,
                "reason_label": r.label if r else None,
                "contact": list(h.contact),
                "official_request": h.official_request,
                "why": h.why,
                "source": h.source,
                "assumption": h.assumption,
                "rule": f"situations.{ex.order.situation}.handlings.{h.id}",
                "memo": h.memo.model_dump() if h.memo is not None and h.memo_required else None,
            }
        )
    return rows


def _rule(ex: Exercise, h: Handling) -> str:
    return f"situations.{ex.order.situation}.handlings.{h.id}"


def grade(rb: Rulebook, ex: Exercise, steps: list[dict], order_id: str) -> Grade:
    """Grade the steps taken on ``order_id`` (the exercise's order)."""
    mine = [s for s in steps if s["order_id"] == order_id]
    key = exercise_key(rb, ex)
    want = expected(rb, ex)
    a = attempt_of(mine)
    m = match(key, a)
    deductions: list[Deduction] = []
    went_right: list[str] = []
    si = exercise_situation(rb, ex)

    for s in mine:  # refused actions, in the engine's words
        if not s["ok"]:
            trap = _refused_trap(rb, s)
            words = TRAP_WORDS.get(trap) if trap else None
            st = rb.status(s.get("status") or "")
            src = st.source if st else si.source
            deductions.append(
                Deduction(REFUSED, s["rule"], words or _tried(rb, s), s["detail"], trap, source=src)
            )
    if a.finish is not None and not a.opened:
        deductions.append(
            Deduction(
                NOT_OPENED,
                "procedures.seller_cancel.steps.find_order",
                "Did not open the order first",
                "Open the order to see what is wrong before you act on it.",
                source=si.source,
            )
        )

    h = m.handling
    if h is None:
        what = (
            "Nothing finished: the order is still open"
            if a.procedure == "none"
            else "Not a handling the rulebook lists here"
        )
        why = f"For {si.label.lower()} the rulebook teaches: {want.label}. {want.why}"
        deductions.append(Deduction(MAX_POINTS, _rule(ex, want), what, why, source=want.source))
    else:
        if m.wrong_reason:
            deductions.append(_wrong_reason(rb, ex, h, a))
        if m.wrong_contact:
            when = {"first": "before the cancel", "after": "after it", "none": "no message"}
            wanted = " or ".join(when[c] for c in h.contact)
            deductions.append(
                Deduction(
                    WRONG_CONTACT,
                    _rule(ex, h),
                    f"Message to the buyer: {when[a.contact]}",
                    f"“{h.label}” wants {wanted}. {h.why}",
                    source=h.source,
                )
            )
        if h.grade != "best":
            trap = _grade_trap(rb, ex, h)
            deductions.append(
                Deduction(
                    GRADE_PENALTY[h.grade],
                    _rule(ex, h),
                    f"Your handling is {GRADE_WORDS[h.grade]}: {h.label}",
                    h.why,
                    trap,
                    source=h.source,
                )
            )
        elif m.exact:
            went_right.append(f"You followed a best handling: {h.label}.")
        memo = _memo(ex, h, a)
        if memo is not None:
            deductions.append(memo)
        elif h.memo_required and a.finish is not None:
            went_right.append(
                "You wrote the Seller memo the rulebook asks for here."
            )  # its text: shown as text
    ask = ask_grade(key)
    if (
        a.asked
        and ask is not None
        and (h is None or h.procedure != "ask_buyer")
        and ask.grade in ("compliance_risk", "violation")
    ):
        trap = _grade_trap(rb, ex, ask)
        deductions.append(
            Deduction(
                GRADE_PENALTY[ask.grade],
                _rule(ex, ask),
                f"Asked the buyer to file a request: {GRADE_WORDS[ask.grade]}",
                ask.why,
                trap,
                source=ask.source,
            )
        )

    counted = _counted(rb, a)
    if counted is not None and not any(d.trap for d in deductions):
        went_right.append(_rate_words(rb, a, counted))
    if a.opened and a.finish is not None and not any(d.what.startswith("Did not open") for d in deductions):
        went_right.insert(0, "Opened the order before acting on it.")

    deductions = [replace(d, rule_label=rule_name(rb, d.rule, [ex])) for d in deductions]
    lost = sum(d.points for d in deductions)
    score = round(max(0.0, (MAX_POINTS - lost) / MAX_POINTS), 4)
    traps_hit = sorted({d.trap for d in deductions if d.trap})
    return Grade(
        ex.id,
        ex.title,
        want.id,
        h.id if h is not None and m.exact else "none" if h is None else f"{h.id}*",
        MAX_POINTS,
        score,
        score >= ex.pass_score and not traps_hit,  # a trap fails the exercise whatever the points
        ex.pass_score,
        went_right,
        deductions,
        traps_hit,
        want.label,
        _followed_label(a, m),
        h.grade if h is not None and m.exact else "",
        counted,
        key_rows(rb, ex),
    )


def _memo(ex: Exercise, h: Handling, a: Attempt) -> Deduction | None:
    """The handling asks for a Seller memo on its cancel and the trainee's cancel has none."""
    rule = h.memo
    if rule is None or not h.memo_required or a.finish is None or a.finish["action"] not in MEMO_ACTIONS:
        return None
    if a.memo:
        return None
    house = " (an assumption: a house rule, not an Amazon requirement)" if rule.assumption else ""
    return Deduction(
        NO_MEMO,
        f"{_rule(ex, h)}.memo",
        "No Seller memo on the cancel",
        f"“{h.label}” asks for a Seller memo{house}. {rule.why}",
        source=rule.source,
    )


def _followed_label(a: Attempt, m) -> str:
    if m.handling is None:
        return "Nothing finished yet" if a.procedure == "none" else "A handling the rulebook does not list"
    if m.exact:
        return f"{m.handling.label} (graded {GRADE_WORDS[m.handling.grade]})"
    return f"Close to: {m.handling.label}, but not quite (see below)"


def _grade_trap(rb: Rulebook, ex: Exercise, h: Handling) -> str | None:
    if h.grade == "violation":
        dishonest = h.reason == request_reason(rb) and h.official_request is False
        if dishonest and "buyer_cancelled_without_request" in ex.traps:
            return "buyer_cancelled_without_request"
        return "violation"
    if h.grade == "compliance_risk" and "compliance_risk" in ex.traps:
        return "compliance_risk"  # the exercise narrows the key: a risk fails here
    return None


def _counted(rb: Rulebook, a: Attempt) -> bool | None:
    if a.finish is None or a.finish["action"] not in ("cancel", "cancel_items", "adjust"):
        return None
    if a.finish.get("counted") is not None:
        return bool(a.finish["counted"])
    return _count_decision(rb, a).ok


def _count_decision(rb: Rulebook, a: Attempt) -> Decision:
    """The engine's answer on whether the finishing step counts (an adjustment: its own answer)."""
    if a.finish is not None and a.finish["action"] == "adjust":
        return adjustment_counts(rb, a.reason)
    return counts_toward_rate(rb, a.reason, buyer_requested=a.official_request)


def _rate_words(rb: Rulebook, a: Attempt, counted: bool) -> str:
    d = _count_decision(rb, a)
    if counted:
        return (
            f"The cancellation counts toward the Cancellation Rate: that is this handling's cost. {d.reason}"
        )
    return f"The cancellation did not count toward the Cancellation Rate. {d.reason}"


def _wrong_reason(rb: Rulebook, ex: Exercise, h: Handling, a: Attempt) -> Deduction:
    got, want = rb.reason(a.reason or ""), rb.reason(h.reason or "")
    got_label = got.label if got else str(a.reason)
    c = counts_toward_rate(rb, a.reason, buyer_requested=a.official_request)
    uses = want.label if want else h.reason
    why = f"“{h.label}” uses {uses}: the reason must match what happened. {c.reason}"
    src = got.source if got else h.source
    return Deduction(
        WRONG_REASON,
        f"reasons.{a.reason}" if got else _rule(ex, h),
        f"Reason for cancellation {got_label} instead of {want.label if want else h.reason}",
        why,
        source=f"{h.source}; {src}",
    )


def _tried(rb: Rulebook, step: dict) -> str:
    act = rb.action(step["action"])
    st = rb.status(step.get("status") or "")
    status = st.label if st else str(step.get("status"))
    article = "an" if status[:1] in "AEIOU" else "a"
    return f"Tried {act.label if act else step['action']} on {article} {status} order"


def _refused_trap(rb: Rulebook, step: dict) -> str | None:
    """A refused cancel (or message) is a trap when the rulebook's status names one (a Pending or
    Shipped order; a Pending order's buyer)."""
    if step["action"] in ("cancel", "cancel_items"):
        return vocabulary.cancel_trap(rb, step.get("status"))
    if step["action"] == "message_buyer":
        return vocabulary.contact_trap(rb, step.get("status"))
    return None
