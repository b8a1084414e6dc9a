"""The Seller memo rule a rulebook handling may carry (``situations[].handlings[].memo``)."""

from __future__ import annotations

from pydantic import Field

from formats.fields import Sourced

MEMO_ACTIONS = ("cancel", "cancel_items")  # the actions whose page has a Seller memo field


def memo_shorthand(value):
    """``memo: required`` is short for ``memo: {required: true}`` (then source and why are still asked)."""
    return {"required": True} if value == "required" else value


class MemoRule(Sourced):
    """A handling that asks for a Seller memo on its cancel: the grader deducts when it is empty.

    Amazon's cancel page makes the memo optional (200198080: "any information you want to keep
    track of"), so a rule that requires one is a house rule: say so with ``assumption: true``.
    """

    required: bool = Field(True, description="True: a cancel following this handling needs a Seller memo.")
    why: str = Field(min_length=3, description="Why the memo matters here, in words a trainee reads.")
    assumption: bool = Field(
        False, description="True: a house rule, not something an Amazon page requires (shown as such)."
    )
