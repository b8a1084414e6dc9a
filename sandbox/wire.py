"""The sandbox's orders in Amazon's published shapes: Orders v0 (``ordersV0.json``), Orders
2026-01-01 (``orders_2026-01-01.json``) and the ORDER_CHANGE notification
(``OrderChangeNotification.json``).  ``IsBuyerRequestedCancel`` is a string in v0 and a boolean in
the notification, each as published.
"""

from __future__ import annotations

from datetime import datetime

from formats import spapi
from rules import vocabulary
from sandbox.orders import Item, Order
from sandbox.world import Sandbox

SELLER_ID = "ASANDBOXSELLER"


def stamp(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def _money(world: Sandbox, amount: float) -> dict:
    return {"CurrencyCode": world.rb.currency, "Amount": f"{amount:.2f}"}


def marketplace(world: Sandbox) -> str:
    return spapi.marketplace_id(world.rb.marketplace)


def v0_order(world: Sandbox, o: Order) -> dict:
    shipped = sum(i.shipped for i in o.items)
    out = {
        "AmazonOrderId": o.order_id,
        "PurchaseDate": stamp(o.purchase),
        "LastUpdateDate": stamp(o.updated),
        "OrderStatus": o.status,
        "FulfillmentChannel": o.channel,
        "SalesChannel": _sales_channel(world),
        "NumberOfItemsShipped": shipped,
        "NumberOfItemsUnshipped": sum(i.open for i in o.items),
        "MarketplaceId": marketplace(world),
        "OrderType": "StandardOrder",
        "EarliestShipDate": stamp(o.purchase),
        "LatestShipDate": stamp(o.ship_by),
        "IsBusinessOrder": False,
        "IsPrime": False,
        "IsPremiumOrder": False,
        "IsGlobalExpressEnabled": False,
        "IsReplacementOrder": False,
        "IsSoldByAB": False,
        "IsISPU": False,
        "PaymentMethod": "Other",
    }
    if o.status != world.statuses["pending"]:  # a Pending order shows no total and no buyer
        out["OrderTotal"] = _money(world, o.total)
        out["ShippingAddress"] = {"Name": o.buyer_name, "City": o.city, "CountryCode": _country(world)}
    return out


def v0_item(world: Sandbox, it: Item) -> dict:
    return {
        "ASIN": it.asin,
        "SellerSKU": it.sku,
        "OrderItemId": it.item_id,
        "Title": it.title,
        "QuantityOrdered": it.quantity,
        "QuantityShipped": it.shipped,
        "ItemPrice": _money(world, it.price * it.quantity),
        "IsGift": "false",
        "BuyerRequestedCancel": {
            "IsBuyerRequestedCancel": "true" if it.request_reason else "false",
            "BuyerCancelReason": it.request_reason or "",
        },
    }


def v2026_order(world: Sandbox, o: Order, cancellation: bool) -> dict:
    out: dict = {
        "orderId": o.order_id,
        "createdTime": stamp(o.purchase),
        "lastUpdatedTime": stamp(o.updated),
        "salesChannel": {"channelName": _sales_channel(world), "marketplaceId": marketplace(world)},
        "fulfillment": {
            "fulfillmentStatus": spapi.fulfillment_status(o.status),
            "fulfilledBy": "MERCHANT" if o.channel == "MFN" else "AMAZON",
            "shipByWindow": {"earliestDateTime": stamp(o.purchase), "latestDateTime": stamp(o.ship_by)},
        },
        "orderItems": [_v2026_item(world, o, it, cancellation) for it in o.items],
    }
    return out


def _v2026_item(world: Sandbox, o: Order, it: Item, cancellation: bool) -> dict:
    out: dict = {
        "orderItemId": it.item_id,
        "quantityOrdered": it.quantity,
        "product": {
            "asin": it.asin,
            "title": it.title,
            "sellerSku": it.sku,
            "price": {"unitPrice": {"amount": f"{it.price:.2f}", "currencyCode": world.rb.currency}},
        },
    }
    if cancellation:
        block: dict = {}
        if it.request_reason:
            block["cancellationRequest"] = {"requester": "BUYER", "cancelReason": it.request_reason}
        done = next((c for c in world.cancels if c.order_id == o.order_id and it.item_id in c.items), None)
        if done is not None:
            execution = {"cancelledBy": spapi.CANCELLED_BY[done.by]}
            reason = world.rb.reason(done.reason or "")
            if reason is not None:
                execution["cancelReason"] = reason.feed_code or reason.id
            block["cancellationExecution"] = execution
        if block:
            out["cancellation"] = block
    return out


def notification(world: Sandbox, o: Order, change: str, when: datetime, number: int) -> dict:
    """An ORDER_CHANGE notification for ``o`` (``change``: OrderStatusChange or BuyerRequestedChange)."""
    trigger = {"TimeOfOrderChange": stamp(when), "ChangeReason": _reason_words(change)}
    summary = {
        "MarketplaceId": marketplace(world),
        "OrderStatus": o.status,
        "PurchaseDate": stamp(o.purchase),
        "DestinationPostalCode": None,  # the sandbox's buyers have a city, not a postal code
        "FulfillmentType": o.channel,
        "OrderType": "StandardOrder",
        "NumberOfItemsShipped": sum(i.shipped for i in o.items),
        "NumberOfItemsUnshipped": sum(i.open for i in o.items),
        "EarliestShipDate": stamp(o.purchase),
        "LatestShipDate": stamp(o.ship_by),
        "OrderItems": [_note_item(world, it) for it in o.items],
    }
    nid = f"sandbox-{world.seed}-{number:08d}"
    return {
        "NotificationVersion": "1.0",
        "NotificationType": "ORDER_CHANGE",
        "PayloadVersion": "1.0",
        "EventTime": stamp(when),
        "Payload": {
            "OrderChangeNotification": {
                "NotificationLevel": "OrderLevel",
                "SellerId": SELLER_ID,
                "AmazonOrderId": o.order_id,
                "OrderChangeType": change,
                "OrderChangeTrigger": trigger,
                "Summary": summary,
            }
        },
        "NotificationMetadata": {
            "ApplicationId": "app-id-sandbox",
            "SubscriptionId": "subscription-id-sandbox",
            "PublishTime": stamp(when),
            "NotificationId": nid,
        },
    }


def _note_item(world: Sandbox, it: Item) -> dict:
    out = {
        "OrderItemId": it.item_id,
        "SellerSKU": it.sku,
        "SupplySourceId": None,  # no supply sources in the sandbox
        "Quantity": it.quantity,
        "QuantityShipped": it.shipped,
        "IsBuyerRequestedCancel": bool(it.request_reason),
    }
    # The published item statuses are Unshipped and Shipped only: a cancelled item has none.
    if it.open:
        out["OrderItemStatus"] = world.statuses["unshipped"]
    elif it.shipped:
        out["OrderItemStatus"] = world.statuses["shipped"]
    return out


def _reason_words(change: str) -> str:
    return "Buyer Requested Cancel" if change == "BuyerRequestedChange" else "Order Status Change"


def _sales_channel(world: Sandbox) -> str:
    return vocabulary.storefront(world.rb).sales_channel


def _country(world: Sandbox) -> str:
    """The ship-to country: the scenario's Faker locale's country part (en_GB -> GB)."""
    return (world.scenario.locale or "").rpartition("_")[2] or "ZZ"
