"""Cancel Desk rulebooks: schema, safe loader and decision engine."""

from rules.engine import (
    Decision,
    Recommendation,
    action_allowed,
    buyer_can_direct_cancel,
    counts_toward_rate,
    feedback_risk,
    procedure_check,
    rate_breach,
    recommended_procedure,
)
from rules.errors import Problem, RulebookError
from rules.loader import DEFAULT_RULEBOOK, RULES_DIR, available_rulebooks, load_rulebook
from rules.schema import Rulebook

__all__ = [
    "DEFAULT_RULEBOOK",
    "RULES_DIR",
    "Decision",
    "Problem",
    "Recommendation",
    "Rulebook",
    "RulebookError",
    "action_allowed",
    "available_rulebooks",
    "buyer_can_direct_cancel",
    "counts_toward_rate",
    "feedback_risk",
    "load_rulebook",
    "procedure_check",
    "rate_breach",
    "recommended_procedure",
]
