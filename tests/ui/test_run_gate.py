"""Issue 23 item 2: heavy runs, a few at a time server-wide; the rest wait in line, knowing their place."""

import threading
import time

import pytest

from ui.shared import run_gate
from ui.shared.run_gate import GateRefusal, RunGate, ordinal


@pytest.fixture(autouse=True)
def quick(monkeypatch):
    monkeypatch.setattr(run_gate, "POLL_S", 0.02)


def _until(cond, timeout=5.0):
    deadline = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


class Visitor(threading.Thread):
    """Asks the gate for a place, records the places it was shown, runs until told to finish."""

    def __init__(self, gate: RunGate, name: str, order: list[str]) -> None:
        super().__init__(daemon=True)
        self.gate, self.who, self.order = gate, name, order
        self.places: list[int] = []
        self.finish = threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            with self.gate.slot(self.who, self.places.append):
                self.order.append(self.who)
                self.finish.wait(5)
        except BaseException as exc:
            self.error = exc


def test_past_the_limit_runs_wait_first_come_first_served_with_their_place():
    gate, order = RunGate(limit=2), []
    vs = [Visitor(gate, f"v{i}", order) for i in range(5)]
    for v in vs[:2]:
        v.start()
    _until(lambda: gate.running == 2)
    for v in vs[2:]:
        v.start()
        _until(lambda v=v: v.places)  # in line, in this order
    assert [v.places[0] for v in vs[2:]] == [1, 2, 3]
    assert gate.running == 2 and gate.waiting == 3
    vs[0].finish.set()
    _until(lambda: order == ["v0", "v1", "v2"])
    _until(lambda: vs[4].places[-1] == 2)  # moved up
    for v in vs:
        v.finish.set()
    for v in vs:
        v.join(5)
    assert order == ["v0", "v1", "v2", "v3", "v4"]
    assert gate.waited == 3 and gate.running == 0 and gate.waiting == 0
    assert all(v.error is None for v in vs)


def test_a_visitor_has_one_heavy_run_at_a_time_and_is_told_so():
    gate, order = RunGate(limit=2), []
    first = Visitor(gate, "same-browser", order)
    first.start()
    _until(lambda: gate.running == 1)
    with (
        pytest.raises(GateRefusal, match="already have a large simulation running"),
        gate.slot("same-browser"),
    ):
        pass
    first.finish.set()
    first.join(5)
    with gate.slot("same-browser"):  # once it is done, again
        assert gate.running == 1


def test_a_waiter_that_leaves_frees_its_place():
    gate, order = RunGate(limit=1), []
    holder = Visitor(gate, "a", order)
    holder.start()
    _until(lambda: gate.running == 1)

    class Closed(Exception):
        pass

    def leave(place: int) -> None:
        raise Closed  # a rerun or a closed tab, raised by the page's progress bar

    with pytest.raises(Closed), gate.slot("b", leave):
        pass
    assert gate.waiting == 0
    holder.finish.set()
    holder.join(5)
    with gate.slot("b"):  # b's place was given back
        pass


def test_a_full_line_is_closed_in_words():
    gate, order = RunGate(limit=1, max_waiting=1), []
    holder, waiter = Visitor(gate, "a", order), Visitor(gate, "b", order)
    holder.start()
    _until(lambda: gate.running == 1)
    waiter.start()
    _until(lambda: gate.waiting == 1)
    with (
        pytest.raises(
            GateRefusal, match=r"The server is busy: its line of large simulations is full \(1 waiting\)"
        ),
        gate.slot("c"),
    ):
        pass
    holder.finish.set()
    waiter.finish.set()
    holder.join(5)
    waiter.join(5)


def test_places_read_as_words():
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st",
    ]  # fmt: skip
