"""The policy editor's two faces: widget values <-> Policy model.

For each situation the widgets hold an :class:`~simulator.policy_actions.EditorValues`.
Which of them an action uses, and how they map to a policy file, is the action's own
business (``simulator.policy_actions``); this module only walks the rulebook's situations.
``widget_values`` reads them from a policy; ``policy_from_widgets`` writes them back,
keeping everything the widgets do not show (name, description, situations left to the
rulebook).
"""

from __future__ import annotations

from formats.errors import Problem, RulebookError
from formats.policy import Policy
from formats.rulebook import Rulebook
from formats.validate import model_from_text
from formats.yaml_source import dotted
from simulator.policy_actions import EditorValues, editor_values, spec_of


def widget_values(policy: Policy, rb: Rulebook) -> dict[str, EditorValues]:
    """One EditorValues per rulebook situation (missing ones follow the rulebook)."""
    return {si.id: editor_values(policy.handling.get(si.id)) for si in rb.situations}


def policy_from_widgets(policy: Policy, values: dict[str, EditorValues], rb: Rulebook) -> Policy:
    """The policy with each situation's handling replaced by the widgets' values.

    A situation the policy left to the rulebook stays out of the file unless
    its widgets were changed from the defaults.
    """
    data = policy.model_dump(mode="json")
    handling = dict(data.get("handling", {}))
    for sid, h in values.items():
        if sid not in policy.handling and h == EditorValues():
            continue
        handling[sid] = spec_of(h)
    data["handling"] = handling
    obj = Policy.model_validate(data)
    issues = obj.cross_check(rulebook=rb)
    if issues:
        raise RulebookError(
            [Problem("policy widgets", 0, 0, dotted(loc), m, hint) for loc, m, hint in issues]
        )
    return obj


def policy_from_yaml(text: str, rb: Rulebook, label: str = "policy YAML") -> Policy:
    """Validate the YAML editor's text against the chosen rulebook (RulebookError with line numbers)."""
    return model_from_text(text, Policy, label, rulebook=rb)
