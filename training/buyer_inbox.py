"""The buyers' side of the desk: their messages, their answers after their own delay, and the
official cancellation request a buyer files.

:class:`BuyerInbox` works on the desk's own orders (the messages live on each order) and is
told the desk's clock.  The buyer persona files a request when the seller asks for one
(``Desk.wait``); :meth:`BuyerInbox.request_now` lets a trainer's steps file make the buyer
file one on their own, so every handling the rulebook lists (Buyer Cancelled once the buyer
filed, unasked) can be played through ``python -m training grade``.
"""

from __future__ import annotations

from dataclasses import dataclass

from formats.rulebook import Rulebook
from rules import action_allowed
from training.desk_record import Result
from training.messages import OFFICIAL_SUBJECT, buyer_reply, official_request_text
from training.orders import DeskOrder, Message

REQUEST_RULE = "actions.request_cancellation"


@dataclass
class BuyerInbox:
    rb: Rulebook
    orders: list[DeskOrder]  # the desk's list itself: the buyers write on its orders

    def messages(self, clock: float) -> list[tuple[DeskOrder, Message]]:
        """Buyer-Seller Messaging: every buyer message, newest first (official requests: their subject);
        none of an order not in the list yet (a shift's order that has not arrived)."""
        rows = [
            (o, m)
            for o in self.orders
            if o.arrival_hour <= clock
            for m in o.messages
            if m.sender == "buyer" and m.hour <= clock
        ]
        return sorted(rows, key=lambda om: -om[1].hour)

    def send(self, o: DeskOrder, clock: float, purpose: str, text: str) -> None:
        """The seller's message; a buyer who replies is due to answer after their delay."""
        o.messages.append(Message("seller", clock, text, purpose))
        if o.persona.replies:
            o.pending_reply, o.pending_purpose = clock + o.persona.reply_after_hours, purpose

    def answer_if_due(self, o: DeskOrder, clock: float) -> list[str]:
        """The buyer's answer once its hour has come (and the request it promised); what happened."""
        if o.pending_reply is None or clock < o.pending_reply:
            return []
        p = o.persona
        first = p.name.split()[0]
        reply = buyer_reply(first, files_request=p.files_request, purpose=o.pending_purpose)
        o.messages.append(Message("buyer", o.pending_reply, reply))
        out = [f"{o.order_id}: the buyer replied."]
        asked = o.pending_purpose == "request_cancellation" and p.files_request
        if asked and action_allowed(self.rb, o.status, "request_cancellation", actor="buyer").ok:
            out += self.file_request(o, o.pending_reply)
        o.pending_reply, o.pending_purpose = None, ""
        return out

    def file_request(self, o: DeskOrder, hour: float) -> list[str]:
        """The official request arrives: a Buyer-Seller message with the official subject (G201722390)."""
        o.buyer_requested, o.request_hour = True, hour
        subject = f"{OFFICIAL_SUBJECT} {o.order_id}"
        o.messages.append(Message("buyer", hour, official_request_text(o.persona.name), subject=subject))
        return [f"{o.order_id}: the buyer requested cancellation (a message from Amazon: {subject})."]

    def request_now(self, o: DeskOrder, clock: float) -> tuple[Result, list[str]]:
        """The buyer files an official request from Your Orders now, unasked (a trainer's what-if).

        Refused when the exercise's buyer never files one (``buyer_files_request: false``), when
        the request is already there, or when the order's status lets no buyer request it.
        """
        if o.buyer_requested:
            why = f"The buyer already filed an official request on {o.order_id}."
            return Result(False, why, REQUEST_RULE), []
        if not o.persona.files_request:
            why = "This exercise's buyer never files an official request (`buyer_files_request: false`)."
            return Result(False, why, REQUEST_RULE), []
        d = action_allowed(self.rb, o.status, "request_cancellation", actor="buyer")
        if not d.ok:
            return Result(False, d.reason, d.rule), []
        happened = self.file_request(o, clock)
        return Result(True, " ".join(happened), d.rule), happened
