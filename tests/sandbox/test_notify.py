"""ORDER_CHANGE notifications reach the webhook given at start, in the published schema
(OrderChangeNotification.json), for status changes and the buyer's requests."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx

from sandbox.world import Sandbox
from tests.sandbox.conftest import free_port, serve
from tests.sandbox.openapi import validate_notification


def test_notifications_for_status_changes_and_buyer_requests():
    got: list[dict] = []

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self):
            got.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    hook = ThreadingHTTPServer(("127.0.0.1", free_port()), Hook)
    threading.Thread(target=hook.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{hook.server_address[1]}/hook"
    world = Sandbox("starter_shop", seed=3, days=1, races=["one_item"], speed=0)
    try:
        for server in serve(world, throttle=False, notify=url):
            httpx.post(f"{server.url}/sandbox/clock", json={"advance": "2h5m"}).raise_for_status()
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline and not any(_requested(n) for n in got):
                time.sleep(0.2)
    finally:
        hook.shutdown()
    assert len(got) > 20
    for n in got:
        validate_notification(n)
    asked = [n for n in got if _requested(n)]
    one = next(o for o in world.orders.values() if o.race == "one_item")
    (note,) = [n for n in asked if n["Payload"]["OrderChangeNotification"]["AmazonOrderId"] == one.order_id]
    flags = [
        i["IsBuyerRequestedCancel"]
        for i in note["Payload"]["OrderChangeNotification"]["Summary"]["OrderItems"]
    ]
    assert flags == [False, True, False]  # a boolean here, as published (a string in Orders v0)
    changes = {n["Payload"]["OrderChangeNotification"]["OrderChangeType"] for n in got}
    assert changes == {"OrderStatusChange", "BuyerRequestedChange"}


def _requested(n: dict) -> bool:
    return n["Payload"]["OrderChangeNotification"]["OrderChangeType"] == "BuyerRequestedChange"
