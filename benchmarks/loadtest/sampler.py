"""psutil sampling of the app server: RSS and CPU every ``interval`` seconds, in a thread."""

from __future__ import annotations

import statistics
import threading
from dataclasses import dataclass

import psutil

MB = 1024 * 1024


@dataclass(frozen=True)
class ServerLoad:
    rss_start_mb: float
    rss_peak_mb: float
    rss_end_mb: float
    cpu_mean_pct: float  # 100 = one core busy all the time (the machine has two)
    cpu_peak_pct: float
    threads_peak: int
    samples: int


class Sampler:
    """Samples a process (and any children it starts) until ``stop``."""

    def __init__(self, pid: int, interval: float = 0.5) -> None:
        self.proc = psutil.Process(pid)
        self.interval = interval
        self._rss: list[float] = []
        self._cpu: list[float] = []
        self._threads: list[int] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _procs(self) -> list[psutil.Process]:
        return [self.proc, *self.proc.children(recursive=True)]

    def start(self) -> Sampler:
        for p in self._procs():
            p.cpu_percent()  # the first call only primes the counter
        self._thread.start()
        return self

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                procs = self._procs()
                self._rss.append(sum(p.memory_info().rss for p in procs) / MB)
                self._cpu.append(sum(p.cpu_percent() for p in procs))
                self._threads.append(sum(p.num_threads() for p in procs))
            except psutil.Error:  # the server is gone: the run reports it as errors
                return

    def stop(self) -> ServerLoad:
        self._stop.set()
        self._thread.join(5)
        if not self._rss:
            return ServerLoad(0, 0, 0, 0, 0, 0, 0)
        return ServerLoad(
            rss_start_mb=self._rss[0],
            rss_peak_mb=max(self._rss),
            rss_end_mb=self._rss[-1],
            cpu_mean_pct=statistics.fmean(self._cpu),
            cpu_peak_pct=max(self._cpu),
            threads_peak=max(self._threads),
            samples=len(self._rss),
        )
