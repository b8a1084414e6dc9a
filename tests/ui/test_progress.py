"""The progress bar: drawn at once, redrawn a few times a second at most, gone at the end."""

from __future__ import annotations

import ui.shared.progress as progress_mod


class FakeSlot:
    def __init__(self) -> None:
        self.drawn: list[float] = []
        self.emptied = False

    def progress(self, value: float, text: str = ""):
        self.drawn.append(value)
        return self

    def empty(self) -> None:
        self.emptied = True


def test_fast_reports_are_thinned_but_the_end_is_always_drawn(monkeypatch):
    """Twenty sessions' bars at 50 reports a run each flooded the browsers (benchmarks/loadtest)."""
    slot, clock = FakeSlot(), [100.0]
    monkeypatch.setattr(progress_mod.st, "empty", lambda: slot)
    monkeypatch.setattr(progress_mod.time, "monotonic", lambda: clock[0])
    with progress_mod.progress_bar("Running") as report:
        for i in range(1, 50):
            clock[0] += 0.01  # 100 reports a second
            report(i / 50)
        report(1.0)
    # drawn at the start, about every MIN_REDRAW_S of the 0.49 s, and at the end
    assert slot.drawn[0] == 0.0 and slot.drawn[-1] == 1.0
    assert 3 <= len(slot.drawn) <= 2 + 0.49 / progress_mod.MIN_REDRAW_S + 1
    assert slot.drawn == sorted(slot.drawn) and slot.emptied


def test_slow_reports_are_each_drawn(monkeypatch):
    slot, clock = FakeSlot(), [0.0]
    monkeypatch.setattr(progress_mod.st, "empty", lambda: slot)
    monkeypatch.setattr(progress_mod.time, "monotonic", lambda: clock[0])
    with progress_mod.progress_bar("Running") as report:
        for i in range(1, 5):
            clock[0] += 1.0
            report(i / 5)
    assert slot.drawn == [0.0, 0.2, 0.4, 0.6, 0.8]
