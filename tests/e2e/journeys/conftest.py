"""Journeys share one server per module, like the rest of the browser suite, and each one
checks the server's log for a traceback at the end (a crash a page hid still fails it)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.e2e.conftest import StreamlitServer


@pytest.fixture(scope="module")
def journey_server(tmp_path_factory) -> Iterator[StreamlitServer]:
    server = StreamlitServer(tmp_path_factory.mktemp("journey")).start()
    yield server
    log = (server.data_dir / f"streamlit-{server.port}.log").read_text(errors="replace")
    server.stop()
    assert "Traceback" not in log, log[-3000:]
