"""Runs one level of load: a fresh server, N worker processes, the sampler, the store check."""

from __future__ import annotations

import multiprocessing as mp
import queue as queue_mod
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.loadtest import desk_script, serve, server
from benchmarks.loadtest.proxy import StaticProxy
from benchmarks.loadtest.sampler import Sampler, ServerLoad
from benchmarks.loadtest.worker import BARRIER_TIMEOUT_S, BURST, DESK, GALLERY, SessionResult, Spec, run

DEADLINE_S = 600  # the whole level; a session still going then is an error
LOGS = Path(tempfile.gettempdir()) / "loadtest-logs"  # server logs of a level with errors
ARRIVING = 2  # browsers starting and loading their first page at once (one per core)
RAMP_S = 0.25  # between session starts once all have arrived: a class begins within seconds


@dataclass
class LevelResult:
    name: str  # "classroom" or "burst"
    sessions: int
    results: list[SessionResult]
    load: ServerLoad
    lost: list[int]  # attempts a browser was told were saved that the store lacks
    rows: int  # attempts in the store afterwards
    seconds: float
    server_pairs: list[tuple[float, float]] = field(default_factory=list)  # (came, answered), after arrival

    @property
    def server_runs(self) -> list[float]:
        """The server's stopwatch: seconds from each request to its answer sent."""
        return [end - start for start, end in self.server_pairs]

    @property
    def finished_attempts(self) -> int:
        return sum(1 for r in self.results if r.attempt_id is not None)

    @property
    def errors(self) -> list[str]:
        return [f"session {r.index} ({r.kind}): {e}" for r in self.results for e in r.errors]


def _began(barrier) -> float | None:
    """When the last session arrived (CLOCK_MONOTONIC, as the server's stopwatch); None if one failed."""
    try:
        barrier.wait(BARRIER_TIMEOUT_S)
    except threading.BrokenBarrierError:
        return None
    return time.monotonic()


def mix(n: int) -> list[str]:
    """The classroom: every fourth session visits the gallery, the others are trainees."""
    return [GALLERY if i % 4 == 3 else DESK for i in range(n)]


def _collect(procs: list, results: mp.Queue, n: int) -> list[SessionResult]:
    got: list[SessionResult] = []
    deadline = time.monotonic() + DEADLINE_S
    while len(got) < n and time.monotonic() < deadline:
        try:
            got.append(results.get(timeout=1))
        except queue_mod.Empty:
            if not any(p.is_alive() for p in procs) and results.empty():
                break
    seen = {r.index for r in got}
    for i in range(n):
        if i not in seen:
            got.append(SessionResult(i, "?", errors=["no result: the worker died or ran out of time"]))
    for p in procs:
        p.join(5)
        if p.is_alive():
            p.kill()  # only our own worker processes, by handle
    return sorted(got, key=lambda r: r.index)


def run_level(
    name: str,
    n: int,
    *,
    seed: int = 0,
    think: tuple[float, float] = (1.0, 3.0),
    db_url: str | None = None,
    kinds: list[str] | None = None,
    background_clients: bool = True,
    static_proxy: bool = False,
) -> LevelResult:
    """``name`` "classroom" (the mix) or "burst" (n sessions press Run at one moment);
    ``kinds`` (one per session) replaces the mix, e.g. for a smoke run with a gallery visitor;
    ``background_clients`` runs the browsers at idle priority (see worker.run);
    ``static_proxy`` puts nginx in front to serve Streamlit's static files (see proxy.py)."""
    ctx = mp.get_context("spawn")  # a clean interpreter per worker, as Playwright wants
    kinds = kinds or (mix(n) if name == "classroom" else [BURST] * n)
    n = len(kinds)
    with tempfile.TemporaryDirectory(prefix="loadtest-") as tmp:
        app = server.start(Path(tmp), db_url=db_url)
        front = StaticProxy(app.port, Path(tmp)) if static_proxy else None
        got: list[SessionResult] = []
        try:
            url = front.start().url if front else app.url
            names = [desk_script.trainee_name(i) for i, k in enumerate(kinds) if k == DESK]
            server.make_trainees(app.store_url, names, desk_script.PASSWORD)
            barrier = ctx.Barrier(n + 1)  # everyone (and this process) has arrived: the class begins
            gate = ctx.Semaphore(ARRIVING)
            results: mp.Queue = ctx.Queue()
            sampler = Sampler(app.proc.pid).start()
            start = time.perf_counter()
            procs = []
            for i, kind in enumerate(kinds):
                delay = 0.0 if kind == BURST else i * RAMP_S
                spec = Spec(i, kind, url, seed, think, start_delay=delay, background=background_clients)
                procs.append(ctx.Process(target=run, args=(spec, barrier, gate, results), daemon=True))
            for p in procs:
                p.start()
            began = _began(barrier)
            got = _collect(procs, results, n)
            seconds = time.perf_counter() - start
            load = sampler.stop()
            if app.proc.poll() is not None:
                got[0].errors.append(f"the server exited with {app.proc.returncode}")
            ids = [r.attempt_id for r in got if r.attempt_id is not None]
            lost, rows = server.missing_attempts(app.store_url, ids)
            runs = serve.read(str(server.run_log(Path(tmp))), began) if began is not None else []
        finally:
            if front:
                front.stop()
            app.stop()
            if any(r.errors for r in got):  # the server's log outlives the temp folder
                LOGS.mkdir(parents=True, exist_ok=True)
                for log in Path(tmp).glob("streamlit-*.log"):
                    shutil.copy(log, LOGS / f"{name}-{n}-{log.name}")
    return LevelResult(name, n, got, load, lost, rows, seconds, runs)
