"""Cancel Desk's what-if engine: scenarios, policies, vectorised order streams, metrics.

The public API (see docs/simulator-cli.md)::

    from simulator import load_scenario, load_policy, simulate, compare, order_sample
"""

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
