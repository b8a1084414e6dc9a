"""Cancel Desk's what-if engine: scenarios, policies, vectorised order streams, metrics.

The public API (see docs/simulator-cli.md)::

    from simulator import load_scenario, load_policy, simulate, compare, order_sample

The names are *lazy attributes* (PEP 562, a module-level ``__getattr__``): importing the
package, or one of its subpackages such as ``simulator.reports``, loads nothing else, and a
name's module (the catalog, the Monte Carlo runner, Faker ...) is imported the first time the
name is used.  ``python -m simulator replay`` then starts without the simulation engine
(issue 12: replay faster than a polars script, start-up included; loading it up front costs
the replay about 0.2 s and 5 MB).  Each name is listed once, in ``_MODULES``.
"""

from __future__ import annotations

import importlib

# Each public name, once, under the module that defines it.
_MODULES = {
    "simulator.catalog": (
        "POLICIES_DIR",
        "SCENARIOS_DIR",
        "list_policies",
        "list_scenarios",
        "load_policy",
        "load_scenario",
        "policy_from_text",
        "scenario_from_text",
        "to_yaml",
    ),
    "simulator.engine.streams": ("DEFAULT_SEED",),
    "simulator.runs.montecarlo": ("compare", "simulate"),
    "simulator.runs.order_view": ("order_sample",),
}
_LAZY = {name: module for module, names in _MODULES.items() for name in names}
__all__ = sorted(_LAZY)


def __getattr__(name: str) -> object:
    """Import a public name's module on first use (PEP 562) and keep the name here."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'simulator' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
