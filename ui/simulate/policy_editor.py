"""The policy editor's two faces: widget values <-> Policy model.

For each situation the widgets hold an action, a reason, contact-first, the
hours to wait and a fallback.  ``widget_values`` reads them from a policy;
``policy_from_widgets`` writes them back, keeping everything the widgets do
not show (name, description, situations left to the rulebook).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from formats.policy import DEFAULT_WAIT_HOURS, Policy
from formats.rulebook import Rulebook
from formats.validate import model_from_text

ACTION_LABELS = {
    "recommended": "Follow the rulebook's recommendation",
    "seller_cancel": "Seller cancels",
    "ask_buyer": "Ask the buyer to request cancellation",
    "fulfil_anyway": "Ship anyway",
    "auto_cancel": "Leave unshipped (Amazon auto-cancels)",
}
FALLBACK_LABELS = {
    "seller_cancel": "Seller cancels",
    "fulfil_anyway": "Ship anyway",
    "auto_cancel": "Leave unshipped",
}
HONEST_REASON = ""  # empty reason = the situation's own reason from the rulebook


@dataclass(frozen=True)
class Handling:
    action: str = "recommended"
    reason: str = HONEST_REASON
    contact_first: bool = True
    wait_hours: float = DEFAULT_WAIT_HOURS
    fallback: str = "seller_cancel"


def widget_values(policy: Policy, rb: Rulebook) -> dict[str, Handling]:
    """One Handling per rulebook situation (missing ones follow the rulebook)."""
    out = {}
    for si in rb.situations:
        spec = policy.handling.get(si.id)
        if spec is None:
            out[si.id] = Handling()
            continue
        h = Handling(action=spec.action)
        if spec.action == "seller_cancel":
            h = Handling(spec.action, spec.reason or HONEST_REASON, spec.contact_first)
        elif spec.action == "ask_buyer":
            fb = spec.fallback
            h = Handling(
                spec.action,
                getattr(fb, "reason", None) or HONEST_REASON,
                getattr(fb, "contact_first", True),
                spec.wait_hours,
                fb.action,
            )
        elif spec.action == "recommended":
            h = Handling(spec.action, wait_hours=spec.wait_hours)
        out[si.id] = h
    return out


def _spec(h: Handling) -> dict:
    cancel = {"action": "seller_cancel", "contact_first": bool(h.contact_first)}
    if h.reason:
        cancel["reason"] = h.reason
    if h.action == "seller_cancel":
        return cancel
    if h.action == "ask_buyer":
        fallback = cancel if h.fallback == "seller_cancel" else {"action": h.fallback}
        return {"action": "ask_buyer", "wait_hours": float(h.wait_hours), "fallback": fallback}
    if h.action == "recommended":
        return {"action": "recommended", "wait_hours": float(h.wait_hours)}
    return {"action": h.action}


def policy_from_widgets(policy: Policy, values: dict[str, Handling], rb: Rulebook) -> Policy:
    """The policy with each situation's handling replaced by the widgets' values.

    A situation the policy left to the rulebook stays out of the file unless
    its widgets were changed from the defaults.
    """
    data = policy.model_dump(mode="json")
    handling = dict(data.get("handling", {}))
    for sid, h in values.items():
        if sid not in policy.handling and h == Handling():
            continue
        handling[sid] = _spec(h)
    data["handling"] = handling
    obj = Policy.model_validate(data)
    issues = obj.cross_check(rulebook=rb)
    if issues:
        from formats.errors import Problem, RulebookError
        from formats.yaml_source import dotted

        raise RulebookError(
            [Problem("policy widgets", 0, 0, dotted(loc), m, hint) for loc, m, hint in issues]
        )
    return obj


def policy_from_yaml(text: str, rb: Rulebook, label: str = "policy YAML") -> Policy:
    """Validate the YAML editor's text against the chosen rulebook (RulebookError with line numbers)."""
    return model_from_text(text, Policy, label, rulebook=rb)


def as_dict(values: dict[str, Handling]) -> dict[str, dict]:
    return {k: asdict(v) for k, v in values.items()}
