"""A real client nobody here wrote (python-amazon-sp-api) drives the sandbox end to end: list orders,
find the buyer-requested ones, cancel with a feed, poll it, read the report, and check the account
counts or excludes each cancel exactly as ``python -m rules explain counts`` says.  Every answer the
client receives is validated against Amazon's published model (the conftest's response hook)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import timedelta
from xml.etree import ElementTree

import httpx
from sp_api.api import Feeds, Orders

from tests.sandbox.conftest import ROOT_DIR

XML_FEED = "POST_ORDER_ACKNOWLEDGEMENT_DATA"


def ack(messages: list[tuple[str, str, str]]) -> str:
    """A POST_ORDER_ACKNOWLEDGEMENT_DATA envelope: (order id, item code, CancelReason) per message."""
    body = "".join(
        f"<Message><MessageID>{k}</MessageID><OrderAcknowledgement><AmazonOrderID>{o}</AmazonOrderID>"
        f"<StatusCode>Failure</StatusCode><Item><AmazonOrderItemCode>{i}</AmazonOrderItemCode>"
        f"<CancelReason>{r}</CancelReason></Item></OrderAcknowledgement></Message>"
        for k, (o, i, r) in enumerate(messages, 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><AmazonEnvelope>'
        "<Header><DocumentVersion>1.01</DocumentVersion>"
        "<MerchantIdentifier>M_SANDBOX</MerchantIdentifier></Header>"
        f"<MessageType>OrderAcknowledgement</MessageType>{body}</AmazonEnvelope>"
    )


def explain_counts(reason: str, requested: bool) -> dict:
    flag = "--buyer-requested" if requested else "--no-request"
    out = subprocess.run(
        [sys.executable, "-m", "rules", "explain", "--json", "counts", "--reason", reason, flag],
        cwd=ROOT_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)[0]


def advance(server, how: str) -> None:
    httpx.post(f"{server.url}/sandbox/clock", json={"advance": how}).raise_for_status()


def test_list_find_cancel_poll_report_and_account(races_server):
    s = races_server
    advance(s, "4h5m")  # the late_request race's request is in (at 4 h), its label bought, not shipped
    orders = s.client(Orders)
    start = s.world.clock.start
    listed, token = [], None
    while True:
        kw = {"NextToken": token} if token else {"CreatedAfter": start.isoformat(), "MaxResultsPerPage": 50}
        page = orders.get_orders(**kw).payload
        listed += page["Orders"]
        token = page.get("NextToken")
        if not token:
            break
    assert len(listed) == len(s.world.visible()) > 50  # every page, no order twice
    assert len({o["AmazonOrderId"] for o in listed}) == len(listed)
    mfn_open = [o for o in listed if o["FulfillmentChannel"] == "MFN" and o["OrderStatus"] == "Unshipped"]
    requested = {}
    for o in mfn_open:
        items = orders.get_order_items(o["AmazonOrderId"]).payload["OrderItems"]
        asked = [i for i in items if i["BuyerRequestedCancel"]["IsBuyerRequestedCancel"] == "true"]
        if asked:
            requested[o["AmazonOrderId"]] = (items, asked)
    races = {o.race: o.order_id for o in s.world.orders.values() if o.race}
    assert races["late_request"] in requested and races["one_item"] in requested
    assert races["shipped_meanwhile"] not in requested  # it shipped: no longer Unshipped
    one_items, one_asked = requested[races["one_item"]]
    assert len(one_items) == 3 and len(one_asked) == 1  # the request is on one item only
    late_item = requested[races["late_request"]][1][0]["OrderItemId"]
    plain = next(o["AmazonOrderId"] for o in mfn_open if o["AmazonOrderId"] not in requested)
    plain_item = orders.get_order_items(plain).payload["OrderItems"][0]["OrderItemId"]
    before = httpx.get(f"{s.url}/sandbox/account").json()["cancellation_rate"]["windows"][0]

    feeds = s.client(Feeds)
    doc = ack(
        [
            (races["late_request"], late_item, "BuyerCanceled"),
            (plain, plain_item, "BuyerCanceled"),  # no official request: accepted, and it counts
            (races["one_item"], one_asked[0]["OrderItemId"], "BuyerCanceled"),
            (races["shipped_meanwhile"], "1", "BuyerCanceled"),
            ("999-0000000-0000000", "1", "NoInventory"),
            (races["one_item"], "00000000000000", "NoInventory"),
        ]
    )
    _, created = feeds.submit_feed(XML_FEED, io.StringIO(doc), content_type="text/xml")
    feed_id = created.payload["feedId"]
    seen = []
    for _ in range(10):
        feed = feeds.get_feed(feed_id).payload
        seen.append(feed["processingStatus"])
        if feed["processingStatus"] in ("DONE", "FATAL"):
            break
        advance(s, "45s")
    assert seen[0] == "IN_QUEUE" and "IN_PROGRESS" in seen and seen[-1] == "DONE"
    report = feeds.get_feed_result_document(feed["resultFeedDocumentId"])
    root = ElementTree.fromstring(report)
    summary = root.find(".//ProcessingSummary")
    assert summary.findtext("MessagesProcessed") == "6"
    assert summary.findtext("MessagesSuccessful") == "3"
    errors = {int(r.findtext("MessageID")): r.findtext("ResultDescription") for r in root.iter("Result")}
    assert set(errors) == {4, 5, 6}
    assert "Shipped" in errors[4] and "cannot be cancelled" in errors[4]
    assert "was not found" in errors[5]
    assert "not part of the order" in errors[6]

    cancelled = orders.get_order(races["late_request"]).payload
    assert cancelled["OrderStatus"] == s.world.statuses["cancelled"]
    assert orders.get_order(plain).payload["OrderStatus"] == s.world.statuses["cancelled"]
    assert orders.get_order(races["one_item"]).payload["OrderStatus"] == s.world.statuses["unshipped"]

    account = httpx.get(f"{s.url}/sandbox/account").json()
    mine = {c["order_id"]: c for c in account["client_cancels"]}
    assert set(mine) == {races["late_request"], plain, races["one_item"]}
    for oid, requested_flag in ((races["late_request"], True), (plain, False), (races["one_item"], True)):
        said = explain_counts("BuyerCanceled", requested_flag)
        assert mine[oid]["counted"] == said["ok"], oid
        assert mine[oid]["category"] == said["category"]
        assert mine[oid]["why"] == said["reason"]
    assert not mine[races["late_request"]]["counted"] and mine[plain]["counted"]
    # the grade of each cancel against the rulebook's handlings of the order's situation
    assert mine[races["late_request"]]["grade"]["grade"] == "best"
    assert mine[plain]["grade"] is None  # an order with no situation has no answer key
    after = account["cancellation_rate"]["windows"][0]
    assert after["counted_cancellations"] == before["counted_cancellations"] + 1
    assert after["rate"] == after["counted_cancellations"] / after["seller_fulfilled_orders"]
    assert after["rate"] > (before["rate"] or 0)
    ops = {v.split()[1].split("/")[-1] if "feeds" not in v else v.split()[1] for v in s.validated}
    assert len(s.validated) > 10 and any("orderItems" in v for v in s.validated), ops


def test_orders_2026_shows_the_cancellation(races_server):
    s = races_server
    late = next(o for o in s.world.orders.values() if o.race == "late_request")
    if late.status != s.world.statuses["cancelled"]:  # alone: cancel it here
        assert s.world.cancel(late.order_id, {late.items[0].item_id: s.world.rb.buyer_request_reason.reason})
    orders = s.client(Orders, version="2026-01-01")
    got = orders.get_order(late.order_id, includedData=["CANCELLATION"]).payload["order"]
    item = got["orderItems"][0]["cancellation"]
    assert item["cancellationRequest"]["requester"] == "BUYER"
    assert item["cancellationExecution"]["cancelledBy"] == "MERCHANT"
    assert got["fulfillment"]["fulfillmentStatus"] == "CANCELLED"
    start = (s.world.clock.start - timedelta(minutes=1)).isoformat()
    found = orders.search_orders(createdAfter=start, fulfillmentStatuses=["CANCELLED"], maxResultsPerPage=100)
    ids = {o["orderId"] for o in found.payload["orders"]}
    assert late.order_id in ids
    assert all(o["fulfillment"]["fulfillmentStatus"] == "CANCELLED" for o in found.payload["orders"])
