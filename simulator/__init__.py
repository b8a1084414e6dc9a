"""Cancel Desk's what-if engine: scenarios, policies, vectorised order streams, metrics.

The public API (see docs/simulator-cli.md)::

    from simulator import load_scenario, load_policy, simulate, compare, order_sample

The names are *lazy attributes* (PEP 562, a module-level ``__getattr__``): importing the
package, or one of its subpackages such as ``simulator.reports``, loads nothing else, and a
name's module (the catalog, the Monte Carlo runner, Faker ...) is imported the first time the
name is used.  ``python -m simulator replay`` then starts without the simulation engine
(issue 12: replay faster than a polars script, start-up included).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

# Each public name -> the module that defines it.
_LAZY = {
    "DEFAULT_SEED": "simulator.engine.streams",
    "POLICIES_DIR": "simulator.catalog",
    "SCENARIOS_DIR": "simulator.catalog",
    "compare": "simulator.runs.montecarlo",
    "list_policies": "simulator.catalog",
    "list_scenarios": "simulator.catalog",
    "load_policy": "simulator.catalog",
    "load_scenario": "simulator.catalog",
    "order_sample": "simulator.runs.order_view",
    "policy_from_text": "simulator.catalog",
    "scenario_from_text": "simulator.catalog",
    "simulate": "simulator.runs.montecarlo",
    "to_yaml": "simulator.catalog",
}
__all__ = [
    "DEFAULT_SEED",
    "POLICIES_DIR",
    "SCENARIOS_DIR",
    "compare",
    "list_policies",
    "list_scenarios",
    "load_policy",
    "load_scenario",
    "order_sample",
    "policy_from_text",
    "scenario_from_text",
    "simulate",
    "to_yaml",
]

if TYPE_CHECKING:  # what type checkers and editors see; at run time __getattr__ loads these
    from simulator.catalog import (
        POLICIES_DIR,
        SCENARIOS_DIR,
        list_policies,
        list_scenarios,
        load_policy,
        load_scenario,
        policy_from_text,
        scenario_from_text,
        to_yaml,
    )
    from simulator.engine.streams import DEFAULT_SEED
    from simulator.runs.montecarlo import compare, simulate
    from simulator.runs.order_view import order_sample


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
