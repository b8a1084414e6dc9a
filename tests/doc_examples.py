"""Pull runnable examples out of the markdown docs, so the docs are tested.

- a ```yaml block whose first line is ``# file: NAME`` is an example file;
- a ```console block holds ``$ command`` lines, each followed by the lines it
  must print (``...`` stands for any lines in between).
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FENCE = re.compile(r"```(\w+)\n(.*?)```", re.S)


def blocks(doc: str | Path, lang: str) -> list[str]:
    text = (ROOT / doc).read_text()
    return [body for kind, body in FENCE.findall(text) if kind == lang]


def yaml_examples(doc: str | Path) -> dict[str, str]:
    out = {}
    for body in blocks(doc, "yaml"):
        first, _, _rest = body.partition("\n")
        if first.startswith("# file:"):
            out[first.removeprefix("# file:").strip()] = body
    return out


def console_examples(doc: str | Path) -> list[tuple[str, list[str]]]:
    examples: list[tuple[str, list[str]]] = []
    for body in blocks(doc, "console"):
        for line in body.splitlines():
            if line.startswith("$ "):
                examples.append((line[2:], []))
            elif examples and line.strip():
                examples[-1][1].append(line)
    return examples


def run_console(cmd: str, cwd: Path = ROOT, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run a documented command with this interpreter in place of `python`."""
    argv = shlex.split(cmd)
    if argv[0] == "python":
        argv[0] = sys.executable
    return subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=timeout)


def assert_output_matches(expected: list[str], actual: str) -> None:
    """Each expected line must appear, in order; ``...`` skips any lines."""
    lines = actual.splitlines()
    pos = 0
    for want in expected:
        if want.strip() == "...":
            continue
        while pos < len(lines) and lines[pos].rstrip() != want.rstrip():
            pos += 1
        assert pos < len(lines), f"expected line not found in order: {want!r}\n--- got:\n{actual}"
        pos += 1
