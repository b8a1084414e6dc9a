"""A throwaway PostgreSQL cluster for tests: initdb + pg_ctl in a temp folder, a free port.

Debian keeps the server binaries out of PATH, in ``/usr/lib/postgresql/<v>/bin``;
``CANCEL_DESK_PG_BIN`` points elsewhere.  PostgreSQL refuses to run as root, so
when the tests run as root the cluster runs as the ``postgres`` OS user (the folder
is handed to it); otherwise as the current user.  The unix socket lives in the temp
folder too, so nothing is shared with a system server.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql

PG_BIN_DEFAULT = Path("/usr/lib/postgresql/15/bin")
ADMIN_DB = "postgres"


class PgMissing(RuntimeError):
    """The server binaries are not installed: the PostgreSQL tests cannot run."""


def pg_bin() -> Path:
    found = os.environ.get("CANCEL_DESK_PG_BIN") or PG_BIN_DEFAULT
    bin_dir = Path(found)
    if not (bin_dir / "initdb").exists() or not (bin_dir / "pg_ctl").exists():
        raise PgMissing(
            f"PostgreSQL server binaries not found in {bin_dir} (initdb, pg_ctl). "
            "Install Debian's postgresql-15 (apt-get install postgresql-15) "
            "or set CANCEL_DESK_PG_BIN to the folder that has them."
        )
    return bin_dir


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class PgCluster:
    root: Path
    port: int
    bin_dir: Path
    user: str | None  # the OS user that runs the server (None: this one)

    @property
    def data(self) -> Path:
        return self.root / "data"

    @classmethod
    def start(cls) -> PgCluster:
        bin_dir = pg_bin()
        user = "postgres" if os.geteuid() == 0 else None
        root = Path(tempfile.mkdtemp(prefix="cdpg-"))
        if user:
            shutil.chown(root, user)
        cluster = cls(root, free_port(), bin_dir, user)
        try:
            initdb = ["-D", str(cluster.data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C"]
            cluster._run("initdb", *initdb, "--no-sync")
            cluster.pg_ctl("start")
        except BaseException:
            cluster.remove()
            raise
        return cluster

    def _run(self, tool: str, *args: str) -> str:
        proc = subprocess.run(
            [str(self.bin_dir / tool), *args], user=self.user, capture_output=True, text=True, cwd=self.root
        )
        if proc.returncode != 0:
            log = self.root / "server.log"
            tail = log.read_text()[-2000:] if log.exists() else ""
            raise RuntimeError(f"{tool} {' '.join(args)} failed:\n{proc.stdout}{proc.stderr}{tail}")
        return proc.stdout

    def pg_ctl(self, action: str) -> None:
        """``start``, ``stop`` or ``restart`` the server, waiting until it is done."""
        args = ["-D", str(self.data), "-w", "-t", "60", "-m", "fast", "-l", str(self.root / "server.log")]
        if action in ("start", "restart"):
            opts = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
            args += ["-o", opts + " -c synchronous_commit=off -c full_page_writes=off"]
        self._run("pg_ctl", action, *args)

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def _admin(self) -> psycopg.Connection:
        return psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname=ADMIN_DB, autocommit=True
        )

    def create_database(self, name: str) -> str:
        with self._admin() as con:
            con.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.url(name)

    def drop_database(self, name: str) -> None:
        with self._admin() as con:
            con.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self.pg_ctl("stop")

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
