"""Cancel Desk rulebooks: schema, safe loader and decision engine."""

from formats.errors import Problem, RulebookError
from formats.loader import DEFAULT_RULEBOOK, RULES_DIR, available_rulebooks, load_rulebook
from formats.rulebook import Rulebook
from rules.engine import (
    Decision,
    action_allowed,
    adjustment_counts,
    auto_cancel_hours,
    buyer_can_direct_cancel,
    cancellation_fee_multiple,
    counts_toward_rate,
    direct_cancel_minutes,
    feedback_outcome,
    feedback_risk,
    next_status,
    rate_breach,
    request_reason,
    stand_in_reason,
    status_when_paid,
)
from rules.handlings import (
    GRADE_WORDS,
    Recommendation,
    answer_key,
    grade_rank,
    procedure_check,
    recommended_procedure,
)

__all__ = [
    "DEFAULT_RULEBOOK",
    "GRADE_WORDS",
    "RULES_DIR",
    "Decision",
    "Problem",
    "Recommendation",
    "Rulebook",
    "RulebookError",
    "action_allowed",
    "adjustment_counts",
    "answer_key",
    "auto_cancel_hours",
    "available_rulebooks",
    "buyer_can_direct_cancel",
    "cancellation_fee_multiple",
    "counts_toward_rate",
    "direct_cancel_minutes",
    "feedback_outcome",
    "feedback_risk",
    "grade_rank",
    "load_rulebook",
    "next_status",
    "procedure_check",
    "rate_breach",
    "recommended_procedure",
    "request_reason",
    "stand_in_reason",
    "status_when_paid",
]
