"""Chart specs built once per distinct input, shared by every session.

The result charts are pure functions of the result (and a few labels), and the same
result is drawn again on every rerun and for every visitor of a gallery link.  Building
an altair chart and turning it into Vega-Lite (with altair's schema validation) was a
fifth of a gallery Run's server time, and Streamlit's turning the spec's datasets into
Arrow another tenth (py-spy under benchmarks/loadtest).  So the spec is kept by a hash of
the builder's inputs, with its datasets already as Arrow bytes (which ``st.vega_lite_chart``
sends as they are), in ``st.cache_data``, which computes concurrent identical misses
once: twenty sessions drawing the same new result build it once.  Each hit parses the
spec afresh; no session can change what another one draws.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

import streamlit as st
from streamlit import dataframe_util

from ui.shared.charts import as_spec

MAX_SPECS = 256
MISSES = [0]  # specs built (the cached function's body runs only on a miss)


def _encode(spec: dict) -> tuple[str, tuple[tuple[str, bytes], ...]]:
    datasets = spec.pop("datasets", {})
    arrow = tuple(
        (name, dataframe_util.convert_anything_to_arrow_bytes(rows)) for name, rows in datasets.items()
    )
    return json.dumps(spec), arrow


def _decode(kept: tuple[str, tuple[tuple[str, bytes], ...]]) -> dict:
    text, arrow = kept
    spec = json.loads(text)
    if arrow:
        spec["datasets"] = dict(arrow)
    return spec


@st.cache_data(max_entries=MAX_SPECS, show_spinner=False)
def _kept(key: str, _build: Callable[[], dict]) -> tuple[str, tuple[tuple[str, bytes], ...]]:
    MISSES[0] += 1
    return _encode(_build())


def _key(builder: Callable, args: tuple, kwargs: dict) -> str:
    text = json.dumps([builder.__module__, builder.__qualname__, args, kwargs], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def spec(builder: Callable, *args, **kwargs) -> dict:
    """``builder(*args, **kwargs)`` (an altair chart) as a Vega-Lite dict for ``st.vega_lite_chart``."""
    return _decode(_kept(_key(builder, args, kwargs), lambda: as_spec(builder(*args, **kwargs))))


def clear() -> None:
    _kept.clear()
    MISSES[0] = 0
