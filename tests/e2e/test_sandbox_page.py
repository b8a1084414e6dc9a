"""The SP-API sandbox page, in a real browser, reading a live sandbox over HTTP."""

from __future__ import annotations

from playwright.sync_api import expect

from rules import engine
from sandbox.account import account
from sandbox.world import Sandbox
from tests.e2e.conftest import open_page, screenshot
from tests.sandbox.conftest import free_port, serve


def test_page_shows_a_live_sandboxs_rate_against_its_limit(page, app_server):
    world = Sandbox("starter_shop", seed=3, days=1, races=["one_item"], speed=0)
    for server in serve(world, throttle=False):
        world.advance(3 * 3600)
        o = next(o for o in world.visible() if o.channel == "MFN" and o.status == world.statuses["unshipped"])
        reason = engine.stand_in_reason(world.rb)
        world.cancel(o.order_id, {o.items[0].item_id: reason})
        window = account(world)["cancellation_rate"]["windows"][0]
        assert window["counted_cancellations"] == 1 and window["rate"] > 0

        open_page(page, app_server, "sandbox")
        main = page.locator('[data-testid="stMain"]')
        expect(page.get_by_role("heading", name="SP-API sandbox")).to_be_visible()
        box = page.get_by_label("Sandbox address")
        box.fill(server.url)
        box.press("Enter")
        expect(main).to_contain_text(f"{window['rate']:.2%}", timeout=20_000)
        expect(main).to_contain_text("limit 2.5%")
        expect(main).to_contain_text(window["why"])
        expect(main).to_contain_text(
            f"1 counted of {window['seller_fulfilled_orders']} seller-fulfilled orders"
        )
        screenshot(page, "sandbox")

        # The clock moves on in the sandbox: the live page follows without a click.
        more = next(
            x for x in world.visible() if x.channel == "MFN" and x.status == world.statuses["unshipped"]
        )
        world.cancel(more.order_id, {more.items[0].item_id: reason})
        after = account(world)["cancellation_rate"]["windows"][0]
        expect(main).to_contain_text(f"2 counted of {after['seller_fulfilled_orders']}", timeout=20_000)

        box.fill(f"http://127.0.0.1:{free_port()}")
        box.press("Enter")
        expect(main).to_contain_text("The sandbox could not be read.", timeout=20_000)
        expect(main).to_contain_text("python -m sandbox serve")
