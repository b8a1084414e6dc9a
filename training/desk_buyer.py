"""The desk's buyer events: an official cancellation request arriving in the inbox.

A mixin of :class:`training.desk.Desk`, which provides ``rb``, ``order``, ``clock`` and
``events``.  The buyer persona files a request when the seller asks for one (``Desk.wait``);
:meth:`BuyerEvents.buyer_files_request` lets a trainer's steps file make the buyer file one
on their own, so every handling the rulebook lists (Buyer Cancelled once the buyer filed,
unasked) can be played through ``python -m training grade``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rules import action_allowed
from training.desk_partial import Result
from training.journal import journaled
from training.messages import OFFICIAL_SUBJECT, official_request_text
from training.orders import DeskOrder, Message

if TYPE_CHECKING:
    from formats.rulebook import Rulebook

REQUEST_RULE = "actions.request_cancellation"


class BuyerEvents:
    if TYPE_CHECKING:  # what Desk provides (see the module docstring)
        rb: Rulebook
        clock: float
        events: list[str]

        def order(self, order_id: str) -> DeskOrder: ...

    def _file_request(self, o: DeskOrder, hour: float) -> list[str]:
        """The official request arrives: a Buyer-Seller message with the official subject (G201722390)."""
        o.buyer_requested, o.request_hour = True, hour
        subject = f"{OFFICIAL_SUBJECT} {o.order_id}"
        o.messages.append(Message("buyer", hour, official_request_text(o.persona.name), subject=subject))
        return [f"{o.order_id}: the buyer requested cancellation (a message from Amazon: {subject})."]

    @journaled
    def buyer_files_request(self, order_id: str) -> Result:
        """The buyer files an official request from Your Orders now, unasked (a trainer's what-if).

        Refused when the exercise's buyer never files one (``buyer_files_request: false``), when
        the request is already there, or when the order's status lets no buyer request it.
        """
        o = self.order(order_id)
        if o.buyer_requested:
            return Result(
                False, f"The buyer already filed an official request on {o.order_id}.", REQUEST_RULE
            )
        if not o.persona.files_request:
            why = "This exercise's buyer never files an official request (`buyer_files_request: false`)."
            return Result(False, why, REQUEST_RULE)
        d = action_allowed(self.rb, o.status, "request_cancellation", actor="buyer")
        if not d.ok:
            return Result(False, d.reason, d.rule)
        happened = self._file_request(o, self.clock)
        self.events += happened
        return Result(True, " ".join(happened), d.rule)
