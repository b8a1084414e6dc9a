"""``--scheduler``: the one option that says where `search`, `compare` and `sweep` run their work."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager

from simulator.runs.executor import Executor, check_scheduler, open_executor


def add_scheduler(p: argparse.ArgumentParser, default: str) -> None:
    p.add_argument(
        "--scheduler",
        default=default,
        help="where the runs go: serial (this process), local (a Dask LocalCluster of this machine's "
        "cores), local:N (N workers), or a Dask scheduler address such as tcp://host:8786 "
        f"(docs/scaling.md; default {default})",
    )


@contextmanager
def executor_for(args: argparse.Namespace) -> Iterator[Executor | None]:
    """The executor ``--scheduler`` names; None for serial (the one-pass path of compare and sweep)."""
    spec = check_scheduler(args.scheduler)
    if spec == "serial":
        yield None
        return
    with open_executor(spec) as ex:
        yield ex
