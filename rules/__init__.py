"""Cancel Desk rulebooks: schema, safe loader and decision engine."""

from formats.errors import Problem, RulebookError
from formats.loader import DEFAULT_RULEBOOK, RULES_DIR, available_rulebooks, load_rulebook
from formats.rulebook import Rulebook
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
