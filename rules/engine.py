"""The decision engine: pure functions over a loaded rulebook.

Every answer is a :class:`Decision` carrying the rule it applied, a reason a
trainee can read, the ``question`` it answers and the ``category`` of the
answer.  The simulator, the training desk and the pages call these; they never
re-implement a rule, name a reason id or a status, or parse a rule id.

Each ``Decision.question`` (and its ``category`` values):

- ``allowed``, :func:`action_allowed`: ``allowed`` / ``refused``;
- ``counts``, :func:`counts_toward_rate` and :func:`adjustment_counts`: ``counted``, or why
  not: ``amazon_fulfilled``, ``buyer_direct``, ``buyer_requested``, ``never_counts``,
  ``auto_cancel_excluded``, ``not_cancelled`` (``explain cancel``: the cancel is refused);
- ``direct_cancel``, :func:`buyer_can_direct_cancel`: ``in_window`` / ``after_window`` / ``no_window``;
- ``feedback``, :func:`feedback_risk`: the feedback outcome id;
- ``breach``, :func:`rate_breach`: ``breach`` / ``within`` / ``no_data`` / ``unknown``.

The answer key (situations and their graded handlings) is :mod:`rules.handlings`.

Plain answers: :func:`request_reason`, :func:`stand_in_reason`, :func:`direct_cancel_minutes`,
:func:`next_status`, :func:`status_when_paid`, :func:`feedback_outcome`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace

from formats.rulebook import Rulebook


@dataclass(frozen=True)
class Decision:
    ok: bool
    rule: str
    reason: str
    value: float | None = None
    assumption: bool = False
    details: dict = field(default_factory=dict)
    question: str = ""  # which engine question this answers (see the module docstring)
    category: str = ""  # the class of the answer, e.g. why a cancel does not count

    def __bool__(self) -> bool:
        return self.ok

    def to_dict(self) -> dict:
        return asdict(self)


def _allowed(ok: bool, rule: str, reason: str) -> Decision:
    return Decision(ok, rule, reason, question="allowed", category="allowed" if ok else "refused")


def action_allowed(
    rb: Rulebook, status: str, action: str, actor: str = "seller", channel: str = "MFN"
) -> Decision:
    """May ``actor`` take ``action`` on an order in ``status`` (``channel`` MFN or AFN)?"""
    st = rb.status(status)
    rule = f"statuses.{status}"
    if st is None:
        known = ", ".join(s.id for s in rb.statuses)
        return _allowed(False, rule, f"Unknown order status {status!r} (known: {known}).")
    act = rb.action(action)
    if act is None:
        return _allowed(False, rule, f"Unknown action {action!r}.")
    if channel not in act.channels:
        return _allowed(
            False,
            f"actions.{action}.channels",
            f"{act.label} is not available for orders fulfilled by Amazon (FBA): Amazon ships "
            "them and handles their cancellation, not the seller.",
        )
    allowed = st.seller_actions if actor == "seller" else st.buyer_actions
    minutes = direct_cancel_minutes(rb)
    if action == "direct_cancel" and actor == "buyer" and minutes is not None:
        # The window runs from placing the order, whatever the status; only shipped orders are past it.
        ok = action in allowed
        why = (
            f"The buyer can cancel directly for {minutes} minutes after placing the order, whatever "
            "the status" + ("." if ok else f"; a {st.label} order is past that point.")
        )
        return _allowed(ok, DIRECT_RULE, why)
    if action in allowed:
        # The status note explains cancelling and refusals; on other allowed actions it misleads.
        note = st.note if action == "cancel" else ""
        return _allowed(True, rule, f"{act.label} is available for {st.label} orders. {note}".strip())
    where = [s.label for s in rb.statuses if action in (s.seller_actions + s.buyer_actions)]
    only = f" It is available only for: {', '.join(where)}." if where else ""
    return _allowed(
        False, rule, f"{act.label} is not available for {st.label} orders. {st.note}{only}".strip()
    )


def next_status(rb: Rulebook, status: str, action: str, *, partial: bool = False) -> str:
    """The status ``action`` moves an order to (unchanged if none); ``partial``: done for some items."""
    act = rb.action(action)
    if act is not None and partial and act.partial_result_status:
        return act.partial_result_status
    return act.result_status if act is not None and act.result_status else status


def status_when_paid(rb: Rulebook, status: str) -> str | None:
    """The status an order in ``status`` moves to once payment is authorised (None: no change)."""
    st = rb.status(status)
    return st.when_paid if st is not None else None


def request_reason(rb: Rulebook) -> str:
    """The Reason for cancellation to use once the buyer filed an official request."""
    return rb.buyer_request_reason.reason


def stand_in_reason(rb: Rulebook) -> str:
    """The reason a cancellation whose reason is unknown (an order report has none) is judged with."""
    if rb.stand_in_reason and rb.reason(rb.stand_in_reason) is not None:
        return rb.stand_in_reason
    for r in rb.reasons:
        if r.counts_toward_rate.rule == "unless_buyer_requested":
            return r.id
    return rb.reasons[0].id


def _counts(ok: bool, rule: str, reason: str, category: str) -> Decision:
    return Decision(ok, rule, reason, question="counts", category="counted" if ok else category)


def counts_toward_rate(
    rb: Rulebook,
    reason: str | None,
    *,
    buyer_requested: bool,
    seller_fulfilled: bool = True,
    auto_cancelled: bool = False,
    buyer_direct_cancel: bool = False,
) -> Decision:
    """Does this cancellation count toward the Cancellation Rate?"""
    m = rb.metrics.cancellation_rate
    if not seller_fulfilled:
        return _counts(
            False,
            "metrics.cancellation_rate.scope",
            "Fulfilled by Amazon (FBA) orders are left out of the Cancellation Rate; "
            "it covers seller-fulfilled orders only.",
            "amazon_fulfilled",
        )
    if buyer_direct_cancel:
        return _counts(
            False,
            DIRECT_RULE,
            f"The buyer cancelled the order directly within {direct_cancel_minutes(rb)} minutes of "
            "placing it; that is not a seller cancellation.",
            "buyer_direct",
        )
    if auto_cancelled:
        ac = rb.auto_cancel
        return _counts(
            ac.counts_toward_rate,
            "auto_cancel",
            f"Amazon cancelled it automatically because it was not ship-confirmed "
            f"{_deadline_words(ac)} after the expected ship date; "
            + ("this counts as a seller cancellation." if ac.counts_toward_rate else "this does not count."),
            "auto_cancel_excluded",
        )
    r = rb.reason(reason or "")
    if r is None:
        known = ", ".join(x.label for x in rb.reasons)
        return _counts(
            True,
            "reasons",
            f"Unknown reason {reason!r}; treated as a seller cancel (known: {known}).",
            "counted",
        )
    rule = f"reasons.{r.id}.counts_toward_rate"
    kind = r.counts_toward_rate.rule
    if kind == "never":
        return _counts(
            False,
            rule,
            f"Cancellations with reason {r.label} never count. {r.counts_toward_rate.note}".strip(),
            "never_counts",
        )
    if kind == "unless_buyer_requested" and buyer_requested:
        return _counts(
            False,
            rule,
            f"The buyer filed an official cancellation request, so this {r.label} "
            f"cancellation is excluded from the {m.label}.",
            "buyer_requested",
        )
    extra = ""
    if kind == "always" and buyer_requested:
        requested = rb.reason(request_reason(rb))
        assert requested is not None, "the rulebook's check resolves buyer_request_reason"
        extra = (
            f" The buyer's official request does not help here: this marketplace excludes it only when "
            f"the seller cancels with {requested.label}."
        )
    if r.id == request_reason(rb) and not buyer_requested:
        extra = (
            f" Choosing {r.label} does not help: without an official request "
            "from the buyer's account it is still a seller cancellation."
        )
    fee = rb.cancellation_fee
    if fee is not None:
        extra += (
            f" In this marketplace it also costs a cancellation fee of {fee.referral_fee_multiple:.0%} of "
            f"the referral fee on or before the estimated ship date, "
            f"{fee.max_referral_fee_multiple:.0%} after it."
        )
    windows = " and ".join(str(w) for w in m.windows_days)
    return _counts(
        True,
        rule,
        f"A seller cancellation with reason {r.label} counts toward the {m.label} "
        f"(limit {m.limit:.1%} over {windows} days).{extra}",
        "counted",
    )


def adjustment_counts(rb: Rulebook, reason: str | None) -> Decision:
    """Does refunding a partly shipped order's remainder with an Order Adjustment count?

    No page says (the rulebooks mark it an assumption on the adjustment reasons): it is judged
    like a seller cancel with the same reason, no official request possible, and marked an assumption.
    """
    d = counts_toward_rate(rb, reason, buyer_requested=False)
    why = "An adjustment of a partly shipped order is judged like a seller cancel"
    why += " (an assumption: no page says)."
    return replace(d, reason=f"{why} {d.reason}", assumption=True)


DIRECT_RULE = "direct_cancel.minutes"


def _deadline_words(ac) -> str:
    if ac.hours_after_expected_ship_date is not None:
        return f"{ac.hours_after_expected_ship_date} hours"
    return f"{ac.days_after_expected_ship_date} {'business ' if ac.business_days else ''}days"


def auto_cancel_hours(rb: Rulebook) -> int:
    """Hours after the expected ship date at which Amazon cancels an order not ship-confirmed."""
    return rb.auto_cancel.hours


def cancellation_fee_multiple(rb: Rulebook, *, after_ship_date: bool) -> float:
    """Multiple of the referral fee a counted seller cancel costs (0: no fee in this marketplace)."""
    fee = rb.cancellation_fee
    if fee is None:
        return 0.0
    return fee.max_referral_fee_multiple if after_ship_date else fee.referral_fee_multiple


def direct_cancel_minutes(rb: Rulebook) -> int | None:
    """Minutes after placing the order in which the buyer may cancel directly (None: no window)."""
    if rb.direct_cancel is not None:
        return rb.direct_cancel.minutes
    st = rb.status("Pending")  # older rulebooks kept the window on Pending
    return st.buyer_direct_cancel_minutes if st else None


def _direct_assumed(rb: Rulebook) -> bool:
    if rb.direct_cancel is not None:
        return rb.direct_cancel.assumption
    st = rb.status("Pending")
    return bool(st and st.buyer_direct_cancel_minutes_assumption)


def buyer_can_direct_cancel(rb: Rulebook, minutes_since_purchase: float, channel: str = "MFN") -> Decision:
    """May the buyer still cancel directly?  The window runs from placing the order, whatever the status."""
    minutes = direct_cancel_minutes(rb)
    q = "direct_cancel"
    if minutes is None:
        msg = "This marketplace has no direct-cancel window for buyers."
        return Decision(False, DIRECT_RULE, msg, question=q, category="no_window")
    label = " (an assumption)" if _direct_assumed(rb) else ""
    dc = rb.direct_cancel
    if dc is not None and channel not in dc.channels:
        msg = f"The buyer's {minutes}-minute direct cancel applies to seller-fulfilled orders only here."
        return Decision(False, DIRECT_RULE, msg, value=minutes, question=q, category="no_window")
    if minutes_since_purchase <= minutes:
        return Decision(
            True,
            DIRECT_RULE,
            f"Buyers can cancel directly for the first {minutes} minutes{label} after placing the order, "
            "whatever the order's status.",
            value=minutes,
            question=q,
            category="in_window",
        )
    return Decision(
        False,
        DIRECT_RULE,
        f"{minutes} minutes{label} after placing the order the buyer can only request cancellation.",
        value=minutes,
        question=q,
        category="after_window",
    )


HANDLED = (
    "seller_cancel",
    "buyer_request",
    "direct_cancel",
    "auto_cancel",
    "fulfilled",
    "fulfilled_late",
    "refunded",
)


def feedback_outcome(
    rb: Rulebook, handled: str, *, situation: str | None = None, contacted: bool = False, after: bool = False
) -> str:
    """The feedback outcome id (``feedback.outcomes``) that follows a handling.

    ``handled`` is one of :data:`HANDLED`; ``contacted``: the seller and the buyer talked about a
    seller cancel (``after``: only once it was done); ``situation`` picks the outcome of shipping an
    order as placed (its ``shipped_outcome``).  An outcome the rulebook omits falls back to ``fulfilled``.
    """
    if handled == "seller_cancel":
        told = "seller_cancel_then_contact" if after and rb.outcome("seller_cancel_then_contact") else ""
        oid = (told or "seller_cancel_after_contact") if contacted else "seller_cancel_no_contact"
    elif handled in ("buyer_request", "direct_cancel"):
        oid = "buyer_requested_cancel"
    elif handled == "fulfilled":
        si = rb.situation(situation) if situation else None
        oid = si.shipped_outcome if si is not None and si.shipped_outcome else "fulfilled"
    elif handled in HANDLED:
        oid = handled
    else:
        raise KeyError(f"unknown handling {handled!r} (known: {', '.join(HANDLED)})")
    return oid if rb.outcome(oid) is not None else "fulfilled"


def feedback_risk(rb: Rulebook, outcome: str, *, quick_response: bool = False) -> Decision:
    """Chance of negative feedback after ``outcome``, and why."""
    o = rb.outcome(outcome)
    if o is None:
        raise KeyError(f"unknown feedback outcome {outcome!r}")
    p = o.probability
    q = rb.feedback.quick_response
    why = f"{o.label}: {p:.1%} chance of negative feedback"
    why += " (an assumption: no published figure)" if o.assumption else ""
    assumed = o.assumption
    if quick_response:
        p = p * (1 - q.reduction)
        how = " (an assumption: applied per order)" if q.assumption else ""
        why += (
            f"; answering the buyer within {q.within_hours} hours cuts it by "
            f"{q.reduction:.0%}{how} to {p:.1%} ({q.source})"
        )
        assumed = assumed or q.assumption
    return Decision(
        True,
        f"feedback.outcomes.{o.id}",
        why + ".",
        value=p,
        assumption=assumed,
        question="feedback",
        category=o.id,
    )


TARGET_WORDS = {"under": "under", "at_most": "at most", "at_least": "at least", "over": "over"}


def rate_breach(rb: Rulebook, metric: str, rate: float | None, window: int | None = None) -> Decision:
    """Does ``rate`` (over ``window`` days) miss the metric's target, as its page states it?

    "Under 2.5%" (the Cancellation Rate, 200285210): a rate at the limit is a breach; "at least 95%"
    (the Valid Tracking Rate): a rate at the limit is not."""
    m = getattr(rb.metrics, metric, None)
    rule = f"metrics.{metric}.limit"
    q = "breach"
    if m is None:
        return Decision(False, rule, f"Unknown metric {metric!r}.", question=q, category="unknown")
    if window is not None and window not in m.windows_days:
        known = " or ".join(str(w) for w in m.windows_days)
        msg = f"The {m.label} is not measured over {window} days (only {known})."
        return Decision(False, rule, msg, question=q, category="unknown")
    label = f"{m.label} ({window}-day)" if window else m.label
    windows = " and ".join(str(w) for w in m.windows_days)
    also = (
        f" The same limit applies over {windows} days." if window is None and len(m.windows_days) > 1 else ""
    )
    if rate is None:
        msg = f"No {label} yet: there were no orders in the window."
        return Decision(False, rule, msg, question=q, category="no_data")
    bad = bool(m.breached(rate))
    word = "exactly at" if rate == m.limit else ("above" if rate > m.limit else "below")
    must = TARGET_WORDS[m.target]
    verdict = f"a breach (it must be {must} it)" if bad else f"within the target (it must be {must} it)"
    return Decision(
        bad,
        rule,
        f"{label} {rate:.2%} is {word} the {m.limit:.1%} limit: {verdict}.{also}",
        value=rate,
        question=q,
        category="breach" if bad else "within",
    )
