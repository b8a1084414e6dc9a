"""Orders v0 (getOrders, getOrder, getOrderItems, confirmShipment) and Orders 2026-01-01
(searchOrders, getOrder with includedData), over the sandbox's world."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request, Response

from formats import spapi
from sandbox import wire
from sandbox.orders import Order
from sandbox.service import ApiError, Service, bad, listed, page_token, parse_int, parse_when, read_token

V0, V2026 = "/orders/v0/orders", "/orders/2026-01-01/orders"
INCLUDED_DATA = (
    "BUYER",
    "RECIPIENT",
    "PROCEEDS",
    "EXPENSE",
    "PROMOTION",
    "CANCELLATION",
    "FULFILLMENT",
    "PACKAGES",
)


def _not_found(order_id: str) -> ApiError:
    return ApiError(404, "NotFound", f"Order {order_id} was not found.", "Check the AmazonOrderId.")


def _select(svc: Service, q: dict) -> list[Order]:
    """The orders a search asks for, oldest first (the created or last-updated time, as asked)."""
    w = svc.world
    created = "ca" in q
    lo = datetime.fromisoformat(q.get("ca") or q["ua"])
    hi = datetime.fromisoformat(q["cb"] or q["ub"]) if (q.get("cb") or q.get("ub")) else w.now
    statuses, channels = set(q["st"]), set(q["ch"])
    out = []
    for o in w.visible():
        t = o.purchase if created else o.updated
        if not lo <= t <= hi:
            continue
        if statuses and o.status not in statuses:
            continue
        if channels and o.channel not in channels:
            continue
        out.append(o)
    return sorted(out, key=lambda o: (o.purchase if created else o.updated, o.order_id))


def _query(svc: Service, names: dict[str, str], params, statuses: list[str], channels: list[str]) -> dict:
    ca, cb = (parse_when(names[k], params.get(names[k])) for k in ("ca", "cb"))
    ua, ub = (parse_when(names[k], params.get(names[k])) for k in ("ua", "ub"))
    if (ca is None) == (ua is None):
        raise bad(f"Exactly one of {names['ca']} and {names['ua']} is required.")
    if (ca is not None and (ua or ub)) or (ua is not None and (ca or cb)):
        raise bad(f"{names['ca']}/{names['cb']} cannot be combined with {names['ua']}/{names['ub']}.")
    q = {k: v.isoformat() if v else None for k, v in (("ca", ca), ("cb", cb), ("ua", ua), ("ub", ub))}
    return {k: v for k, v in q.items() if v is not None or k in ("cb", "ub")} | {
        "st": statuses,
        "ch": channels,
    }


def _marketplaces(svc: Service, name: str, values: list[str]) -> None:
    mine = wire.marketplace(svc.world)
    if not values:
        raise bad(f"{name} is required.", f"This sandbox's marketplace is {mine}.")
    if mine not in values:
        raise bad(f"{name} {', '.join(values)} is not this seller's marketplace.", f"Use {mine}.")


def router(svc: Service) -> APIRouter:
    r = APIRouter()
    w = svc.world
    known_statuses = [s.id for s in w.rb.statuses]

    @r.get(V0)
    def get_orders(request: Request) -> dict:
        svc.guard(request, "ordersV0.getOrders")
        p = request.query_params
        _marketplaces(svc, "MarketplaceIds", listed(p.getlist("MarketplaceIds")))
        size = parse_int("MaxResultsPerPage", p.get("MaxResultsPerPage"), 1, 100, 100)
        if p.get("NextToken"):
            q, offset = read_token("NextToken", p["NextToken"])
        else:
            statuses = listed(p.getlist("OrderStatuses"))
            wrong = [s for s in statuses if s not in known_statuses]
            if wrong:
                raise bad(f"OrderStatuses {wrong[0]!r} is not a valid status.", ", ".join(known_statuses))
            channels = listed(p.getlist("FulfillmentChannels"))
            if any(c not in ("MFN", "AFN") for c in channels):
                raise bad("FulfillmentChannels must be MFN or AFN.")
            names = {
                "ca": "CreatedAfter",
                "cb": "CreatedBefore",
                "ua": "LastUpdatedAfter",
                "ub": "LastUpdatedBefore",
            }
            q, offset = _query(svc, names, p, statuses, channels), 0
            q["size"] = size
        found = _select(svc, q)
        page = found[offset : offset + q.get("size", size)]
        payload: dict = {"Orders": [wire.v0_order(w, o) for o in page]}
        if offset + len(page) < len(found):
            payload["NextToken"] = page_token(q, offset + len(page))
        key = "CreatedBefore" if "ca" in q else "LastUpdatedBefore"
        payload[key] = wire.stamp(w.now)
        return {"payload": payload}

    @r.get(V0 + "/{order_id}")
    def get_order(order_id: str, request: Request) -> dict:
        svc.guard(request, "ordersV0.getOrder")
        o = w.find(order_id)
        if o is None:
            raise _not_found(order_id)
        return {"payload": wire.v0_order(w, o)}

    @r.get(V0 + "/{order_id}/orderItems")
    def get_order_items(order_id: str, request: Request) -> dict:
        svc.guard(request, "ordersV0.getOrderItems")
        o = w.find(order_id)
        if o is None:
            raise _not_found(order_id)
        items = [wire.v0_item(w, i) for i in o.items]
        return {"payload": {"AmazonOrderId": o.order_id, "OrderItems": items}}

    @r.post(V0 + "/{order_id}/shipmentConfirmation", status_code=204)
    async def confirm_shipment(order_id: str, request: Request) -> Response:
        svc.guard(request, "ordersV0.confirmShipment")
        try:
            body = await request.json()
            detail = body["packageDetail"]
            quantities = {str(i["orderItemId"]): int(i["quantity"]) for i in detail["orderItems"]}
            missing = [
                k
                for k in ("packageReferenceId", "carrierCode", "trackingNumber", "shipDate")
                if k not in detail
            ]
        except (ValueError, KeyError, TypeError):
            raise bad("The body must be a ConfirmShipmentRequest with packageDetail.orderItems.") from None
        if missing:
            raise bad(f"packageDetail.{missing[0]} is required.")
        _marketplaces(
            svc, "marketplaceId", [str(body.get("marketplaceId", ""))] if body.get("marketplaceId") else []
        )
        if w.find(order_id) is None:
            raise _not_found(order_id)
        out = w.confirm_shipment(order_id, quantities)
        if not isinstance(out, Order):
            raise bad(out.message)
        return Response(status_code=204)

    @r.get(V2026)
    def search_orders(request: Request) -> dict:
        svc.guard(request, "orders_2026-01-01.searchOrders")
        p = request.query_params
        included = _included(listed(p.getlist("includedData")))
        if p.get("paginationToken"):
            q, offset = read_token("paginationToken", p["paginationToken"])
        else:
            _marketplaces(svc, "marketplaceIds", listed(p.getlist("marketplaceIds")))
            wanted = listed(p.getlist("fulfillmentStatuses"))
            wrong = [s for s in wanted if s not in spapi.STATUS_FROM_FULFILLMENT]
            if wrong:
                raise bad(f"fulfillmentStatuses {wrong[0]!r} is not a FulfillmentStatus.")
            by = listed(p.getlist("fulfilledBy"))
            if any(b not in ("MERCHANT", "AMAZON") for b in by):
                raise bad("fulfilledBy must be MERCHANT or AMAZON.")
            statuses = [spapi.STATUS_FROM_FULFILLMENT[s] for s in wanted]
            channels = ["MFN" if b == "MERCHANT" else "AFN" for b in by]
            names = {
                "ca": "createdAfter",
                "cb": "createdBefore",
                "ua": "lastUpdatedAfter",
                "ub": "lastUpdatedBefore",
            }
            q, offset = _query(svc, names, p, statuses, channels), 0
            q["size"] = parse_int("maxResultsPerPage", p.get("maxResultsPerPage"), 1, 100, 100)
        found = _select(svc, q)
        page = found[offset : offset + q["size"]]
        out: dict = {"orders": [wire.v2026_order(w, o, "CANCELLATION" in included) for o in page]}
        if offset + len(page) < len(found):
            out["pagination"] = {"nextToken": page_token(q, offset + len(page))}
        out["createdBefore" if "ca" in q else "lastUpdatedBefore"] = wire.stamp(w.now)
        return out

    @r.get(V2026 + "/{order_id}")
    def get_order_2026(order_id: str, request: Request) -> dict:
        svc.guard(request, "orders_2026-01-01.getOrder")
        included = _included(listed(request.query_params.getlist("includedData")))
        o = w.find(order_id)
        if o is None:
            raise _not_found(order_id)
        return {"order": wire.v2026_order(w, o, "CANCELLATION" in included)}

    return r


def _included(values: list[str]) -> list[str]:
    wrong = [v for v in values if v not in INCLUDED_DATA]
    if wrong:
        raise bad(f"includedData {wrong[0]!r} is not valid.", ", ".join(INCLUDED_DATA))
    return values
