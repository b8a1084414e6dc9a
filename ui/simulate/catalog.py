"""The files in scenarios/ and rules/, loaded once per file version.

Models are frozen, so one loaded copy can serve every user.  A file that
fails to load is reported with the loader's message instead of a card.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from formats.errors import RulebookError
from formats.loader import available_rulebooks, load_rulebook
from formats.policy import Policy
from formats.rulebook import Rulebook
from formats.scenario import Scenario, resolve_policy, resolve_rulebook
from simulator.catalog import list_policies, list_scenarios, load_policy, load_scenario


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


@lru_cache(maxsize=64)
def _scenario(path: str, _mtime: int) -> Scenario | RulebookError:
    try:
        return load_scenario(path)
    except RulebookError as exc:
        return exc


@lru_cache(maxsize=64)
def _policy(path: str, _mtime: int) -> Policy | RulebookError:
    try:
        return load_policy(path)
    except RulebookError as exc:
        return exc


def scenarios() -> dict[str, Scenario | RulebookError]:
    """File stem -> scenario (or the error that stops it loading), in file order."""
    return {p.stem: _scenario(str(p), _mtime(p)) for p in list_scenarios()}


def policies() -> dict[str, Policy]:
    """File stem -> policy, for the policies that load."""
    out = {}
    for p in list_policies():
        pol = _policy(str(p), _mtime(p))
        if isinstance(pol, Policy):
            out[p.stem] = pol
    return out


def rulebook_names() -> list[str]:
    return available_rulebooks()


def rulebook(name: str) -> Rulebook:
    return load_rulebook(name)


def rulebook_of(scenario: Scenario) -> Rulebook:
    return resolve_rulebook(scenario.rulebook, scenario.base_dir)


def policy_of(scenario: Scenario, rb: Rulebook | None = None) -> Policy:
    return resolve_policy(scenario.policy, scenario.base_dir, rb)


def policy_stem(scenario: Scenario) -> str:
    return Path(scenario.policy).stem


def readable(name: str) -> str:
    """A file id such as ``ask_buyer_first`` as words people read: "Ask buyer first".

    A name that already has spaces (a person typed it) is kept as it is.
    """
    name = name.strip()
    if " " not in name:
        name = " ".join(name.replace("_", " ").replace("-", " ").split())
    return name[:1].upper() + name[1:] if name else "(unnamed)"


def policy_title(name: str, policy: Policy | None = None) -> str:
    """The name shown for a policy; the id stays in URLs, files and JSON."""
    if policy is not None and policy.title and " " not in policy.name:
        return policy.title
    return readable(policy.name if policy is not None and " " in policy.name else name)


def titles(names, policies: dict | None = None) -> dict[str, str]:
    """id -> shown name for several policies, made unique (two equal titles get their id added)."""
    policies = policies or {}
    out = {n: policy_title(n, policies.get(n)) for n in names}
    seen: dict[str, int] = {}
    for t in out.values():
        seen[t] = seen.get(t, 0) + 1
    return {n: (t if seen[t] == 1 else f"{t} ({n})") for n, t in out.items()}


def rulebook_title(name: str, uploaded: Rulebook | None = None) -> str:
    """A rulebook's own name ("Amazon.com (US)") for its file id; the id if it does not load."""
    if uploaded is not None:
        return f"{uploaded.name} ({name})" if name.startswith("uploaded") else uploaded.name
    try:
        return load_rulebook(name).name
    except RulebookError:
        return name


def scenario_title(stem: str, scenario: Scenario | None) -> str:
    """A scenario's own name ("Starter shop"); uploads keep their file name next to it."""
    if scenario is None or isinstance(scenario, RulebookError):
        return stem
    if not stem.startswith("uploaded"):
        return scenario.name
    file = stem.partition(":")[2].strip()
    return f"{scenario.name} (uploaded)" if file in scenario.name else f"{scenario.name} ({stem})"
