"""A rulebook whose limits were changed in the lab, written as a child of the book it came from.

The lab's "what if the limit were 2%?" is a rulebook too, and it can be exported: the
file ``extends`` the shipped book and holds only the metrics that differ, each marked as
an assumption with a source saying where the figure comes from (the family's rule: a
changed sourced fact cites its own source, docs/rulebook-format.md).  It loads back in
the lab, the CLI and ``python -m rules show``.
"""

from __future__ import annotations

import yaml

from formats.rulebook import Rulebook

WHATIF_SOURCE = "What-if figure set in the Cancel Desk policy lab: not from an Amazon help page"


def whatif_id(base_id: str) -> str:
    return f"{base_id}_whatif"


def changed_metrics(base: Rulebook, edited: Rulebook) -> dict[str, dict]:
    """Metric id -> the fields ``edited`` sets differently from ``base`` (none: nothing to export)."""
    before = base.model_dump(mode="json")["metrics"]
    after = edited.model_dump(mode="json")["metrics"]
    out: dict[str, dict] = {}
    for name, now in after.items():
        was = before.get(name)
        if now == was:
            continue
        if now is None or was is None:
            out[name] = now
            continue
        diff = {k: v for k, v in now.items() if was.get(k) != v and k not in ("source", "assumption")}
        if diff:
            out[name] = {**diff, "assumption": True, "source": WHATIF_SOURCE}
    return out


def whatif_yaml(base: Rulebook, edited: Rulebook) -> str:
    """The child rulebook of ``base`` that gives ``edited``'s metrics, as YAML text."""
    doc = {
        "id": whatif_id(base.id),
        "extends": base.id,
        "name": f"{base.name} (what-if)",
        "marketplace": base.marketplace,
        "currency": base.currency,
        "description": f"{base.name} with limits changed in the policy lab (a what-if, not an Amazon figure)",
        "metrics": changed_metrics(base, edited),
    }
    head = f"# Cancel Desk rulebook: {doc['name']}. Format: docs/rulebook-format.md\n"
    return head + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)
