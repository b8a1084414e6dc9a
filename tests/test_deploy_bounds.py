"""docs/deploy.md's Security section states the upload and run bounds the code uses (issue 23),
and deploy/nginx.conf bounds the upload route as the doc says."""

import re
import tomllib
from pathlib import Path

from simulator.runs import budget
from ui.shared import run_gate, upload_guard
from ui.shared.uploads import MIB, REPORT_LIMIT, SERVER_MAX_UPLOAD, YAML_LIMIT, size_text

ROOT = Path(__file__).resolve().parents[1]


def _doc() -> str:
    return " ".join((ROOT / "docs" / "deploy.md").read_text().split())


def test_the_doc_states_the_upload_bounds_the_code_uses():
    doc = _doc()
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["server"]
    assert config["maxUploadSize"] * MIB == SERVER_MAX_UPLOAD
    assert f"`server.maxUploadSize` = {SERVER_MAX_UPLOAD // MIB} MiB" in doc
    assert f"a session holds at most {size_text(upload_guard.SESSION_QUOTA)} of uploads" in doc
    assert f"the server {size_text(upload_guard.TOTAL_QUOTA)}" in doc
    assert f"a file held {upload_guard.MAX_AGE_S // 60} minutes" in doc
    assert f"{size_text(REPORT_LIMIT)} for an order report and {size_text(YAML_LIMIT)} for a YAML file" in doc


def test_the_doc_states_the_run_bounds_the_code_uses():
    doc = _doc()
    for name in ("HEAVY_INCIDENTS_PER_RUN", "HEAVY_INCIDENTS", "HEAVY_CELLS", "LINK_INCIDENTS", "LINK_CELLS"):
        assert f"`{name}` = {getattr(budget, name):,}" in doc, name
    assert f"`HEAVY_AT_ONCE` = {run_gate.HEAVY_AT_ONCE} at a time" in doc
    assert f"`MAX_WAITING` = {run_gate.MAX_WAITING} wait" in doc
    assert f"({budget.MAX_INCIDENTS_PER_RUN:,} orders meeting a situation" in doc


def test_the_proxy_bounds_the_upload_route_as_the_doc_shows():
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    block = re.search(r"location /_stcore/upload_file/ \{([^}]*)\}", conf)
    assert block is not None, "the proxy has no location for Streamlit's upload route"
    body = block.group(1)
    ceiling = int(re.search(r"client_max_body_size (\d+)m;", body).group(1))
    assert ceiling == SERVER_MAX_UPLOAD // MIB + 1  # the file and its multipart framing
    assert re.search(r"limit_req zone=uploads burst=\d+ nodelay;", body)
    assert re.search(r"limit_conn upload_bodies \d+;", body)
    assert "limit_req_zone $binary_remote_addr zone=uploads:" in conf
    assert re.search(r"server \{[^#]*client_max_body_size 1m;", conf)  # elsewhere: no files
    doc = (ROOT / "docs" / "deploy.md").read_text()
    shown = re.search(r"```nginx\n\s*(location /_stcore/upload_file/ \{.*?\})\n", doc, re.S)
    assert shown is not None
    for line in shown.group(1).splitlines()[1:-1]:
        assert line.strip() in body, line  # every line the doc shows is in the conf
