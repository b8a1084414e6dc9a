"""Journeys share one server per module, like the rest of the browser suite, and each one
checks the server's log for a traceback at the end (a crash a page hid still fails it)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from tests.e2e.conftest import StreamlitServer
from tests.e2e.journeys.steps import SIZES


@pytest.fixture(scope="module")
def journey_server(tmp_path_factory) -> Iterator[StreamlitServer]:
    server = StreamlitServer(tmp_path_factory.mktemp("journey")).start()
    yield server
    log = (server.data_dir / f"streamlit-{server.port}.log").read_text(errors="replace")
    server.stop()
    assert "Traceback" not in log, log[-3000:]


@pytest.fixture(params=list(SIZES))
def user_page(request, browser: Browser) -> Iterator[Page]:
    """A browser page at a desktop's width, then at a phone's (touch, 390 px)."""
    phone = request.param == "phone"
    context = browser.new_context(viewport=SIZES[request.param], is_mobile=phone, has_touch=phone)
    context.set_default_timeout(30_000)
    yield context.new_page()
    context.close()
