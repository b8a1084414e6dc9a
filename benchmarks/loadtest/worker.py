"""One simulated person in its own process with its own Chromium: a trainee at the desk,
a gallery visitor, or one of the sessions that press Run at the same moment."""

from __future__ import annotations

import os
import random
import time
from dataclasses import dataclass, field

from benchmarks.loadtest import desk_script, gallery_script
from benchmarks.loadtest.browser import chromium_page, take_drawn, take_stamps

DESK, GALLERY, BURST = "desk", "gallery", "burst"
DRAWN = " · page drawn"  # suffix of the kind an action's "drawn" figure is recorded under
BARRIER_TIMEOUT_S = 300


@dataclass(frozen=True)
class Spec:
    index: int
    kind: str  # DESK, GALLERY or BURST
    base_url: str
    seed: int
    think: tuple[float, float] = (1.0, 3.0)
    start_delay: float = 0.0
    background: bool = False  # this process and its browser run only on CPU the server leaves idle


@dataclass
class SessionResult:
    index: int
    kind: str
    timings: list[tuple[str, float]] = field(default_factory=list)
    stamps: list[tuple[str, float, float]] = field(default_factory=list)  # (kind, sent, read) per action
    errors: list[str] = field(default_factory=list)
    attempt_id: int | None = None  # the attempt the desk's debrief says it saved
    finished: bool = False


def _short(exc: BaseException) -> str:
    first = (str(exc).strip().splitlines() or [""])[0]
    return f"{type(exc).__name__}: {first[:600]}"


def run(spec: Spec, barrier, gate, queue) -> None:
    """Process entry point: play the session, put its SessionResult on ``queue``.

    ``gate`` (a semaphore) lets only a few browsers start and load their first page at once:
    twenty Chromiums parsing the app's JavaScript together on two cores time out before
    the class has even begun, which would measure the load generator, not the server."""
    rng = random.Random(spec.seed * 1000 + spec.index)
    result = SessionResult(spec.index, spec.kind)

    def record(kind: str, seconds: float) -> None:
        result.timings.append((kind, seconds))
        drawn = take_drawn()
        if drawn is not None:
            result.timings.append((kind + DRAWN, drawn))
        stamps = take_stamps()
        if stamps is not None:
            result.stamps.append((kind, *stamps))

    def think() -> None:
        time.sleep(rng.uniform(*spec.think))

    if spec.background:
        # SCHED_IDLE, inherited by Playwright's driver and Chromium: the browsers stand for the
        # trainees' own computers, so on this one machine they must not take the server's CPU.
        # (Niceness is not enough: sixty niced processes still outweigh one server.)
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    gated = gate.acquire(timeout=BARRIER_TIMEOUT_S)
    try:
        with chromium_page() as page:
            # Arrive first, then wait for everyone: N browsers starting at once on two cores
            # would otherwise be measured as a slow server.
            (desk_script if spec.kind == DESK else gallery_script).arrive(page, spec.base_url, record)
            gate.release()
            gated = False
            barrier.wait(BARRIER_TIMEOUT_S)
            time.sleep(spec.start_delay)
            if spec.kind == DESK:
                name = desk_script.trainee_name(spec.index)
                result.attempt_id = desk_script.play(page, name, rng, record, think)
            elif spec.kind == GALLERY:
                first = gallery_script.SCENARIOS[spec.index % len(gallery_script.SCENARIOS)]
                gallery_script.play(page, first, rng, record, think)
            else:
                gallery_script.burst(page, gallery_script.SCENARIOS[0], record)
            result.finished = True
    except Exception as exc:  # a failed session is a result, reported as an error
        after = result.timings[-1][0] if result.timings else "the start"
        result.errors.append(f"after {after}: {_short(exc)}")
        barrier.abort()  # the others would wait for this one for ever
    finally:
        if gated:
            gate.release()
    queue.put(result)
