"""nginx in front of the app server, serving Streamlit's own JavaScript and CSS from disk.

A fresh browser fetches ~130 files from ``/static/`` on its first visit and ~60 more on its
first result (the chart and table code is loaded when first drawn).  Streamlit serves each
through its Python web stack: ~2.2 ms of the server's CPU a file, under the GIL.  Twenty
browsers pressing Run for the first time made 1,200 requests, ~2.6 s of the server's time
in a burst whose script runs took ~1 s (py-spy under this load test).  docs/deploy.md puts
a reverse proxy in front for every setup; this is that proxy, on this machine: the files
come from the installed streamlit package (hashed names, so they are cached for good), and
everything else, the websocket included, goes to the app server.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

import streamlit

from tests.e2e.conftest import free_port

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
STATIC = Path(streamlit.__file__).parent / "static" / "static"  # what the app serves at /static/
_CONF = """\
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    types {{
        text/html html; text/css css; application/javascript js mjs; application/json json;
        image/svg+xml svg; image/png png; font/woff2 woff2; font/woff woff; font/ttf ttf;
        application/wasm wasm; text/plain txt map;
    }}
    default_type application/octet-stream;
    map $http_upgrade $connection_upgrade {{ default upgrade; "" close; }}
    server {{
        listen 127.0.0.1:{port};
        client_max_body_size 54m;  # Streamlit's maxUploadSize (53 MiB) and the multipart framing
        location /static/ {{
            alias {static}/;
            add_header Cache-Control "public, immutable, max-age=31536000";
        }}
        location / {{
            proxy_pass http://127.0.0.1:{upstream};
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $host;
            proxy_set_header X-Real-IP $remote_addr;
            proxy_read_timeout 86400;
        }}
    }}
}}
"""


def available() -> bool:
    return Path(NGINX).is_file()


class StaticProxy:
    """``with StaticProxy(upstream_port, folder) as url:`` the app, behind nginx."""

    def __init__(self, upstream_port: int, folder: Path) -> None:
        self.upstream = upstream_port
        self.prefix = folder / "nginx"
        self.port = free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def config(self) -> str:
        return _CONF.format(prefix=self.prefix, port=self.port, static=STATIC, upstream=self.upstream)

    def start(self) -> StaticProxy:
        self.prefix.mkdir(parents=True, exist_ok=True)
        conf = self.prefix / "nginx.conf"
        conf.write_text(self.config())
        cmd = [NGINX, "-p", str(self.prefix), "-c", str(conf), "-g", "daemon off;"]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"nginx did not start: {self.proc.stderr.read().decode()[-500:]}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"nginx did not listen on {self.port} in 10 s")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()

    def __enter__(self) -> str:
        return self.start().url

    def __exit__(self, *exc) -> None:
        self.stop()
