"""The search space, read from the rulebook and the scenario: nothing here names a situation.

- For each situation the scenario simulates (a non-zero rate on some day), the handlings the
  lab's editor can build (action, reason, contact, fallback), each judged once by the one
  compliance judgement (:func:`simulator.runs.compliance.compliance_block`).  By default only
  the compliant ones are offered; ``include_risky`` offers the rest too, each marked with its
  verdict.
- For each of those situations, how long to wait for a buyer's request (``wait_hours``),
  used by the handlings that ask the buyer.
- Any scenario number the analyst names, with bounds (``volume.mean_per_day=300:600``).

Optuna sees plain distributions (categorical keys, floats); :meth:`Space.policy` and
:meth:`Space.scenario` turn a trial's parameters back into a policy and a scenario.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from formats.errors import ArgumentError
from formats.policy import Policy
from formats.rulebook import Rulebook
from formats.scenario import Scenario
from simulator.engine.plan import background
from simulator.engine.streams import layout
from simulator.policy_actions import EditorValues, field_choices, spec_of
from simulator.runs.compliance import COMPLIANT, STATUS_LABELS, compliance_block
from simulator.runs.params import ParamPath, get_param, param_text, parse_param, with_values

ARGS = "<arguments>"
WAIT_BOUNDS = (12.0, 96.0)  # hours; a seller answers within a day at best, the deadline ends it
WAIT_STEP = 12.0
WAIT_KEY = "wait_hours"


@dataclass(frozen=True)
class Choice:
    """One handling of one situation: its policy-file spec and the rulebook's verdict on it."""

    key: str  # stable text Optuna stores (the spec's JSON without wait_hours)
    spec: dict
    status: str  # a key of compliance.STATUS_LABELS
    label: str

    @property
    def waits(self) -> bool:
        return WAIT_KEY in self.spec


@dataclass(frozen=True)
class Knob:
    """A scenario number the analyst lets the search move, between ``low`` and ``high``."""

    path: ParamPath
    low: float
    high: float
    whole: bool

    @property
    def name(self) -> str:
        return param_text(self.path)


@dataclass
class Space:
    situations: dict[str, list[Choice]]  # situation id -> its choices, in menu order
    knobs: list[Knob] = field(default_factory=list)
    wait_bounds: tuple[float, float] = WAIT_BOUNDS

    def size(self) -> int:
        """Distinct handling combinations (waits and scenario numbers aside)."""
        n = 1
        for choices in self.situations.values():
            n *= len(choices)
        return n

    def choice(self, situation: str, key: str) -> Choice:
        return next(c for c in self.situations[situation] if c.key == key)

    def policy(self, params: dict[str, Any], name: str = "searched") -> Policy:
        """The full policy of a trial's parameters (every simulated situation written out)."""
        handling = {}
        for sid in self.situations:
            spec = json.loads(json.dumps(self.choice(sid, params[f"handling.{sid}"]).spec))
            if WAIT_KEY in spec:
                spec[WAIT_KEY] = float(params[f"{WAIT_KEY}.{sid}"])
            handling[sid] = spec
        return Policy.model_validate(
            {"name": name, "title": name.replace("_", " ").capitalize(), "handling": handling}
        )

    def scenario(self, sc: Scenario, params: dict[str, Any]) -> Scenario:
        if not self.knobs:
            return sc
        changes = {k.path: params[f"scenario.{k.name}"] for k in self.knobs}
        return with_values(sc, changes, ARGS)

    def status(self, params: dict[str, Any]) -> str:
        """The worst verdict of the chosen handlings (the one judgement, read per situation)."""
        order = [COMPLIANT, *reversed([s for s in STATUS_LABELS if s != COMPLIANT])]
        worst = [self.choice(sid, params[f"handling.{sid}"]).status for sid in self.situations]
        return max(worst, key=order.index, default=COMPLIANT)


def simulated_situations(sc: Scenario, rb: Rulebook) -> list[str]:
    """Situations with a non-zero rate on some day of the scenario, in rulebook order."""
    lay = layout(sc, rb, background(rb))
    return [sid for j, sid in enumerate(lay.situations) if float(lay.probs[:, j].max()) > 0]


def _key(spec: dict) -> str:
    return json.dumps({k: v for k, v in spec.items() if k != WAIT_KEY}, sort_keys=True)


def _label(rb: Rulebook, spec: dict) -> str:
    words = [spec["action"].replace("_", " ")]
    if spec.get("reason"):
        words.append(f"reason {spec['reason']}")
    if "contact_first" in spec:
        words.append("contact first" if spec["contact_first"] else "no contact")
    if "fallback" in spec:
        words.append("then " + _label(rb, spec["fallback"]))
    return ", ".join(words)


def situation_choices(rb: Rulebook, situation: str, *, include_risky: bool) -> list[Choice]:
    """Every handling the lab can build for ``situation``, judged; only compliant ones unless asked."""
    si = rb.situation(situation)
    if si is None:
        raise ArgumentError.single(ARGS, f"no situation {situation!r} in rulebook {rb.id}")
    reasons = list(field_choices("reason", rb, si))
    fallbacks = list(field_choices("fallback", rb, si))
    seen: dict[str, Choice] = {}
    for action in field_choices("action", rb, si):
        for reason in reasons:
            for contact in (True, False):
                for fallback in fallbacks:
                    spec = spec_of(EditorValues(action, reason, contact, WAIT_BOUNDS[0], fallback))
                    key = _key(spec)
                    if key in seen:
                        continue
                    probe = Policy.model_validate({"name": "probe", "handling": {situation: spec}})
                    status = compliance_block(rb, probe).status
                    seen[key] = Choice(key, spec, status, _label(rb, spec))
    return [c for c in seen.values() if include_risky or c.status == COMPLIANT]


def parse_knob(text: str, sc: Scenario, rb: Rulebook) -> Knob:
    """``volume.mean_per_day=300:600`` -> a knob; a located message for a bad one."""
    name, sep, bounds = text.partition("=")
    lo_text, colon, hi_text = bounds.partition(":")
    if not sep or not colon:
        raise ArgumentError.single(
            ARGS, f"{text!r} is not PATH=LOW:HIGH", "e.g. volume.mean_per_day=300:600", path="--param"
        )
    path = parse_param(name.strip(), sc, rb)
    try:
        low, high = float(lo_text), float(hi_text)
    except ValueError:
        raise ArgumentError.single(
            ARGS, f"{bounds!r}: the bounds must be numbers", "e.g. 300:600", path="--param"
        ) from None
    if not low < high:
        raise ArgumentError.single(ARGS, f"{bounds!r}: LOW must be under HIGH", path="--param")
    knob = Knob(path, low, high, isinstance(get_param(sc, path), int))
    for edge in (low, high):  # each bound must make a valid scenario, said before any work
        with_values(sc, {path: int(edge) if knob.whole else edge}, ARGS)
    return knob


def build_space(
    sc: Scenario,
    rb: Rulebook,
    *,
    include_risky: bool = False,
    knobs: list[Knob] | None = None,
    situations: list[str] | None = None,
    wait_bounds: tuple[float, float] = WAIT_BOUNDS,
) -> Space:
    """The space of ``sc`` under ``rb``: every simulated situation (or those named) and the knobs."""
    sids = situations if situations is not None else simulated_situations(sc, rb)
    table = {sid: situation_choices(rb, sid, include_risky=include_risky) for sid in sids}
    empty = [sid for sid, choices in table.items() if not choices]
    if empty:
        raise ArgumentError.single(ARGS, f"no compliant handling of {', '.join(empty)} to search")
    return Space(table, list(knobs or []), wait_bounds)
