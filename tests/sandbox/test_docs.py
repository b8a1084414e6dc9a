"""docs/sandbox.md's examples run: the documented command starts a real sandbox process, the
documented python-amazon-sp-api script runs against it and prints what the page says; the console
example and the no-HTTP example too."""

from __future__ import annotations

import shlex
import subprocess
import sys
import time

import httpx

from tests.doc_examples import ROOT, assert_output_matches, blocks, console_examples, run_console
from tests.sandbox.conftest import free_port

DOC = "docs/sandbox.md"


def _run_python(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_the_documented_command_and_client_script(tmp_path):
    (command,) = [line for line in blocks(DOC, "sh")[0].splitlines() if line.startswith("python -m sandbox")]
    port = free_port()
    argv = [sys.executable, *shlex.split(command)[1:], "--port", str(port)]
    log = open(tmp_path / "sandbox.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen(argv, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, (tmp_path / "sandbox.log").read_text()
            try:
                httpx.get(f"http://127.0.0.1:{port}/sandbox/clock", timeout=2).raise_for_status()
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline, "the sandbox did not start within 60 s"
                time.sleep(0.3)
        script = blocks(DOC, "python")[0].replace("127.0.0.1:8800", f"127.0.0.1:{port}")
        printed = _run_python(script)
        assert_output_matches(blocks(DOC, "text")[0].strip().splitlines(), printed)
    finally:
        proc.terminate()
        proc.wait(10)
        log.close()


def test_console_examples():
    examples = console_examples(DOC)
    assert examples
    for cmd, expected in examples:
        out = run_console(cmd)
        assert out.returncode == 2, out
        assert "Traceback" not in out.stderr
        assert_output_matches(expected, out.stdout + out.stderr)


def test_the_world_without_http():
    printed = _run_python(blocks(DOC, "python")[1])
    assert_output_matches(blocks(DOC, "text")[1].strip().splitlines(), printed)
