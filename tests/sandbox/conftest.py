"""A sandbox server on 127.0.0.1 per test module (uvicorn in a thread), and python-amazon-sp-api
clients pointed at it: an ``AccessTokenClient`` subclass keeps the token requests local and every
answer the client receives is checked against Amazon's published model (``openapi.validate``)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import uvicorn
from sp_api.auth import AccessTokenClient
from sp_api.base import Marketplaces

from sandbox.app import create_app
from sandbox.world import Sandbox
from tests.sandbox.openapi import validate

ROOT_DIR = __import__("pathlib").Path(__file__).resolve().parents[2]
CREDENTIALS = {
    "refresh_token": "Atzr|sandbox",
    "lwa_app_id": "amzn1.application-oa2-client.sandbox",
    "lwa_client_secret": "sandbox-secret",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SandboxServer:
    def __init__(self, world: Sandbox, **kw) -> None:
        self.world = world
        self.app = create_app(world, **kw)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.validated: list[str] = []  # "METHOD path status" of every answer checked against a model
        config = uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> SandboxServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the sandbox did not start within 20 s")
            time.sleep(0.05)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        if self.app.state.notifier is not None:
            self.app.state.notifier.stop()

    def check(self, response: httpx.Response) -> None:
        if validate(response):
            self.validated.append(
                f"{response.request.method} {response.request.url.path} {response.status_code}"
            )

    def client(self, api_class, **kw):
        """A python-amazon-sp-api client of ``api_class`` talking to this sandbox only."""
        url = self.url

        class LocalToken(AccessTokenClient):
            scheme, host = "http://", url.removeprefix("http://")

        c = api_class(
            credentials=CREDENTIALS, marketplace=Marketplaces.US, auth_token_client_class=LocalToken, **kw
        )
        c.endpoint = url
        c._transport._client = httpx.Client(event_hooks={"response": [self.check]})
        return c

    def token(self) -> str:
        r = httpx.post(
            f"{self.url}/auth/o2/token", data={"grant_type": "refresh_token", "refresh_token": "x"}
        )
        return r.json()["access_token"]

    def get(self, path: str, **kw) -> httpx.Response:
        headers = {"x-amz-access-token": self.token()} | kw.pop("headers", {})
        r = httpx.get(self.url + path, headers=headers, **kw)
        self.check(r)
        return r

    def post(self, path: str, **kw) -> httpx.Response:
        headers = {"x-amz-access-token": self.token()} | kw.pop("headers", {})
        r = httpx.post(self.url + path, headers=headers, **kw)
        self.check(r)
        return r


def serve(world: Sandbox, **kw) -> Iterator[SandboxServer]:
    server = SandboxServer(world, **kw).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def races_server() -> Iterator[SandboxServer]:
    """Starter shop, seed 3, two days of orders, every race; the clock stopped (tests move it)."""
    races = ["late_request", "shipped_meanwhile", "one_item", "pending_direct", "forgotten"]
    yield from serve(Sandbox("starter_shop", seed=3, days=2, races=races, speed=0), throttle=False)
