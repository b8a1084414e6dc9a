"""Issue 23: order report replay on a data folder that is read-only or whose disk is full.

Both faults are real: the child runs in its own mount namespace with the data folder on a small
tmpfs, remounted read-only or filled up, and drives the replay page there under AppTest.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CHILD = r"""
import io, json, os, subprocess, sys
from pathlib import Path
from streamlit.testing.v1 import AppTest
from simulator.reports.write import ReportSpec, write_report

data, fault = Path(sys.argv[1]), sys.argv[2]
os.environ["CANCEL_DESK_DATA"] = str(data)

def report(days):
    buf = io.StringIO()
    write_report(buf, ReportSpec(days=days, orders_per_day=20), seed=1)
    return buf.getvalue().encode()

at = AppTest.from_file(sys.argv[3], default_timeout=120).run()
at.file_uploader(key="replay.file").set_value(("first.txt", report(14), "text/plain")).run()
before = [s.value for s in at.subheader]
if fault == "read-only":
    subprocess.run(["mount", "-o", "remount,ro", str(data)], check=True)
else:  # fill the disk
    try:
        with open(data / "filler", "wb") as f:
            while True:
                f.write(b"x" * 65536)
                f.flush()
    except OSError:
        pass
at.file_uploader(key="replay.file").set_value(("second.txt", report(21), "text/plain")).run()
print(json.dumps({
    "exception": [e.value for e in at.exception],
    "errors": [e.value for e in at.error],
    "before": before,
    "after": [s.value for s in at.subheader],
    "reports": sorted(p.name for p in (data / "reports").iterdir()),
}))
"""


@pytest.mark.parametrize(("fault", "words"), [("read-only", "read-only"), ("full", "disk is full")])
def test_replay_says_why_a_report_could_not_be_kept_and_keeps_the_one_shown(tmp_path, fault, words):
    data = tmp_path / "data"
    data.mkdir()
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    shell = f'mount -t tmpfs -o size=1m tmpfs "{data}" && exec "{sys.executable}" "$@"'
    proc = subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", shell, "sh", str(script), str(data),
         fault, str(ROOT / "ui/simulate/replay_page.py")],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["exception"] == [], out["exception"]
    (error,) = out["errors"]
    assert "second.txt was not replayed" in error and words in error, error
    assert "previous report is still shown" in error
    assert str(tmp_path) not in error  # the server's path is the operator's (logged), not the visitor's
    assert out["before"] and out["after"] == out["before"]  # the first report stays on screen
    assert [n for n in out["reports"] if n.endswith("second.txt")] == []  # no half-written file
