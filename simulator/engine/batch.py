"""Many runs' draws at once, each run's numbers its own: the Monte Carlo loop's fast path.

A :class:`RunBatch` holds runs ``first .. first + n - 1`` as :func:`draw_run` draws them
on ``run_rng(seed, run)``: per-day arrays of shape (n, span), and the incidents of every
run one after the other (run, then day, then situation).  Run r's numbers depend only on
``(seed, r)``, never on the batch it is drawn in, so results do not depend on how runs are
split into batches (common random numbers hold across policies and calls).

The compiled draws (:mod:`simulator.engine.native`) fill a batch in two C calls; without
them each run is drawn with numpy and stacked: the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import cache

import numpy as np

from simulator.engine import native
from simulator.engine.streams import Layout, RunDraws, draw_run, run_rng

# Elements (8 bytes each) a batch may hold: its per-day arrays, incidents and their fates.
BATCH_ELEMENTS = 1 << 19
DAY_KEYS = (
    "orders",
    "mfn",
    "direct_mfn",
    "direct_afn",
    "late",
    "neg_plain_on_time",
    "neg_plain_late",
    "neg_afn",
    "neg_direct_mfn",
    "neg_direct_afn",
    "neg_unconfirmed",
)  # the order of draw_days' output blocks in native_draws.c
INCIDENT_KEYS = ("u_request", "t_request", "u_quick", "u_feedback", "u_late", "u_kind")


@dataclass
class RunBatch(RunDraws):
    """:class:`RunDraws` of ``runs`` runs: per-day arrays (runs, span), incidents flat."""

    inc_run: np.ndarray  # which run of the batch (0-based) each incident belongs to
    runs: int

    def cells(self, span: int) -> np.ndarray:
        """Each incident's (run, day) cell in a flattened (runs, span) array."""
        return self.inc_run * span + self.inc_day


def batch_size(lay: Layout) -> int:
    """Runs per batch, so a batch's arrays stay near ``BATCH_ELEMENTS`` whatever the volume."""
    sits = lay.probs[:, :-2].sum(axis=1)
    incidents = float((lay.lam * lay.mfn_share * (1 - lay.direct_rate) * sits).sum())
    per_run = lay.span * (lay.probs.shape[1] + len(DAY_KEYS) + 4) + 16 * incidents
    return max(1, int(BATCH_ELEMENTS // per_run))


def draw_batch(lay: Layout, seed: int, first: int, runs: int) -> RunBatch:
    """Runs ``first .. first + runs - 1`` of ``seed``, exactly as ``draw_run`` draws each."""
    lib = _checked_library()
    if lib is None:
        return stack([draw_run(lay, run_rng(seed, first + r)) for r in range(runs)])
    return _draw_native(lib, lay, seed, first, runs)


@cache
def _checked_library():
    """The compiled draws, once they have drawn numpy's very numbers here (else ``None``).

    The probe takes every path the draws can take: day-to-day variation, large and small
    volumes (both of numpy's Poisson methods), shares over and under one half and counts
    large enough for BTPE as well as inversion, and a situation that starts mid-way.
    """
    lib = native.library()
    if lib is None:
        return None
    days = 12
    probs = np.zeros((days, 6))
    probs[:, :3] = [0.02, 0.3, 0.001]
    probs[6:, 3] = 0.05
    probs[:, 4] = 0.01
    probs[:, -1] = 1.0 - probs[:, :-1].sum(axis=1)
    lam = np.array([900.0, 5.0, 0.0, 40.0] * 3)
    probe = Layout(
        days, [str(d) for d in range(days)], lam, probs, ["a", "b", "c", "d"], 0.3, 0.55, 0.08, 0.2,
        0.5, 30.0, 0.7, 0.01, 0.6, 0.05, 0.4,
    )  # fmt: skip
    want = stack([draw_run(probe, run_rng(3, r)) for r in range(5, 8)])
    got = _draw_native(lib, probe, 3, 5, 3)
    same = all(np.array_equal(getattr(got, f.name), getattr(want, f.name)) for f in fields(RunBatch))
    return lib if same else None


def stack(draws: list[RunDraws]) -> RunBatch:
    """Runs drawn one by one, as one batch (the fallback, and the reference in the tests)."""
    sizes = [d.inc_day.size for d in draws]
    cols = {f.name: [getattr(d, f.name) for d in draws] for f in fields(RunDraws)}
    flat = {"inc_day", "inc_sit", *INCIDENT_KEYS}
    out = {k: np.concatenate(v) if k in flat else np.stack(v) for k, v in cols.items()}
    inc_run = np.repeat(np.arange(len(draws)), sizes)
    return RunBatch(**out, inc_run=inc_run, runs=len(draws))


def _draw_native(lib, lay: Layout, seed: int, first: int, runs: int) -> RunBatch:
    span, d = lay.span, lay.probs.shape[1]
    words = native.seed_words(seed)
    states = np.zeros((runs, native.STATE_WORDS), dtype=np.uint64)
    lib.seed_runs(native.ptr(words), words.size, first, runs, native.ptr(states))
    k = 1.0 / lay.cv**2 if lay.cv > 0 else 0.0
    fig = np.array(
        [
            float(lay.cv > 0),
            k,
            1.0 / k if k else 0.0,
            lay.mfn_share,
            lay.direct_rate,
            lay.late_rate,
            lay.p_fulfilled,
            lay.p_late,
            lay.p_direct,
            lay.p_unconfirmed,
        ]
    )
    lam = np.ascontiguousarray(lay.lam, dtype=np.float64)
    probs = np.ascontiguousarray(lay.probs, dtype=np.float64)
    lam_run = np.empty(span)
    out = np.empty((len(DAY_KEYS), runs, span), dtype=np.int64)
    split = np.zeros((runs, span, d), dtype=np.int64)
    status = lib.draw_days(
        native.ptr(states), runs, span, d, native.ptr(lam), native.ptr(probs), native.ptr(fig),
        native.ptr(lam_run), native.ptr(out), native.ptr(split),
    )  # fmt: skip
    if status != 0:
        raise MemoryError("the compiled draws could not allocate their tables")
    per_sit = split[:, :, :-2]
    offsets = np.zeros(runs + 1, dtype=np.int64)
    np.cumsum(per_sit.sum(axis=(1, 2)), out=offsets[1:])
    n = int(offsets[-1])
    u = np.empty((len(INCIDENT_KEYS), n))
    where = np.empty((3, n), dtype=np.int64)  # each incident's run, day, situation
    lib.draw_incidents(
        native.ptr(states), runs, native.ptr(offsets), lay.request_hours, n, native.ptr(u),
        native.ptr(split), span, d, native.ptr(where),
    )  # fmt: skip
    return RunBatch(
        **dict(zip(DAY_KEYS, out, strict=True)),
        unconfirmed=split[:, :, -2],
        plain=split[:, :, -1],
        per_situation=per_sit,
        inc_day=where[1],
        inc_sit=where[2],
        **dict(zip(INCIDENT_KEYS, u, strict=True)),
        inc_run=where[0],
        runs=runs,
    )
