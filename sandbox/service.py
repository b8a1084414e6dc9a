"""What every route shares: the world, the feed desk, the throttle, the access tokens, and Amazon's
error shape (``{"errors": [{code, message, details}]}``).
"""

from __future__ import annotations

import base64
import itertools
import json
from datetime import datetime

from fastapi import Request
from fastapi.responses import JSONResponse

from sandbox.feeds import FeedDesk
from sandbox.throttle import Throttle
from sandbox.world import Sandbox


class ApiError(Exception):
    """An answer in Amazon's error shape."""

    def __init__(self, status: int, code: str, message: str, details: str = "", headers: dict | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.details = status, code, message, details
        self.headers = headers or {}

    def response(self) -> JSONResponse:
        body = {"errors": [{"code": self.code, "message": self.message, "details": self.details}]}
        return JSONResponse(body, status_code=self.status, headers=self.headers)


def bad(message: str, details: str = "") -> ApiError:
    return ApiError(400, "InvalidInput", message, details)


class Service:
    def __init__(self, world: Sandbox, *, throttle: bool = True) -> None:
        self.world = world
        self.desk = FeedDesk(world)
        self.throttle = Throttle(throttle)
        self.tokens: set[str] = set()
        self._numbers = itertools.count(1)

    def issue_token(self) -> str:
        token = f"Atza|sandbox-{self.world.seed}-{next(self._numbers):06d}"
        self.tokens.add(token)
        return token

    def guard(self, request: Request, operation: str) -> None:
        """Sign-in, then throttling, then the clock: every SP-API route starts here."""
        token = request.headers.get("x-amz-access-token", "")
        if token not in self.tokens:
            raise ApiError(
                403,
                "Unauthorized",
                "Access to requested resource is denied.",
                "The access token you provided is revoked, malformed or invalid.",
            )
        ok, rate = self.throttle.take(operation)
        if not ok:
            raise ApiError(
                429,
                "QuotaExceeded",
                "You exceeded your quota for the requested resource.",
                headers={"x-amzn-RateLimit-Limit": f"{rate:g}"},
            )
        self.world.sync()


def parse_when(name: str, value: str | None) -> datetime | None:
    if value is None or value == "":
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise bad(f"{name} is not an ISO 8601 date-time: {value!r}.") from None
    if when.tzinfo is None:
        raise bad(f"{name} needs a time zone (e.g. Z): {value!r}.")
    return when


def parse_int(name: str, value: str | None, low: int, high: int, default: int) -> int:
    if value is None or value == "":
        return default
    if not value.isdigit() or not low <= int(value) <= high:
        raise bad(f"{name} must be a whole number from {low} to {high}, not {value!r}.")
    return int(value)


def listed(value: str | list[str] | None) -> list[str]:
    """A list parameter sent as repeated keys or comma-separated (python-amazon-sp-api sends commas)."""
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    return [v.strip() for x in values for v in x.split(",") if v.strip()]


def page_token(query: dict, offset: int) -> str:
    raw = json.dumps({"q": query, "o": offset}, sort_keys=True).encode()
    return base64.urlsafe_b64encode(raw).decode()


def read_token(name: str, token: str) -> tuple[dict, int]:
    try:
        data = json.loads(base64.urlsafe_b64decode(token.encode()))
        return dict(data["q"]), int(data["o"])
    except (ValueError, KeyError, TypeError):
        raise bad(f"{name} is not a token this sandbox gave out.") from None
