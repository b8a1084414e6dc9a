"""docs/deploy.md's examples: the compose file and the nginx conf parse and say what the doc says."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import yaml

from benchmarks.loadtest.proxy import STATIC

ROOT = Path(__file__).resolve().parents[1]


def test_compose_runs_two_app_servers_on_one_postgres_behind_nginx():
    spec = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = spec["services"]
    assert {"db", "app1", "app2", "nginx"} <= set(services)
    assert services["db"]["image"].startswith("postgres:15")
    for app in ("app1", "app2"):
        env = services[app]["environment"]
        assert (
            env["CANCEL_DESK_DB_URL"].startswith("postgresql+psycopg://")
            and "@db:5432/" in env["CANCEL_DESK_DB_URL"]
        )
        assert (ROOT / services[app]["build"]["dockerfile"]).exists()
    (mount,) = services["nginx"]["volumes"]
    assert (ROOT / mount.split(":")[0]).resolve() == ROOT / "deploy" / "nginx.conf"


def _blocks(text: str) -> str:
    """The conf without comments; braces balanced (a cheap parse when nginx is not installed)."""
    body = re.sub(r"#[^\n]*", "", text)
    depth = 0
    for ch in body:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        assert depth >= 0, "a } closes nothing"
    assert depth == 0, "a { is never closed"
    return body


def test_nginx_conf_is_sticky_and_passes_the_websocket():
    text = (ROOT / "deploy" / "nginx.conf").read_text()
    body = _blocks(text)
    upstream = re.search(r"upstream cancel_desk \{([^}]*)\}", body).group(1)
    assert "ip_hash;" in upstream and "server app1:8501;" in upstream and "server app2:8501;" in upstream
    assert "proxy_set_header Upgrade $http_upgrade;" in body
    assert "proxy_set_header Connection $connection_upgrade;" in body
    assert "proxy_set_header X-Real-IP $remote_addr;" in body
    for line in body.splitlines():  # every directive ends with ; or opens / closes a block
        line = line.strip()
        assert not line or line[-1] in ";{}", line
    nginx = shutil.which("nginx")
    if nginx:  # a real parse where nginx is installed
        out = subprocess.run(
            [nginx, "-t", "-c", str(ROOT / "deploy" / "nginx.conf")], capture_output=True, text=True
        )
        assert "syntax is ok" in out.stderr or "host not found" in out.stderr, out.stderr


def test_deploy_doc_covers_each_setup():
    doc = (ROOT / "docs" / "deploy.md").read_text()
    for needed in ("One server, embedded SQLite", "Sticky sessions are required", "st.login", "secrets.toml",
                   "docker compose up", "CANCEL_DESK_DB_URL", "classroom users add"):  # fmt: skip
        assert needed in doc, needed


def test_nginx_keeps_streamlits_static_files_and_the_doc_points_at_the_real_folder():
    body = _blocks((ROOT / "deploy" / "nginx.conf").read_text())
    static = re.search(r"location /static/ \{([^}]*)\}", body).group(1)
    assert "proxy_cache streamlit_static;" in static and "keys_zone=streamlit_static:" in body
    doc = (ROOT / "docs" / "deploy.md").read_text()
    alias = re.search(r"alias (\S+);", doc).group(1)
    # the single-server example serves the package's own folder, the one the load test's nginx uses
    assert alias.endswith("site-packages/streamlit/static/static/")
    assert STATIC.parts[-3:] == ("streamlit", "static", "static") and any(STATIC.glob("js/*.js"))


def test_nginx_closes_streamlit_metrics_to_visitors():
    """Issue 23: /_stcore/metrics told any visitor how many sessions held how much memory."""
    body = _blocks((ROOT / "deploy" / "nginx.conf").read_text())
    block = re.search(r"location\s+(?:=\s*)?/_stcore/metrics\s*\{([^}]*)\}", body)
    assert block is not None, "the proxy has no location for /_stcore/metrics"
    assert re.search(r"return\s+404\s*;|deny\s+all\s*;", block.group(1)), block.group(1)
    assert "proxy_pass" not in block.group(1)
    doc = (ROOT / "docs" / "deploy.md").read_text()
    snippet = re.search(r"```nginx\n(location /_stcore/metrics \{.*?\})\n", doc.replace("\n  ", "\n"), re.S)
    assert snippet is not None, "docs/deploy.md does not show how the proxy closes the metrics"
    assert " ".join(snippet.group(1).split()) == " ".join(block.group(0).split())  # doc and conf agree


def test_the_security_section_states_the_figures_the_code_uses():
    from classroom.store.live import ABANDONED_AFTER_DAYS
    from ui.train.state import TOKEN_BYTES

    doc = " ".join((ROOT / "docs" / "deploy.md").read_text().split())
    assert "## Security" in doc
    assert f"`ABANDONED_AFTER_DAYS` = {ABANDONED_AFTER_DAYS} days" in doc
    assert f"random token of {TOKEN_BYTES * 8} bits" in doc


def test_the_proxy_passes_the_sign_in_cookie_routes_with_what_the_app_checks():
    """Issue 22: sign-in survives a reload through POST /auth/session; behind nginx the route must
    arrive uncached with the browser's Host (the Origin check) and scheme (the Secure flag)."""
    from ui.auth.cookie_routes import COOKIE, ROUTES, SESSION_PATH, SIGNOUT_PATH

    body = _blocks((ROOT / "deploy" / "nginx.conf").read_text())
    block = re.search(r"location\s+/auth/\s*\{([^}]*)\}", body)
    assert block is not None, "the proxy has no location for the sign-in routes"
    for needed in ("proxy_pass http://cancel_desk;", "proxy_set_header Host $host;",
                   "proxy_set_header X-Forwarded-Proto $scheme;", "proxy_no_cache 1;"):  # fmt: skip
        assert needed in block.group(1), needed
    assert {r.path for r in ROUTES} == {SESSION_PATH, SIGNOUT_PATH}
    assert all(p.startswith("/auth/") for p in (SESSION_PATH, SIGNOUT_PATH))
    doc = (ROOT / "docs" / "deploy.md").read_text()
    snippet = re.search(r"```nginx\n(location /auth/ \{.*?\})\n", doc, re.S)
    assert snippet is not None, "docs/deploy.md does not show the proxy's sign-in location"
    assert " ".join(snippet.group(1).split()) == " ".join(block.group(0).split())  # doc and conf agree
    for said in (
        COOKIE,
        "HttpOnly",
        "SameSite=Lax",
        "Secure",
        f"POST {SESSION_PATH}",
        f"POST {SIGNOUT_PATH}",
    ):
        assert said in doc, said
    assert (
        "serve.py" in (ROOT / "Makefile").read_text()
        and "serve.py" in (ROOT / "deploy" / "Dockerfile").read_text()
    )
