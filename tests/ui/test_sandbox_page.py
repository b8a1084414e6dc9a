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
