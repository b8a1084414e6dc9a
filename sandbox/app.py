"""The sandbox's HTTP face: FastAPI routes over one :class:`sandbox.world.Sandbox`.

Login with Amazon (``POST /auth/o2/token``), the Orders and Feeds routes (``api_orders``,
``api_feeds``), and the sandbox's own ``/sandbox/*`` routes: the clock, the order stream and the
account.  Errors come back in Amazon's shape.
"""

from __future__ import annotations

import re

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from sandbox import api_feeds, api_orders
from sandbox.account import account, order_row
from sandbox.notify import Notifier
from sandbox.service import ApiError, Service, bad
from sandbox.world import Sandbox

TOKEN_SECONDS = 3600
_PART = re.compile(r"(\d+(?:\.\d+)?)([smhd]?)")
_UNIT = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def seconds(text: str | float | int) -> float:
    """``90``, ``"90s"``, ``"15m"``, ``"2h"``, ``"1d2h30m"`` -> seconds."""
    s = str(text).replace(" ", "")
    parts = _PART.findall(s)
    if not s or "".join(a + b for a, b in parts) != s:
        raise bad(f"A duration is a number of seconds or e.g. 15m, 2h, 1d2h30m; not {text!r}.")
    return sum(float(n) * _UNIT[u] for n, u in parts)


def create_app(world: Sandbox, *, throttle: bool = True, notify: str | None = None) -> FastAPI:
    svc = Service(world, throttle=throttle)
    app = FastAPI(
        title="Cancel Desk SP-API sandbox", docs_url="/sandbox/docs", openapi_url="/sandbox/openapi.json"
    )
    app.state.service = svc
    app.state.notifier = Notifier(world, notify).start() if notify else None

    @app.exception_handler(ApiError)
    async def api_error(_request: Request, err: ApiError) -> JSONResponse:
        return err.response()

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, err: RequestValidationError) -> JSONResponse:
        first = err.errors()[0] if err.errors() else {}
        where = ".".join(str(x) for x in first.get("loc", ()))
        return bad(f"{where}: {first.get('msg', 'invalid')}").response()

    @app.post("/auth/o2/token")
    async def token(request: Request) -> JSONResponse:
        form = await request.form()
        grant = form.get("grant_type")
        if grant not in ("refresh_token", "client_credentials", "authorization_code"):
            why = "grant_type must be refresh_token, client_credentials or authorization_code."
            return JSONResponse({"error": "invalid_request", "error_description": why}, status_code=400)
        if grant == "refresh_token" and not form.get("refresh_token"):
            why = "The request is missing the refresh_token parameter."
            return JSONResponse({"error": "invalid_request", "error_description": why}, status_code=400)
        body = {"access_token": svc.issue_token(), "token_type": "bearer", "expires_in": TOKEN_SECONDS}
        if form.get("refresh_token"):
            body["refresh_token"] = str(form["refresh_token"])
        return JSONResponse(body)

    app.include_router(api_orders.router(svc))
    app.include_router(api_feeds.router(svc))

    @app.get("/sandbox/clock")
    def clock() -> dict:
        return {"now": world.sync().isoformat(), "speed": world.clock.speed}

    @app.post("/sandbox/clock")
    async def move_clock(request: Request) -> dict:
        try:
            body = await request.json()
        except ValueError:
            raise bad('The body is JSON: {"advance": "2h"} (or seconds as a number).') from None
        step = body.get("advance") if isinstance(body, dict) else None
        if step is None:
            raise bad('Say how far to move the clock: {"advance": "2h"}.')
        return {"now": world.advance(seconds(step)).isoformat(), "speed": world.clock.speed}

    @app.get("/sandbox/account")
    def get_account() -> dict:
        world.sync()
        return account(world)

    @app.get("/sandbox/orders")
    def get_orders(limit: int = 50) -> dict:
        """The newest orders first, with what happened to each (the page's order stream)."""
        with world.lock:
            world.sync()
            newest = sorted(world.visible(), key=lambda o: (o.updated, o.order_id), reverse=True)
            return {
                "now": world.now.isoformat(),
                "orders": [order_row(world, o.order_id) for o in newest[:limit]],
            }

    return app
