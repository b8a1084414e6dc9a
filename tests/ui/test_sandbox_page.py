"""The SP-API sandbox page fetches from the server: only allowed hosts, and only so much (issue 23)."""

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from ui.sandbox import sandbox_page as page


@pytest.mark.parametrize(
    "address",
    ["http://10.0.0.5:8800", "http://169.254.169.254/latest", "http://example.com", "file:///etc/passwd"],
)
def test_a_visitor_cannot_point_the_server_at_another_host(address):
    said = page.fetch(address)
    assert isinstance(said, str) and ("only" in said or "must start" in said)


def test_an_operator_may_allow_a_host(monkeypatch):
    monkeypatch.setenv(page.HOSTS_ENV, "sandbox.internal")
    assert page.refusal("http://sandbox.internal:8800") is None
    assert page.refusal("http://other.internal:8800") is not None


class _Huge(BaseHTTPRequestHandler):
    def do_GET(self):  # the stdlib calls it by this name
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"a": "' + b"x" * (page.MAX_ANSWER_BYTES + 10) + b'"}')

    def log_message(self, *args):
        pass


def test_a_huge_answer_is_cut_off_in_words():
    server = HTTPServer(("127.0.0.1", 0), _Huge)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        said = page.fetch(f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
    assert isinstance(said, str) and "over 4 MiB" in said


def test_back_from_another_page_the_address_and_live_switch_are_as_left(tmp_path, monkeypatch):
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("CANCEL_DESK_DATA", str(tmp_path / "data"))
    at = AppTest.from_file(str(Path(__file__).resolve().parents[2] / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("ui/sandbox/sandbox_page.py").run()
    at.text_input(key="sandbox.address").set_value("http://localhost:8801").run()
    at.toggle(key="sandbox.live").set_value(False).run()
    at.switch_page("ui/reference/rulebook_page.py").run()
    at.switch_page("ui/sandbox/sandbox_page.py").run()
    assert not at.exception
    assert at.text_input(key="sandbox.address").value == "http://localhost:8801"
    assert at.toggle(key="sandbox.live").value is False
