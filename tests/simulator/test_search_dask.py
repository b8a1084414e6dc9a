"""The same answers serially, on a LocalCluster of 2 workers, and on a real scheduler with 2 workers.

The cluster is started here as an operator would (docs/scaling.md): a `dask scheduler` and
two `dask worker` processes on 127.0.0.1, with the project on their PYTHONPATH.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from formats.errors import ArgumentError
from simulator.cli.main import main
from simulator.runs import executor
from simulator.runs.executor import check_scheduler, open_executor
from simulator.runs.montecarlo import compare
from simulator.runs.sweep import sweep
from simulator.search.api import question, search

ROOT = Path(__file__).resolve().parents[2]
NO_BOARD = ("--dashboard-address", ":0")  # a free port: no clash with another test's cluster
ONE_THREAD = ("--nthreads", "1", "--nworkers", "1")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """A scheduler and two single-threaded worker processes on 127.0.0.1; its address."""
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    py = sys.executable
    procs = [
        subprocess.Popen(
            [
                py,
                "-m",
                "distributed.cli.dask_scheduler",
                *("--host", "127.0.0.1", "--port", str(port)),
                *NO_BOARD,
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    ]
    try:
        for _ in range(2):
            procs.append(
                subprocess.Popen(
                    [py, "-m", "distributed.cli.dask_worker", address, *ONE_THREAD, "--no-nanny", *NO_BOARD],
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        from distributed import Client  # deferred: only this fixture talks to the cluster directly

        deadline = time.monotonic() + 60
        while True:
            try:
                with Client(address, timeout=5) as client:
                    client.wait_for_workers(2, timeout=60)
                break
            except (OSError, TimeoutError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        yield address
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()


def test_a_search_gives_the_same_bytes_serially_on_a_local_cluster_and_on_a_real_one(cluster):
    q = question("starter_shop", objectives="breach,lost_revenue,feedback", runs=30, seed=11)
    answers = {}
    for spec in ("serial", "local:2", cluster):
        with open_executor(spec) as ex:
            assert ex.workers == (1 if spec == "serial" else 2)
            answers[spec] = search(q, trials=20, executor=ex).to_json()
    assert answers["serial"] == answers["local:2"] == answers[cluster]
    assert '"front"' in answers["serial"]


def test_compare_and_sweep_give_the_same_figures_on_the_cluster(cluster):
    policies = ["cancel_first", "ask_buyer_first"]
    plain = compare("holiday_stockout", policies, runs=12, seed=3)
    sw = sweep("holiday_stockout", "situations.out_of_stock.days_20-40", [0.0, 0.02], runs=10, seed=3)
    with open_executor(cluster) as ex:
        assert (
            compare("holiday_stockout", policies, runs=12, seed=3, executor=ex).to_json() == plain.to_json()
        )
        assert (
            sweep(
                "holiday_stockout",
                "situations.out_of_stock.days_20-40",
                [0.0, 0.02],
                runs=10,
                seed=3,
                executor=ex,
            ).to_json()
            == sw.to_json()
        )


def test_a_scheduler_nobody_runs_is_refused_in_words(monkeypatch):
    monkeypatch.setattr(executor, "CONNECT_TIMEOUT", 2)
    port = _free_port()
    with (
        pytest.raises(ArgumentError, match="cannot reach the Dask scheduler"),
        open_executor(f"tcp://127.0.0.1:{port}"),
    ):
        pass


@pytest.mark.parametrize("spec", ["local:0", "local:x", "host:8786", "tcp://"])
def test_a_bad_scheduler_is_a_located_message(spec):
    with pytest.raises(ArgumentError, match="--scheduler"):
        check_scheduler(spec)


@pytest.mark.parametrize(
    "argv",
    [
        ["compare", "holiday_stockout", "--policy", "cancel_first", "--policy", "by_the_book", "--runs", "8"],
        ["sweep", "holiday_stockout", "--param", "volume.mean_per_day", "--values", "300,600", "--runs", "6"],
    ],
)
def test_compare_and_sweep_take_the_scheduler_option(cluster, argv, capsys):
    assert main([*argv, "--format", "json"]) == 0
    serial = capsys.readouterr().out
    assert main([*argv, "--format", "json", "--scheduler", cluster]) == 0
    assert capsys.readouterr().out == serial
