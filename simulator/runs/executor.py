"""Where independent pieces of simulation work run: in this process, or on a Dask cluster.

``search``, ``compare`` and ``sweep`` hand a list of tasks to :meth:`Executor.map` and get the
answers back *in the order given*, whatever order the workers finish in; each task carries
its own seeds, so the figures do not depend on where or when it ran.

``--scheduler`` picks the executor (:func:`open_executor`):

- ``serial``: this process, one task after another;
- ``local`` or ``local:N``: a Dask ``LocalCluster`` of N worker processes (default: this
  machine's cores), started and stopped around the work;
- ``tcp://host:8786``: a running Dask scheduler (``docs/scaling.md`` starts one).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from formats.errors import ArgumentError

ARGS = "<arguments>"
CONNECT_TIMEOUT = 10  # seconds to reach a scheduler before saying it cannot be reached
Done = Callable[[int, int], None]  # (tasks finished, tasks in all)


class Executor:
    """Runs tasks one after another in this process."""

    name = "serial"
    workers = 1
    remote = False  # a cluster of other machines: the total work is not bounded by this one

    def map(self, fn: Callable[[Any], Any], tasks: Sequence[Any], done: Done | None = None) -> list[Any]:
        out = []
        for i, task in enumerate(tasks):
            out.append(fn(task))
            if done is not None:
                done(i + 1, len(tasks))
        return out


class DaskExecutor(Executor):
    """Runs tasks on a Dask ``distributed`` client; answers come back in the order given."""

    def __init__(self, client: Any, name: str, remote: bool = False) -> None:
        self.client = client
        self.name = name
        self.remote = remote

    @property
    def workers(self) -> int:  # type: ignore[override]
        return max(1, len(self.client.nthreads()))  # worker address -> its threads

    def map(self, fn: Callable[[Any], Any], tasks: Sequence[Any], done: Done | None = None) -> list[Any]:
        # deferred: distributed is imported only when a cluster is asked for
        from distributed import as_completed

        if not tasks:
            return []
        futures = self.client.map(fn, list(tasks), pure=False)
        for i, fut in enumerate(as_completed(futures)):
            if fut.status == "error":
                fut.result()  # raises the task's own error here
            if done is not None:
                done(i + 1, len(futures))
        return list(self.client.gather(futures))


def _local_workers(spec: str) -> int:
    _, _, count = spec.partition(":")
    if not count:
        return os.cpu_count() or 1
    if not count.isdigit() or not 1 <= int(count) <= 256:
        raise ArgumentError.single(
            ARGS, f"{spec!r}: local:N takes 1 to 256 workers", "e.g. local:2", path="--scheduler"
        )
    return int(count)


def check_scheduler(spec: str | None) -> str:
    """The scheduler text, checked for its shape before any work (a located message if wrong)."""
    spec = (spec or "serial").strip()
    if spec == "serial" or spec == "local" or spec.startswith("local:"):
        if spec.startswith("local"):
            _local_workers(spec)
        return spec
    if spec.startswith(("tcp://", "tls://", "ws://", "wss://")) and len(spec.split("://", 1)[1]) > 0:
        return spec
    raise ArgumentError.single(
        ARGS,
        f"{spec!r} is not a scheduler",
        "give serial, local, local:N or a Dask scheduler address such as tcp://host:8786",
        path="--scheduler",
    )


@contextmanager
def open_executor(spec: str | None) -> Iterator[Executor]:
    """The executor ``spec`` names, closed (cluster stopped) when the block ends."""
    spec = check_scheduler(spec)
    if spec == "serial":
        yield Executor()
        return
    # deferred: starting Dask costs a second; serial work never pays it
    from distributed import Client, LocalCluster

    if spec.startswith("local"):
        n = _local_workers(spec)
        cluster = LocalCluster(
            n_workers=n, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=40
        )
        client = Client(cluster)
        try:
            yield DaskExecutor(client, f"local cluster of {n} worker{'s' if n != 1 else ''}")
        finally:
            client.close()
            cluster.close()
        return
    try:
        client = Client(spec, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as exc:
        raise ArgumentError.single(
            ARGS,
            f"cannot reach the Dask scheduler at {spec}: {exc}",
            "start one with `dask scheduler` (docs/scaling.md) or leave --scheduler out",
            path="--scheduler",
        ) from None
    try:
        yield DaskExecutor(client, f"cluster at {spec}", remote=True)
    finally:
        client.close()
