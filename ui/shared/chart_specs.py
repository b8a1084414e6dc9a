"""Chart specs built once per distinct input, shared by every session.

The result charts are pure functions of the result (and a few labels), and the same
result is drawn again on every rerun and for every visitor of a gallery link.  Building
an altair chart and turning it into Vega-Lite (with altair's schema validation) was a
fifth of a gallery Run's server time (py-spy under benchmarks/loadtest), so the spec is
kept, as JSON text, by a hash of the builder's inputs.  Each hit parses the text afresh:
no session can change what another one draws.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable

MAX_SPECS = 256
_SPECS: OrderedDict[str, str] = OrderedDict()
_LOCK = threading.Lock()


def _key(builder: Callable, args: tuple, kwargs: dict) -> str:
    text = json.dumps([builder.__module__, builder.__qualname__, args, kwargs], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def spec(builder: Callable, *args, **kwargs) -> dict:
    """``builder(*args, **kwargs)`` (an altair chart) as a Vega-Lite dict for ``st.vega_lite_chart``."""
    key = _key(builder, args, kwargs)
    with _LOCK:
        text = _SPECS.get(key)
        if text is not None:
            _SPECS.move_to_end(key)
    if text is None:
        # built outside the lock: two sessions may build the same spec once each, never wait
        text = json.dumps(builder(*args, **kwargs).to_dict())
        with _LOCK:
            _SPECS[key] = text
            while len(_SPECS) > MAX_SPECS:
                _SPECS.popitem(last=False)
    return json.loads(text)


def cached() -> int:
    with _LOCK:
        return len(_SPECS)
