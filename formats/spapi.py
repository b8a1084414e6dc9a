"""The Selling Partner API's own spellings, in one table: what the sandbox (``sandbox/``) writes on
the wire for a rulebook's statuses, actors and marketplaces.

The ids are the rulebook's; only the SP-API's words for them live here (Orders v0 writes a
status as the rulebook does, Orders 2026-01-01 as ``FulfillmentStatus``; the marketplace ids are
the SP-API's ``MarketplaceId`` values).
"""

from __future__ import annotations

# Orders v0 OrderStatus -> Orders 2026-01-01 FulfillmentStatus (orders_2026-01-01.json).
FULFILLMENT_STATUS = {
    "PendingAvailability": "PENDING_AVAILABILITY",
    "Pending": "PENDING",
    "Unshipped": "UNSHIPPED",
    "PartiallyShipped": "PARTIALLY_SHIPPED",
    "Shipped": "SHIPPED",
    "InvoiceUnconfirmed": "SHIPPED",
    "Canceled": "CANCELLED",
    "Unfulfillable": "UNFULFILLABLE",
}
STATUS_FROM_FULFILLMENT = {v: k for k, v in FULFILLMENT_STATUS.items() if k != "InvoiceUnconfirmed"}

# Who cancelled (a rulebook action's actor) -> ItemCancellationExecution.cancelledBy.
CANCELLED_BY = {"buyer": "BUYER", "seller": "MERCHANT", "amazon": "AMAZON"}

# A rulebook's marketplace -> the SP-API MarketplaceId (Amazon's marketplace id table).
MARKETPLACE_IDS = {
    "US": "ATVPDKIKX0DER",
    "CA": "A2EUQ1WTGCTBG2",
    "UK": "A1F83G8C2ARO7P",
    "DE": "A1PA6795UKMFR9",
    "FR": "A13V1IB3VIYZZH",
    "IT": "APJ6JRA9NG5V4",
    "ES": "A1RKKUPIHCS9HS",
    "IN": "A21TJRUUN4KGV",
    "JP": "A1VC38T7YXB528",
    "AU": "A39IBJ37TRP1C6",
}
SANDBOX_MARKETPLACE_ID = "ASANDBOX0000"  # a made-up marketplace (tests drop one in): no real id


def marketplace_id(marketplace: str) -> str:
    return MARKETPLACE_IDS.get(marketplace, SANDBOX_MARKETPLACE_ID)


def fulfillment_status(status: str) -> str:
    """The 2026-01-01 word for a v0 status; an id the table lacks is upper-cased."""
    return FULFILLMENT_STATUS.get(status, status.upper())
