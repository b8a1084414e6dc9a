"""A gallery link checked: the run it can show, and a sentence for each value it could not use.

A link is typed or pasted by people, so a value the gallery cannot use is not dropped in
silence: the page says which parameter, and what it used instead, and the address bar is
rewritten to the run actually shown (docs/policy-lab.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from formats.errors import RulebookError
from ui.shared.state import _NAME, DEFAULT_RUNS, DEFAULT_SEED, MAX_COMPARED, MAX_RUNS, Link, read_link
from ui.simulate import catalog as lab_catalog

MAX_SEED = 2**31 - 1


def _raw(params: Mapping[str, object], key: str) -> str | None:
    value = params.get(key)
    if isinstance(value, list | tuple):
        value = value[-1] if value else None
    return None if value is None else str(value)


def _number_note(key: str, raw: str | None, used: int, default: int, what: str) -> str | None:
    """The note for a whole-number parameter, or None when ``raw`` was used as it is."""
    if raw is None:
        return None
    try:
        if int(raw) == used:
            return None
    except ValueError:
        return f"The link's `{key}` is not a whole number, so the default {what} {default} is used instead."
    return f"The link's `{key}` must be between {_bounds(key)}, so {what} {used} is used instead."


def _bounds(key: str) -> str:
    return f"1 and {MAX_RUNS:,}" if key == "runs" else f"0 and {MAX_SEED:,}"


def checked_link(params: Mapping[str, object]) -> tuple[Link, list[str]]:
    """The run a link's ``params`` can show, and one note per value replaced (none for a good link)."""
    link = read_link(params)
    notes = [
        n
        for n in (
            _number_note("runs", _raw(params, "runs"), link.runs, DEFAULT_RUNS, "number of runs"),
            _number_note("seed", _raw(params, "seed"), link.seed, DEFAULT_SEED, "seed"),
        )
        if n
    ]
    raw_scenario = _raw(params, "scenario")
    scenario = lab_catalog.scenarios().get(link.scenario) if link.scenario else None
    if isinstance(scenario, RulebookError):
        scenario = None  # its card says why it does not load; there is no run to show
    if raw_scenario and link.scenario not in lab_catalog.scenarios():
        shown = f"`{raw_scenario}`" if _NAME.match(raw_scenario) else "this name"
        notes.append(f"The link names a scenario that does not exist here: {shown}. The cards are shown.")
        return replace(link, scenario=None, policy=None), notes
    raw_policy = _raw(params, "policy")
    if raw_policy is not None and link.policy not in lab_catalog.policies():
        own = lab_catalog.policy_stem(scenario) if scenario is not None else None
        shown = f"`{raw_policy}`" if _NAME.match(raw_policy) else "this name"
        title = lab_catalog.policy_title(own) if own else ""
        instead = f"the scenario's own policy, {title}, is used" if own else "it is left out"
        notes.append(f"The link's `policy` names a policy that does not exist here: {shown}, so {instead}.")
        link = replace(link, policy=own)
    return _checked_comparison(link, _raw(params, "compare"), notes)


def _checked_comparison(link: Link, raw: str | None, notes: list[str]) -> tuple[Link, list[str]]:
    """Keep the comparison's known policies; two or more make a comparison, and a note says what went."""
    if raw is None:
        return link, notes
    known = tuple(n for n in link.compare if n in lab_catalog.policies())
    if len(raw.split(",")) > len(known):
        kept = ", ".join(lab_catalog.policy_title(n) for n in known) or "none"
        notes.append(
            f"The link's `compare` names policies that do not exist here or more than {MAX_COMPARED}; "
            f"kept: {kept}."
        )
    if len(known) < 2:
        known = ()
    return replace(link, compare=known), notes
