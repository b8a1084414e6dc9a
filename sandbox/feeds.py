"""The Feeds API's world: feed documents, order-acknowledgement feeds and their processing reports.

A feed waits ``QUEUE`` in IN_QUEUE and ``WORK`` in IN_PROGRESS (simulated time); its messages are
applied when it finishes, so an order that ships meanwhile is reported as shipped.  A document that
cannot be read makes the feed FATAL, with a report that says where.  The report's wording follows
the processing reports sellers post; the ResultMessageCode numbers are the sandbox's own.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import timedelta
from xml.etree import ElementTree

from sandbox.orders import Event
from sandbox.world import Cancellation, Refusal, Sandbox

XML_FEED = "POST_ORDER_ACKNOWLEDGEMENT_DATA"
FLAT_FEED = "POST_FLAT_FILE_ORDER_ACKNOWLEDGEMENT_DATA"
FEED_TYPES = (XML_FEED, FLAT_FEED)
QUEUE, WORK = timedelta(seconds=30), timedelta(seconds=90)
FLAT_COLUMNS = ("order-id", "order-item-id", "cancel-reason")
# The ResultMessageCode of each refusal (the sandbox's numbers) and of a malformed message.
CODES = {
    "OrderNotFound": 18101,
    "InvalidOrderState": 18102,
    "InvalidOrderItem": 18103,
    "InvalidReason": 18104,
}
MALFORMED = 18100


@dataclass
class Message:
    number: int
    order_id: str
    cancel: bool  # StatusCode Failure (a cancel) or Success (an acknowledgement)
    items: dict[str, str] = field(default_factory=dict)  # item code -> CancelReason as sent


@dataclass
class Result:
    message: Message
    ok: bool
    code: int = 0
    text: str = ""


@dataclass
class Feed:
    feed_id: str
    feed_type: str
    marketplace_ids: list[str]
    document_id: str
    created: str
    status: str = "IN_QUEUE"
    started: str | None = None
    ended: str | None = None
    result_document_id: str | None = None
    results: list[Result] = field(default_factory=list)
    cancels: list[Cancellation] = field(default_factory=list)


class FeedError(ValueError):
    """A document the sandbox cannot read: the feed is FATAL."""


class FeedDesk:
    def __init__(self, world: Sandbox) -> None:
        self.world = world
        self.documents: dict[str, dict] = {}
        self.feeds: dict[str, Feed] = {}
        world.handlers["feed_start"] = self._start
        world.handlers["feed_done"] = self._done

    def create_document(self, content_type: str) -> str:
        with self.world.lock:
            doc_id = f"amzn1.tortuga.4.sandbox.{len(self.documents) + 1:08d}"
            self.documents[doc_id] = {"content_type": content_type, "content": None}
            return doc_id

    def upload(self, doc_id: str, content: bytes) -> bool:
        with self.world.lock:
            doc = self.documents.get(doc_id)
            if doc is None or doc.get("result"):
                return False
            doc["content"] = content
            return True

    def create_feed(self, feed_type: str, doc_id: str, marketplace_ids: list[str]) -> Feed | Refusal:
        with self.world.lock:
            if feed_type not in FEED_TYPES:
                known = " or ".join(FEED_TYPES)
                return Refusal("InvalidInput", f"The sandbox serves feedType {known}, not {feed_type!r}.")
            doc = self.documents.get(doc_id)
            if doc is None or doc.get("result"):
                return Refusal("InvalidInput", f"Feed document {doc_id!r} was not found.")
            if doc["content"] is None:
                return Refusal("InvalidInput", f"Feed document {doc_id!r} has no uploaded content.")
            now = self.world.now
            feed = Feed(f"{50_000 + len(self.feeds) + 1}", feed_type, marketplace_ids, doc_id, iso(now))
            self.feeds[feed.feed_id] = feed
            self.world.schedule(Event(now + QUEUE, "feed_start", "", note=feed.feed_id))
            self.world.schedule(Event(now + QUEUE + WORK, "feed_done", "", note=feed.feed_id))
            return feed

    def _start(self, e: Event) -> None:
        feed = self.feeds[e.note]
        feed.status, feed.started = "IN_PROGRESS", iso(self.world.now)

    def _done(self, e: Event) -> None:
        feed = self.feeds[e.note]
        content = self.documents[feed.document_id]["content"] or b""
        try:
            messages = parse_feed(feed.feed_type, content)
        except FeedError as err:
            feed.status = "FATAL"
            report = fatal_report(feed, str(err))
        else:
            feed.results = [self._apply(feed, m) for m in messages]
            feed.status = "DONE"
            report = xml_report(feed) if feed.feed_type == XML_FEED else flat_report(feed)
        feed.ended = iso(self.world.now)
        rid = f"amzn1.tortuga.4.sandbox.report.{feed.feed_id}"
        kind = "text/xml; charset=UTF-8" if feed.feed_type == XML_FEED else "text/tab-separated-values"
        self.documents[rid] = {"content_type": kind, "content": report.encode(), "result": True}
        feed.result_document_id = rid

    def _apply(self, feed: Feed, m: Message) -> Result:
        w = self.world
        if not m.cancel:
            found = w.find(m.order_id) is not None
            return Result(
                m, found, 0 if found else CODES["OrderNotFound"], "" if found else not_found(m.order_id)
            )
        if not m.items:
            return Result(
                m, False, MALFORMED, "A cancellation (StatusCode Failure) needs an Item with a CancelReason."
            )
        reasons: dict[str, str] = {}
        for item, code in m.items.items():
            r = next((r for r in w.rb.reasons if r.feed_code == code), None)
            if r is None:
                known = ", ".join(x.feed_code for x in w.rb.reasons if x.feed_code)
                why = f"The CancelReason {code!r} is not valid for this marketplace. Valid values: {known}."
                return Result(m, False, CODES["InvalidReason"], why)
            reasons[item] = r.id
        out = w.cancel(m.order_id, reasons, source=f"feed {feed.feed_id}")
        if isinstance(out, Refusal):
            return Result(m, False, CODES[out.code], out.message)
        feed.cancels.append(out)
        return Result(m, True)


def iso(t) -> str:
    return t.isoformat().replace("+00:00", "Z")


def not_found(order_id: str) -> str:
    return f"The order {order_id} was not found for this seller."


def _text(node: ElementTree.Element, tag: str) -> str:
    found = node.find(tag)
    return (found.text or "").strip() if found is not None else ""


def parse_feed(feed_type: str, content: bytes) -> list[Message]:
    if feed_type == XML_FEED:
        return parse_xml(content)
    return parse_flat(content)


def parse_xml(content: bytes) -> list[Message]:
    try:
        root = ElementTree.fromstring(content)
    except ElementTree.ParseError as err:
        raise FeedError(f"The XML is not well formed: {err}.") from None
    if root.tag != "AmazonEnvelope" or _text(root, "MessageType") != "OrderAcknowledgement":
        raise FeedError("Expected an AmazonEnvelope whose MessageType is OrderAcknowledgement.")
    out = []
    for k, msg in enumerate(root.findall("Message"), 1):
        ack = msg.find("OrderAcknowledgement")
        number = int(_text(msg, "MessageID") or k) if _text(msg, "MessageID").isdigit() else k
        if ack is None:
            raise FeedError(f"Message {number} has no OrderAcknowledgement.")
        status = _text(ack, "StatusCode")
        if status not in ("Success", "Failure"):
            raise FeedError(f"Message {number}: StatusCode must be Success or Failure, not {status!r}.")
        items = {_text(i, "AmazonOrderItemCode"): _text(i, "CancelReason") for i in ack.findall("Item")}
        out.append(Message(number, _text(ack, "AmazonOrderID"), status == "Failure", items))
    if not out:
        raise FeedError("The envelope holds no Message.")
    return out


def parse_flat(content: bytes) -> list[Message]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("iso-8859-1")
    rows = list(csv.reader(io.StringIO(text), delimiter="\t"))
    rows = [r for r in rows if any(c.strip() for c in r)]
    head = [c.strip().lower() for c in rows[0]] if rows else []
    missing = [c for c in FLAT_COLUMNS if c not in head]
    if missing:
        raise FeedError(
            f"Line 1: the header needs the columns {', '.join(FLAT_COLUMNS)}; missing {missing[0]}."
        )
    col = {c: head.index(c) for c in FLAT_COLUMNS}
    by_order: dict[str, Message] = {}
    for n, r in enumerate(rows[1:], 2):
        cells = [*r, *[""] * len(head)]
        oid, item, reason = (cells[col[c]].strip() for c in FLAT_COLUMNS)
        m = by_order.setdefault(oid, Message(n, oid, bool(reason)))
        if item:
            m.items[item] = reason
        m.cancel = m.cancel or bool(reason)
    return list(by_order.values())


def _summary(feed: Feed) -> tuple[int, int, int]:
    bad = sum(not r.ok for r in feed.results)
    return len(feed.results), len(feed.results) - bad, bad


def xml_report(feed: Feed) -> str:
    done, good, bad = _summary(feed)
    results = "".join(
        "<Result>"
        f"<MessageID>{r.message.number}</MessageID><ResultCode>Error</ResultCode>"
        f"<ResultMessageCode>{r.code}</ResultMessageCode><ResultDescription>{_esc(r.text)}</ResultDescription>"
        f"<AdditionalInfo><AmazonOrderID>{_esc(r.message.order_id)}</AmazonOrderID></AdditionalInfo>"
        "</Result>"
        for r in feed.results
        if not r.ok
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<AmazonEnvelope>'
        "<Header><DocumentVersion>1.02</DocumentVersion><MerchantIdentifier>SANDBOX</MerchantIdentifier></Header>"
        "<MessageType>ProcessingReport</MessageType><Message><MessageID>1</MessageID><ProcessingReport>"
        f"<DocumentTransactionID>{feed.feed_id}</DocumentTransactionID><StatusCode>Complete</StatusCode>"
        f"<ProcessingSummary><MessagesProcessed>{done}</MessagesProcessed>"
        f"<MessagesSuccessful>{good}</MessagesSuccessful><MessagesWithError>{bad}</MessagesWithError>"
        f"<MessagesWithWarning>0</MessagesWithWarning></ProcessingSummary>{results}"
        "</ProcessingReport></Message></AmazonEnvelope>\n"
    )


def flat_report(feed: Feed) -> str:
    done, good, _ = _summary(feed)
    lines = [
        "Feed Processing Summary:",
        f"\tNumber of records processed\t\t{done}",
        f"\tNumber of records successful\t\t{good}",
        "",
        "original-record-number\torder-id\terror-code\terror-type\terror-message",
    ]
    lines += [
        f"{r.message.number}\t{r.message.order_id}\t{r.code}\tError\t{r.text}"
        for r in feed.results
        if not r.ok
    ]
    return "\n".join(lines) + "\n"


def fatal_report(feed: Feed, why: str) -> str:
    if feed.feed_type == FLAT_FEED:
        return f"Feed Processing Summary:\n\tNumber of records processed\t\t0\n\nerror-type\tFatal\n{why}\n"
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<AmazonEnvelope><MessageType>ProcessingReport</MessageType>'
        f"<Message><MessageID>1</MessageID><ProcessingReport><DocumentTransactionID>{feed.feed_id}"
        "</DocumentTransactionID><StatusCode>Complete</StatusCode><Result><MessageID>0</MessageID>"
        f"<ResultCode>Error</ResultCode><ResultMessageCode>{MALFORMED}</ResultMessageCode>"
        f"<ResultDescription>{_esc(why)}</ResultDescription></Result></ProcessingReport></Message>"
        "</AmazonEnvelope>\n"
    )


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
