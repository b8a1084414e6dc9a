"""The decision engine: pure functions over a loaded rulebook.

Every answer is a :class:`Decision` carrying the rule it applied and a reason
a trainee can read.  The simulator and the training desk call these; they
never re-implement a rule.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from formats.rulebook import Rulebook


@dataclass(frozen=True)
class Decision:
    ok: bool
    rule: str
    reason: str
    value: float | None = None
    assumption: bool = False
    details: dict = field(default_factory=dict)

    def __bool__(self) -> bool:
        return self.ok

    def to_dict(self) -> dict:
        return asdict(self)


def action_allowed(
    rb: Rulebook, status: str, action: str, actor: str = "seller", channel: str = "MFN"
) -> Decision:
    """May ``actor`` take ``action`` on an order in ``status`` (``channel`` MFN or AFN)?"""
    st = rb.status(status)
    rule = f"statuses.{status}"
    if st is None:
        known = ", ".join(s.id for s in rb.statuses)
        return Decision(False, rule, f"Unknown order status {status!r} (known: {known}).")
    act = rb.action(action)
    if act is None:
        return Decision(False, rule, f"Unknown action {action!r}.")
    if channel not in act.channels:
        return Decision(
            False,
            f"actions.{action}.channels",
            f"{act.label} is not available for orders fulfilled by Amazon (FBA): Amazon ships "
            "them and handles their cancellation, not the seller.",
        )
    allowed = st.seller_actions if actor == "seller" else st.buyer_actions
    if action in allowed:
        # The status note explains cancelling and refusals; on other allowed actions it misleads.
        note = st.note if action == "cancel" else ""
        return Decision(True, rule, f"{act.label} is available for {st.label} orders. {note}".strip())
    where = [s.label for s in rb.statuses if action in (s.seller_actions + s.buyer_actions)]
    only = f" It is available only for: {', '.join(where)}." if where else ""
    return Decision(
        False, rule, f"{act.label} is not available for {st.label} orders. {st.note}{only}".strip()
    )


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
        return Decision(
            False,
            "metrics.cancellation_rate.scope",
            "Fulfilled by Amazon (FBA) orders are left out of the Cancellation Rate; "
            "it covers seller-fulfilled orders only.",
        )
    if buyer_direct_cancel:
        return Decision(
            False,
            "statuses.Pending.buyer_direct_cancel_minutes",
            "The buyer cancelled the order directly while it was still Pending; "
            "that is not a seller cancellation.",
        )
    if auto_cancelled:
        ac = rb.auto_cancel
        return Decision(
            ac.counts_toward_rate,
            "auto_cancel",
            f"Amazon cancelled it automatically because it was not ship-confirmed "
            f"{ac.days_after_expected_ship_date} days after the expected ship date; "
            + ("this counts as a seller cancellation." if ac.counts_toward_rate else "this does not count."),
        )
    r = rb.reason(reason or "")
    if r is None:
        known = ", ".join(x.label for x in rb.reasons)
        return Decision(
            True, "reasons", f"Unknown reason {reason!r}; treated as a seller cancel (known: {known})."
        )
    rule = f"reasons.{r.id}.counts_toward_rate"
    kind = r.counts_toward_rate.rule
    if kind == "never":
        return Decision(
            False,
            rule,
            f"Cancellations with reason {r.label} never count. {r.counts_toward_rate.note}".strip(),
        )
    if kind == "unless_buyer_requested" and buyer_requested:
        return Decision(
            False,
            rule,
            f"The buyer filed an official cancellation request, so this {r.label} "
            f"cancellation is excluded from the {m.label}.",
        )
    extra = ""
    if r.id == "BuyerCanceled" and not buyer_requested:
        extra = (
            " Choosing Buyer Cancelled does not help: without an official request "
            "from the buyer's account it is still a seller cancellation."
        )
    fee = rb.cancellation_fee
    if fee is not None:
        extra += (
            f" In this marketplace it also costs a cancellation fee of {fee.referral_fee_multiple:.0%} "
            f"(up to {fee.max_referral_fee_multiple:.0%}) of the referral fee."
        )
    windows = " and ".join(str(w) for w in m.windows_days)
    return Decision(
        True,
        rule,
        f"A seller cancellation with reason {r.label} counts toward the {m.label} "
        f"(limit {m.limit:.1%} over {windows} days).{extra}",
    )


def buyer_can_direct_cancel(rb: Rulebook, minutes_since_purchase: float) -> Decision:
    st = rb.status("Pending")
    minutes = st.buyer_direct_cancel_minutes if st else None
    rule = "statuses.Pending.buyer_direct_cancel_minutes"
    if minutes is None:
        return Decision(False, rule, "This marketplace has no direct-cancel window for buyers.")
    label = " (an assumption)" if st.buyer_direct_cancel_minutes_assumption else ""
    if minutes_since_purchase <= minutes:
        return Decision(
            True, rule, f"Buyers can cancel directly for the first {minutes} minutes{label}.", value=minutes
        )
    return Decision(
        False, rule, f"After {minutes} minutes{label} the buyer can only request cancellation.", value=minutes
    )


@dataclass(frozen=True)
class Recommendation:
    situation: str
    procedure: str
    reason: str
    contact_first: bool
    explanation: str
    compliance_risks: dict[str, str]


def recommended_procedure(rb: Rulebook, situation: str) -> Recommendation:
    si = rb.situation(situation)
    if si is None:
        raise KeyError(f"unknown situation {situation!r}")
    proc = rb.procedure(si.recommended)
    reason = "BuyerCanceled" if si.recommended == "ask_buyer" else si.seller_reason
    r = rb.reason(reason)
    text = f"{si.label}: {proc.label.lower()}"
    if si.recommended == "seller_cancel":
        text += f" with reason {r.label}"
        if si.contact_first:
            text += ", after telling the buyer why"
    elif si.recommended == "ask_buyer":
        text += f"; once the official request arrives, cancel with {r.label} (it does not count)"
    return Recommendation(
        si.id, si.recommended, reason, si.contact_first, text + ".", dict(si.compliance_risks)
    )


def procedure_check(rb: Rulebook, situation: str, procedure: str) -> Decision:
    """Is ``procedure`` allowed for ``situation``, and is it a compliance risk?"""
    si = rb.situation(situation)
    rule = f"situations.{situation}"
    if si is None:
        return Decision(False, rule, f"Unknown situation {situation!r}.")

    def named(pid: str) -> str:
        p = rb.procedure(pid)
        return f"“{p.label}”" if p else repr(pid)

    if procedure not in si.procedures:
        allowed = ", ".join(named(p) for p in si.procedures)
        return Decision(
            False,
            rule + ".procedures",
            f"{named(procedure)} is not a procedure for {si.label.lower()}; allowed: {allowed}.",
        )
    risk = si.compliance_risks.get(procedure)
    if risk:
        return Decision(
            True,
            rule + ".compliance_risks",
            f"Allowed but a compliance risk: {risk}",
            details={"compliance_risk": True},
        )
    return Decision(
        True,
        rule + ".procedures",
        f"{named(procedure)} is an allowed procedure for {si.label.lower()}.",
        details={"compliance_risk": False},
    )


def feedback_risk(rb: Rulebook, outcome: str, *, quick_response: bool = False) -> Decision:
    """Chance of negative feedback after ``outcome``, and why."""
    o = rb.outcome(outcome)
    if o is None:
        raise KeyError(f"unknown feedback outcome {outcome!r}")
    p = o.probability
    q = rb.feedback.quick_response
    why = f"{o.label}: {p:.1%} chance of negative feedback"
    why += " (an assumption: no published figure)" if o.assumption else ""
    if quick_response:
        p = p * (1 - q.reduction)
        why += (
            f"; answering the buyer within {q.within_hours} hours cuts it by "
            f"{q.reduction:.0%} to {p:.1%} ({q.source})"
        )
    return Decision(True, f"feedback.outcomes.{o.id}", why + ".", value=p, assumption=o.assumption)


def rate_breach(rb: Rulebook, metric: str, rate: float | None, window: int | None = None) -> Decision:
    """Does ``rate`` (over ``window`` days) breach the metric's limit?  Equal is not a breach."""
    m = getattr(rb.metrics, metric, None)
    rule = f"metrics.{metric}.limit"
    if m is None:
        return Decision(False, rule, f"Unknown metric {metric!r}.")
    if window is not None and window not in m.windows_days:
        known = " or ".join(str(w) for w in m.windows_days)
        return Decision(False, rule, f"The {m.label} is not measured over {window} days (only {known}).")
    label = f"{m.label} ({window}-day)" if window else m.label
    windows = " and ".join(str(w) for w in m.windows_days)
    also = (
        f" The same limit applies over {windows} days." if window is None and len(m.windows_days) > 1 else ""
    )
    if rate is None:
        return Decision(False, rule, f"No {label} yet: there were no orders in the window.")
    if m.direction == "max":
        bad = rate > m.limit
        word = "above" if bad else ("exactly at" if rate == m.limit else "below")
        verdict = "a breach" if bad else "within the limit (it must not exceed it)"
    else:
        bad = rate < m.limit
        word = "below" if bad else "at or above"
        verdict = "a breach" if bad else "within the target"
    return Decision(
        bad, rule, f"{label} {rate:.2%} is {word} the {m.limit:.1%} limit: {verdict}.{also}", value=rate
    )
