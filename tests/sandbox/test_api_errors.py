"""Sign-in, errors in Amazon's shape, throttling as published, and the answers' shapes checked against
the published models (a wrong shape is caught: the check can fail)."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from openapi_core.validation.response.exceptions import InvalidData

from sandbox.world import Sandbox
from tests.sandbox.conftest import serve
from tests.sandbox.openapi import validate

V0 = "/orders/v0/orders"


@pytest.fixture(scope="module")
def throttled():
    """One day of the starter shop with throttling on, the clock stopped."""
    yield from serve(Sandbox("starter_shop", seed=5, days=1, speed=0), throttle=True)


def market(server) -> str:
    from sandbox.wire import marketplace  # deferred: only the tests that send a marketplace need it

    return marketplace(server.world)


def test_no_token_or_a_made_up_one_is_refused_in_amazons_shape(throttled):
    for headers in ({}, {"x-amz-access-token": "Atza|made-up"}):
        r = httpx.get(throttled.url + V0, params={"CreatedAfter": "2025-01-01T00:00:00Z"}, headers=headers)
        throttled.check(r)
        assert r.status_code == 403
        (err,) = r.json()["errors"]
        assert err["code"] == "Unauthorized" and "access token" in err["details"]


def test_token_endpoint_wants_a_grant(throttled):
    r = httpx.post(throttled.url + "/auth/o2/token", data={"grant_type": "password"})
    assert r.status_code == 400 and r.json()["error"] == "invalid_request"
    ok = httpx.post(
        throttled.url + "/auth/o2/token", data={"grant_type": "refresh_token", "refresh_token": "t"}
    )
    assert ok.json()["token_type"] == "bearer" and ok.json()["access_token"].startswith("Atza|")


def test_bad_parameters_are_400_and_unknown_orders_404(throttled):
    s, m = throttled, market(throttled)
    missing_date = s.get(V0, params={"MarketplaceIds": m})
    assert missing_date.status_code == 400
    assert "CreatedAfter" in missing_date.json()["errors"][0]["message"]
    bad_date = s.get(V0, params={"MarketplaceIds": m, "CreatedAfter": "yesterday"})
    assert bad_date.status_code == 400 and "ISO 8601" in bad_date.json()["errors"][0]["message"]
    bad_status = s.get(
        V0, params={"MarketplaceIds": m, "CreatedAfter": "2025-01-01T00:00:00Z", "OrderStatuses": "Lost"}
    )
    assert bad_status.status_code == 400 and "'Lost'" in bad_status.json()["errors"][0]["message"]
    other_market = s.get(
        V0, params={"MarketplaceIds": "A1PA6795UKMFR9", "CreatedAfter": "2025-01-01T00:00:00Z"}
    )
    assert other_market.status_code == 400
    unknown = s.get(V0 + "/999-0000000-0000000")
    assert unknown.status_code == 404 and unknown.json()["errors"][0]["code"] == "NotFound"
    assert s.get(V0 + "/999-0000000-0000000/orderItems").status_code == 404
    assert s.get("/orders/2026-01-01/orders/999-0000000-0000000").status_code == 404
    assert s.get("/feeds/2021-06-30/feeds/123").status_code == 404
    assert len(s.validated) >= 8  # every one of those answers fits the published model


def test_get_orders_is_throttled_at_its_published_burst(throttled):
    s, m = throttled, market(throttled)
    token = s.token()
    params = {"MarketplaceIds": m, "CreatedAfter": "2025-01-01T00:00:00Z", "MaxResultsPerPage": "1"}
    codes = []
    for _ in range(25):
        r = httpx.get(s.url + V0, params=params, headers={"x-amz-access-token": token})
        codes.append(r.status_code)
        if r.status_code == 429:
            break
    # the burst of 20 in ordersV0.json; the earlier tests made a few getOrders calls too
    assert codes[-1] == 429 and 15 <= len(codes) - 1 <= 20
    assert r.headers["x-amzn-RateLimit-Limit"] == "0.0167"
    assert r.json()["errors"][0]["code"] == "QuotaExceeded"
    s.check(r)


def test_confirm_shipment_ships_and_refuses_twice(throttled):
    s, m = throttled, market(throttled)
    httpx.post(s.url + "/sandbox/clock", json={"advance": "2h"}).raise_for_status()
    o = next(o for o in s.world.visible() if o.channel == "MFN" and o.status == s.world.statuses["unshipped"])
    body = {
        "marketplaceId": m,
        "packageDetail": {
            "packageReferenceId": "1",
            "carrierCode": "UPS",
            "trackingNumber": "1Z999",
            "shipDate": "2025-09-01T02:00:00Z",
            "orderItems": [{"orderItemId": i.item_id, "quantity": i.quantity} for i in o.items],
        },
    }
    path = f"{V0}/{o.order_id}/shipmentConfirmation"
    assert s.post(path, json=body).status_code == 204
    assert o.status == s.world.statuses["shipped"]
    again = s.post(path, json=body)
    assert again.status_code == 400 and "cannot be ship-confirmed" in again.json()["errors"][0]["message"]


def test_the_model_check_catches_a_wrong_shape(throttled):
    """IsBuyerRequestedCancel is a string in v0: a boolean there fails the published model."""
    s = throttled
    o = s.world.visible()[0]
    good = s.get(f"{V0}/{o.order_id}/orderItems")
    assert validate(good)
    body = good.json()
    body["payload"]["OrderItems"][0]["BuyerRequestedCancel"]["IsBuyerRequestedCancel"] = True
    wrong = httpx.Response(200, json=body, request=good.request)
    with pytest.raises(InvalidData):
        validate(wrong)


@pytest.fixture(scope="module")
def unthrottled():
    yield from serve(Sandbox("starter_shop", seed=5, days=1, speed=0), throttle=False)


def test_get_orders_filters_and_search_orders_pages(unthrottled):
    s, m = unthrottled, market(unthrottled)
    httpx.post(s.url + "/sandbox/clock", json={"advance": "1h"}).raise_for_status()
    since = "2025-01-01T00:00:00Z"
    w = s.world
    pending = s.get(
        V0, params={"MarketplaceIds": m, "CreatedAfter": since, "OrderStatuses": w.statuses["pending"]}
    )
    got = pending.json()["payload"]["Orders"]
    assert got and {o["OrderStatus"] for o in got} == {w.statuses["pending"]}
    assert all("OrderTotal" not in o for o in got)  # a Pending order shows no total yet
    afn = s.get(V0, params={"MarketplaceIds": m, "CreatedAfter": since, "FulfillmentChannels": "AFN"})
    assert {o["FulfillmentChannel"] for o in afn.json()["payload"]["Orders"]} == {"AFN"}
    recent = (w.now - timedelta(minutes=30)).isoformat()
    updated = s.get(V0, params={"MarketplaceIds": m, "LastUpdatedAfter": recent}).json()["payload"]
    assert updated["Orders"] and all(o["LastUpdateDate"] >= recent[:19] for o in updated["Orders"])
    both = s.get(V0, params={"MarketplaceIds": m, "CreatedAfter": since, "LastUpdatedAfter": since})
    assert both.status_code == 400
    path = "/orders/2026-01-01/orders"
    first = s.get(path, params={"marketplaceIds": m, "createdAfter": since, "maxResultsPerPage": "5"}).json()
    token = first["pagination"]["nextToken"]
    second = s.get(path, params={"paginationToken": token}).json()
    ids = [o["orderId"] for o in first["orders"] + second["orders"]]
    assert len(ids) == 10 == len(set(ids))
    bad_status = s.get(
        path, params={"marketplaceIds": m, "createdAfter": since, "fulfillmentStatuses": "LOST"}
    )
    assert bad_status.status_code == 400
