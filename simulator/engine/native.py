"""The compiled draws of ``native_draws.c``: built once per machine, loaded with ctypes.

The C file calls numpy's own distribution functions (``libnpyrandom.a``, shipped inside
numpy) on each run's own PCG64, seeded as ``SeedSequence([seed, run])`` seeds it, so its
numbers are numpy's to the bit.  It is compiled with the system C compiler into a cache
directory the first time it is needed, keyed by the source, numpy's version and this
Python; when there is no compiler (or the build fails) :func:`library` returns ``None``
and the engine draws run by run with numpy: same numbers, only slower.
``CANCEL_DESK_NATIVE=0`` turns the compiled draws off.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from functools import cache
from pathlib import Path

import numpy as np

SOURCE = Path(__file__).with_name("native_draws.c")
STATE_WORDS = 6  # uint64 words per run's generator state (see save() in the C file)
DAY_FIELDS = 11  # per-day blocks draw_days fills (see its comment)
INCIDENT_FIELDS = 6


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "cancel-desk" / "native"


def _numpy_libs() -> list[str]:
    root = Path(np.__file__).parent
    libs = [root / "random" / "lib" / "libnpyrandom.a", root / "_core" / "lib" / "libnpymath.a"]
    return [str(p) for p in libs if p.is_file()]


def _build(target: Path, libs: list[str]) -> None:
    """Compile to a temporary name and rename: processes building at once never see half a file."""
    cc = os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        raise OSError("no C compiler")
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(suffix=".so", dir=target.parent)
    os.close(fd)
    try:
        # -ffp-contract=off: no fused multiply-add, so lam x gamma rounds as numpy's does
        cmd = [cc, "-O2", "-shared", "-fPIC", "-ffp-contract=off", str(SOURCE), *libs, "-lm", "-o", tmp]
        subprocess.run(cmd, check=True, capture_output=True, timeout=120)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _declare(lib: ctypes.CDLL) -> ctypes.CDLL:
    p, i64, i32, dbl = ctypes.c_void_p, ctypes.c_int64, ctypes.c_int, ctypes.c_double
    lib.seed_runs.argtypes = [p, i32, i64, i64, p]
    lib.raw_runs.argtypes = [p, i64, i64, p]
    lib.draw_days.argtypes = [p, i64, i64, i64, p, p, p, p, p, p]
    lib.draw_incidents.argtypes = [p, i64, p, dbl, i64, p, p, i64, i64, p]
    for f in (lib.seed_runs, lib.raw_runs, lib.draw_incidents):
        f.restype = None
    lib.draw_days.restype = i32  # -1: out of memory
    return lib


@cache
def library() -> ctypes.CDLL | None:
    """The compiled draws, or ``None`` where they cannot be built here."""
    if os.environ.get("CANCEL_DESK_NATIVE", "1") == "0":
        return None
    libs = _numpy_libs()
    if not any(lib.endswith("libnpyrandom.a") for lib in libs):
        return None
    key = hashlib.sha256(SOURCE.read_bytes())
    key.update(f"{np.__version__} {sys.version} {sysconfig.get_platform()}".encode())
    target = _cache_dir() / f"draws-{key.hexdigest()[:16]}.so"
    try:
        if not target.is_file():
            _build(target, libs)
        return _declare(ctypes.CDLL(str(target)))
    except (OSError, subprocess.SubprocessError):
        return None


def seed_words(seed: int) -> np.ndarray:
    """``seed`` as SeedSequence reads an int: little-endian 32-bit words, ``[0]`` for 0."""
    seed = int(seed)
    words = [0] if seed == 0 else []
    while seed > 0:
        words.append(seed & 0xFFFFFFFF)
        seed >>= 32
    return np.array(words, dtype=np.uint32)


def ptr(a: np.ndarray) -> int:
    return a.ctypes.data
