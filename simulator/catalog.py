"""Find, load and write scenarios and policies (by name or by path)."""

from __future__ import annotations

from pathlib import Path

import yaml
from faker.config import AVAILABLE_LOCALES
from pydantic import BaseModel

from formats.errors import ArgumentError, PolicyFileError, ScenarioFileError, reported_as
from formats.loader import load_rulebook
from formats.policy import Policy
from formats.rulebook import Rulebook
from formats.scenario import (
    POLICIES_DIR,
    SCENARIOS_DIR,
    Scenario,
    policy_path,
    resolve_policy,
    resolve_rulebook,
)
from formats.suggestions import did_you_mean
from formats.validate import load_model, model_from_source, model_from_text
from formats.yaml_source import Source, display_path, load_source, parse
from rules.sfp import offers_sfp, seller_fulfilled_prime

__all__ = [
    "POLICIES_DIR",
    "SCENARIOS_DIR",
    "list_policies",
    "list_scenarios",
    "load_policy",
    "load_scenario",
    "policy_from_text",
    "rulebook_for",
    "scenario_from_text",
    "scenario_policy",
    "to_yaml",
]


def list_scenarios() -> list[Path]:
    return sorted(SCENARIOS_DIR.glob("*.yaml"))


def list_policies() -> list[Path]:
    return sorted(POLICIES_DIR.glob("*.yaml"))


def scenario_path(name_or_path: str | Path) -> Path:
    p = Path(name_or_path)
    if p.suffix in (".yaml", ".yml") and p.is_file():
        return p
    candidate = SCENARIOS_DIR / f"{p.stem}.yaml"
    if p.suffix not in (".yaml", ".yml") and candidate.is_file():
        return candidate
    if p.suffix in (".yaml", ".yml"):
        raise ScenarioFileError.single(str(name_or_path), "file not found", "check the path")
    known = [x.stem for x in list_scenarios()]
    hint = did_you_mean(p.stem, known, f"known scenarios: {', '.join(known)}")
    raise ArgumentError.single(str(name_or_path), "no such scenario", hint)


def load_scenario(name_or_path: str | Path) -> Scenario:
    """``starter_shop`` or a path; raises RulebookError (FILE:LINE:COL) on bad input."""
    path = scenario_path(name_or_path)
    base = path.resolve().parent
    with reported_as(ScenarioFileError):
        src = load_source(path, display_path(path))
    return _check_locale(model_from_source(src, Scenario, base_dir=base), src).with_base_dir(base)


def load_policy(name_or_path: str | Path, rulebook: Rulebook | None = None) -> Policy:
    """``by_the_book`` or a path to a policy file."""
    p = Path(name_or_path)
    if p.suffix in (".yaml", ".yml") and not p.is_file():
        raise PolicyFileError.single(str(name_or_path), "file not found", "check the path")
    path = p if p.is_file() else policy_path(str(name_or_path))
    return load_model(path, Policy, label=display_path(path), rulebook=rulebook)


def scenario_from_text(text: str, label: str = "scenario.yaml", base_dir: Path | None = None) -> Scenario:
    """Validate scenario YAML typed or uploaded by a user (same messages as files)."""
    with reported_as(ScenarioFileError):
        src = parse(text, label)
    return _check_locale(model_from_source(src, Scenario, base_dir=base_dir), src).with_base_dir(base_dir)


def policy_from_text(text: str, label: str = "policy.yaml", rulebook: Rulebook | None = None) -> Policy:
    return model_from_text(text, Policy, label, rulebook=rulebook)


def to_yaml(model: BaseModel) -> str:
    """YAML text that loads back to an equal model."""
    data = model.model_dump(mode="json")
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def rulebook_for(scenario: Scenario, rulebook: Rulebook | str | Path | None = None) -> Rulebook:
    """The rulebook to use: an explicit one (object, name or path) or the scenario's; a Seller
    Fulfilled Prime shop's holds its Cancellation Rate to the SFP target."""
    if isinstance(rulebook, Rulebook):
        rb = rulebook
    elif rulebook is not None:
        rb = load_rulebook(rulebook)
    else:
        rb = resolve_rulebook(scenario.rulebook, scenario.base_dir)
    if scenario.sfp and not offers_sfp(rb):
        raise ScenarioFileError.single(
            scenario.name,
            f"rulebook {rb.id} gives no Seller Fulfilled Prime target",
            "set `sfp: false`",
            path="sfp",
        )
    return seller_fulfilled_prime(rb) if scenario.sfp else rb


def scenario_policy(scenario: Scenario, rulebook: Rulebook | None = None) -> Policy:
    return resolve_policy(scenario.policy, scenario.base_dir, rulebook)


def _check_locale(sc: Scenario, src: Source) -> Scenario:
    """Faker must know the locale (checked here: formats/ does not import Faker)."""
    if sc.locale not in AVAILABLE_LOCALES:
        hint = did_you_mean(sc.locale, AVAILABLE_LOCALES, "e.g. en_US, en_GB, en_IN, de_DE")
        line, col = src.where(("locale",))
        raise ScenarioFileError.single(
            src.file, f"unknown Faker locale {sc.locale!r}", hint, line, col, "locale"
        )
    return sc
