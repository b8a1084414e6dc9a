"""The stderr progress bar stays quiet for quick work and draws for slow work."""

from __future__ import annotations

import io

from simulator.cli.progress import StderrProgress


def test_quiet_before_the_threshold():
    buf = io.StringIO()
    bar = StderrProgress(after=60, stream=buf)
    bar(0.5, "half")
    bar.close()
    assert buf.getvalue() == ""


def test_draws_after_the_threshold_and_ends_the_line():
    buf = io.StringIO()
    bar = StderrProgress(after=0, stream=buf, width=10)
    bar(0.5, "run 5 of 10")
    bar(1.0, "done")
    bar.close()
    text = buf.getvalue()
    assert "[#####-----]  50% run 5 of 10" in text
    assert "[##########] 100% done" in text and text.endswith("\n")
