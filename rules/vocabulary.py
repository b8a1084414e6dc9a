"""The rulebook's vocabulary, asked by the faces: which buttons a status has, who starts a
situation, what the desk shows for it, how a marketplace writes money.

The simulator, the desk and the pages ask these functions instead of naming statuses,
situations or marketplaces in code, so a new one is a rulebook edit (docs/architecture.md).
"""

from __future__ import annotations

from formats.rulebook import Rulebook, Situation
from formats.vocabulary import Money, SituationDesk, Storefront
from rules.engine import Decision, action_allowed, next_status

DEFAULT_LOCALE = "en_US"
_NO_SITUATION = SituationDesk()


# -- marketplace -----------------------------------------------------------------
def storefront(rb: Rulebook) -> Storefront:
    """The rulebook's storefront, or plain defaults for a rulebook that gives none."""
    if rb.storefront is not None:
        return rb.storefront
    return Storefront(
        sales_channel=f"Amazon ({rb.marketplace})",
        faker_locale=DEFAULT_LOCALE,
        money=Money(symbol=rb.currency),
    )


def money(rb: Rulebook, amount: float) -> str:
    return storefront(rb).money.format(amount)


# -- statuses ----------------------------------------------------------------------
def unpaid_status(rb: Rulebook) -> str:
    """The status an order waits in until its payment clears (the one with ``when_paid``)."""
    return next((s.id for s in rb.statuses if s.when_paid), rb.statuses[0].id)


def awaiting_status(rb: Rulebook) -> str:
    """The status a paid order waits in for the seller to ship or cancel it."""
    st = rb.status(unpaid_status(rb))
    return st.when_paid if st is not None and st.when_paid else rb.statuses[0].id


def is_open(rb: Rulebook, status: str) -> bool:
    """Does an order in ``status`` still wait to be shipped (so its ship-by counts)?"""
    st = rb.status(status)
    return st is not None and st.open


def action_buttons(rb: Rulebook, status: str, channel: str, done: frozenset[str] = frozenset()) -> list[str]:
    """The Action column's buttons for an order: its status's seller actions that are buttons,
    allowed for its channel, in Manage Orders' order (``done``: one-off actions already taken)."""
    st = rb.status(status)
    if st is None:
        return []
    buttons = []
    for a in st.seller_actions:
        act = rb.action(a)
        if act is None or act.action_column is None or a in done:
            continue
        if action_allowed(rb, status, a, channel=channel).ok:
            buttons.append((act.action_column, a))
    return [a for _, a in sorted(buttons)]


def action_reasons(rb: Rulebook, action: str) -> list[tuple[str, str]]:
    """(id, label) of the reasons ``action`` may give: its own list (an Order Adjustment's), else
    the cancel dialog's."""
    act = rb.action(action)
    own = act.reasons if act is not None else []
    picked = [r for r in rb.reasons if r.id in own] if own else [r for r in rb.reasons if r.in_dialog]
    return [(r.id, r.label) for r in picked]


def cancel_trap(rb: Rulebook, status: str | None) -> str | None:
    """The trap a refused cancel of an order in ``status`` is graded as (None: no trap)."""
    st = rb.status(status or "")
    return st.cancel_trap if st is not None else None


def contact_trap(rb: Rulebook, status: str | None) -> str | None:
    """The trap a refused message to the buyer of an order in ``status`` is graded as (None: no trap)."""
    st = rb.status(status or "")
    return st.contact_trap if st is not None else None


def contact_allowed(
    rb: Rulebook, status: str, *, buyer_wrote: bool, referral: bool, channel: str = "MFN"
) -> Decision:
    """May the seller send a Buyer-Seller message on an order in ``status``?

    The status must list the action; where Manage Orders shows no buyer contact details
    (``shows_buyer: false``, a Pending order) the seller cannot start a message: the only one
    is the referral to Amazon Customer Service (``referral``), in reply to a buyer who wrote.
    """
    d = action_allowed(rb, status, "message_buyer", channel=channel)
    st = rb.status(status)
    if not d.ok or st is None or st.shows_buyer:
        return d
    rule = f"statuses.{status}"
    if buyer_wrote and referral:
        why = f"Replying to the buyer of a {st.label} order: the referral to Amazon Customer Service."
        return Decision(True, rule, why, question="allowed", category="allowed")
    if buyer_wrote:
        why = (
            f"To the buyer of a {st.label} order, the only answer is the referral to Amazon Customer Service."
        )
    else:
        why = f"You cannot start a message to the buyer of a {st.label} order."
    why = f"{why} {st.note}"
    return Decision(False, rule, why, question="allowed", category="refused")


def shipped_status(rb: Rulebook) -> str:
    return next_status(rb, awaiting_status(rb), "confirm_shipment")


def cancelled_status(rb: Rulebook) -> str:
    return next_status(rb, awaiting_status(rb), "cancel")


# -- situations ----------------------------------------------------------------------
def desk_words(rb: Rulebook, situation: str | None) -> SituationDesk:
    si = rb.situation(situation or "")
    return si.desk if si is not None else _NO_SITUATION


def buyer_starts(rb: Rulebook, situation: str | None) -> bool:
    """Does the buyer start this situation (the order opens with their message)?"""
    si = rb.situation(situation or "")
    return si is not None and si.starts == "buyer"


def fill(text: str, request: str) -> str:
    """A rulebook text with the buyer's request put in (plain replace: rulebook text is data)."""
    return text.replace("{request}", request)


def clue(rb: Rulebook, situation: str | None, request: str) -> str:
    """What the seller finds on opening the order."""
    return fill(desk_words(rb, situation).clue, request)


def cancel_why(rb: Rulebook, situation: str | None, request: str) -> str:
    """Why the order is cancelled, as the seller's message words it ("" when the buyer asked)."""
    return fill(desk_words(rb, situation).why, request)


def rated_by_scenario(rb: Rulebook) -> dict[str, str]:
    """Situations whose rate is a scenario figure, not a ``situations:`` entry: id -> figure path."""
    return {s.id: s.scenario_rate for s in rb.situations if s.scenario_rate}


def buyer_request_situations(rb: Rulebook) -> list[str]:
    """Situations where a buyer writes to cancel an order the seller could still cancel."""
    return [s.id for s in rb.situations if s.scenario_rate is not None]


def practice_situations(rb: Rulebook) -> list[str]:
    """The problems free practice hides among everyday orders, in their turn."""
    hidden = [s for s in rb.situations if s.desk.practice is not None]
    return [s.id for s in sorted(hidden, key=lambda s: s.desk.practice or 0)]


def counted_situation(rb: Rulebook) -> Situation:
    """The situation a calibrated scenario gives a report's counted cancellations."""
    if rb.calibration is not None:
        found = rb.situation(rb.calibration.counted_situation)
        if found is not None:
            return found
    return next(s for s in rb.situations if s.simulated and s.starts == "seller")
