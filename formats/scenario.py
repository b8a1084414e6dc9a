"""The scenario format: a shop's order flow, incidents and buyers, for the simulator.

Fields marked ``assumption`` in their JSON schema have no published figure;
the simulator exposes them as tunable parameters and the UI labels them.
:meth:`Scenario.cross_check` checks what the schema alone cannot: the rulebook
and policy exist and load, and every situation id is one the rulebook knows.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, ClassVar

from pydantic import Field, PositiveInt, PrivateAttr, field_validator, model_validator

from formats.errors import ArgumentError, FileError, RulebookError, ScenarioFileError
from formats.exercise import Exercise, exercise_issues
from formats.fields import Ident, Rate, Strict
from formats.loader import RULES_DIR, available_rulebooks, load_rulebook
from formats.policy import Policy
from formats.rulebook import CheckIssue, Rulebook, ref
from formats.suggestions import did_you_mean
from formats.validate import load_model

# Dates the simulator can count from and to: a shop's history (up to a year of rolling
# windows) before start_date and MAX_DAYS after it stay far inside Python's years 1-9999.
EARLIEST_START = date(1900, 1, 1)
LATEST_START = date(2999, 12, 31)
MAX_DAYS = 3660

REPO_DIR = Path(__file__).resolve().parent.parent
SCENARIOS_DIR = REPO_DIR / "scenarios"
POLICIES_DIR = SCENARIOS_DIR / "policies"


def assumption(default: Any, description: str, **kw: Any) -> Any:
    """A field with no published figure behind it: tunable, and labelled as such."""
    return Field(
        default, description=f"{description} (assumption)", json_schema_extra={"assumption": True}, **kw
    )


class Spike(Strict):
    start_day: PositiveInt = Field(description="First day of the spike, 1 = start_date.")
    end_day: PositiveInt = Field(description="Last day of the spike (inclusive).")
    multiplier: float = Field(gt=0, le=100, description="Volume multiplier on those days.")
    label: str = ""


class Volume(Strict):
    mean_per_day: float = Field(gt=0, le=1_000_000, description="Mean orders per day on an ordinary week.")
    weekday_profile: list[float] = Field(
        default_factory=lambda: [1.0] * 7,
        min_length=7,
        max_length=7,
        description="Relative volume Mon..Sun; scaled so that its mean is 1.",
    )
    spikes: list[Spike] = []
    day_to_day_variation: float = assumption(
        0.0, "Coefficient of variation of each day's mean volume (0 = pure Poisson)", ge=0, le=2
    )

    @model_validator(mode="after")
    def _profile(self) -> Volume:
        if any(x < 0 for x in self.weekday_profile) or sum(self.weekday_profile) <= 0:
            raise ValueError("weekday_profile needs 7 non-negative numbers, not all zero")
        return self


class SituationRate(Strict):
    situation: Ident = Field(description="A situation id from the rulebook.")
    rate: Rate = Field(description="Share of seller-fulfilled orders that run into it.")
    from_day: PositiveInt | None = Field(None, description="Only from this day (1 = start_date).")
    to_day: PositiveInt | None = Field(None, description="Only up to this day (inclusive).")
    note: str = ""


class SpecialRequests(Strict):
    """The mix of special requests behind the `special_request` situation (shares summing to 1)."""

    gift_wrap: Rate = 0.4
    customisation: Rate = 0.4
    invoice: Rate = 0.2


class Buyer(Strict):
    request_probability: Rate = assumption(
        0.6, "Chance a buyer asked to cancel actually files the official request"
    )
    request_hours: float = assumption(12.0, "Mean hours a buyer takes to file that request", gt=0, le=720)
    direct_cancel_rate: Rate = assumption(
        0.004, "Share of orders the buyer cancels directly while still Pending"
    )
    changed_mind_rate: Rate = assumption(
        0.003, "Share of seller-fulfilled orders whose buyer later writes to cancel (buyer_changed_mind)"
    )
    reply_within_24h: Rate = assumption(
        0.8, "Share of conversations the seller answers within 24 hours (halves negative feedback)"
    )


class Shipping(Strict):
    handling_days: int = Field(2, ge=0, le=30, description="Days from order to expected ship date.")
    late_rate: Rate = assumption(0.02, "Share of shipped seller-fulfilled orders that ship late")
    unconfirmed_rate: Rate = assumption(
        0.0005, "Share of seller-fulfilled orders never ship-confirmed (Amazon auto-cancels them)"
    )


class Scenario(Strict):
    """A simulated shop: volume, channel mix, incidents, buyers, shipping and the policy to apply."""

    file_error: ClassVar[type[FileError]] = ScenarioFileError

    name: str = Field(min_length=1, max_length=80)
    description: str = ""
    rulebook: str = Field("amazon_us", description="Rulebook name or a path relative to this file.")
    locale: str = Field("en_US", pattern=r"^[a-z]{2,3}(_[A-Z]{2})?$", description="Faker locale.")
    sfp: bool = Field(
        False,
        description="A Seller Fulfilled Prime shop: its Cancellation Rate has SFP's target (202072550).",
    )
    start_date: date = Field(
        description=f"First simulated day, between {EARLIEST_START} and {LATEST_START}.",
    )
    days: int = Field(ge=1, le=MAX_DAYS)
    trading_before_start: bool = Field(
        True,
        description=(
            "The shop was already trading before start_date at its ordinary volume and incident rates: "
            "that history is simulated (not reported) so every rolling window is full on day 1. "
            "Set false for a brand-new shop, whose first windows hold only a few days."
        ),
    )
    volume: Volume
    seller_fulfilled_share: Rate
    average_order_value: float = assumption(30.0, "Mean order value in the rulebook's currency", gt=0, le=1e6)
    situations: list[SituationRate] = []
    special_requests: SpecialRequests = SpecialRequests()
    buyer: Buyer = Buyer()
    shipping: Shipping = Shipping()
    policy: str = Field("by_the_book", description="Policy name or a path relative to this file.")
    exercises: list[Exercise] = []

    # Where the file was loaded from, so relative rulebook/policy paths resolve.
    _base_dir: Path | None = PrivateAttr(None)

    @property
    def base_dir(self) -> Path | None:
        return self._base_dir

    def __eq__(self, other: object) -> bool:
        # Equal scenarios are equal wherever their files live (base_dir is not content).
        if not isinstance(other, Scenario):
            return NotImplemented
        return self.model_dump() == other.model_dump()

    def __hash__(self) -> int:
        return hash(self.model_dump_json())

    def with_base_dir(self, base_dir: Path | None) -> Scenario:
        self._base_dir = Path(base_dir) if base_dir else None
        return self

    @field_validator("start_date")
    @classmethod
    def _bounded(cls, value: date) -> date:
        if not EARLIEST_START <= value <= LATEST_START:
            raise ValueError(
                f"{value.isoformat()} is outside the dates the simulator counts with "
                f"({EARLIEST_START} to {LATEST_START})"
            )
        return value

    # -- references --------------------------------------------------------
    def cross_check(self, base_dir: Path | str | None = None, **_context) -> list[CheckIssue]:
        base = Path(base_dir) if base_dir else self._base_dir
        out: list[CheckIssue] = []
        for i, sp in enumerate(self.volume.spikes):
            if sp.end_day < sp.start_day:
                out.append((("volume", "spikes", i, "end_day"), "end_day is before start_day", "swap them"))
        for i, s in enumerate(self.situations):
            if s.from_day and s.to_day and s.to_day < s.from_day:
                out.append((("situations", i, "to_day"), "to_day is before from_day", "swap them"))
            if s.situation == "buyer_changed_mind":
                out.append(
                    (
                        ("situations", i, "situation"),
                        "buyer_changed_mind is set by buyer.changed_mind_rate",
                        "move the rate to `buyer: {changed_mind_rate: ...}`",
                    )
                )
        if (over := rates_over_one(self)) is not None:
            out.append(over)
        mix = self.special_requests
        total = mix.gift_wrap + mix.customisation + mix.invoice
        if abs(total - 1) > 1e-6:
            out.append(
                (("special_requests",), f"shares add up to {total:g}, not 1", "they split special requests")
            )
        rb = _load_ref(out, ("rulebook",), "rulebook", lambda: resolve_rulebook(self.rulebook, base))
        if rb is not None:
            known = [s.id for s in rb.situations]
            for i, s in enumerate(self.situations):
                out += ref(("situations", i, "situation"), s.situation, known, "situation")
            out += exercise_issues(self.exercises, rb)
            _load_ref(out, ("policy",), "policy", lambda: resolve_policy(self.policy, base, rb))
        return out

    def situation_rate_on(self, day: int) -> float:
        """Total incidence of all situations on ``day`` (1 = start_date), changed-mind buyers included."""
        total = self.buyer.changed_mind_rate
        for s in self.situations:
            if (s.from_day or 1) <= day <= (s.to_day or 10**9):
                total += s.rate
        return total


def rates_over_one(sc: Scenario) -> CheckIssue | None:
    """The problem when situation rates (unconfirmed orders included) add up to more than 1 on a day.

    The scenario's own check and the simulator's (for copies that skipped validation) both
    use this one, so they agree on the day and the total they name.
    """
    totals = {d: sc.situation_rate_on(d) + sc.shipping.unconfirmed_rate for d in _edges(sc)}
    day = max(totals, key=lambda d: totals[d])
    if totals[day] <= 1 + RATE_SLACK:
        return None
    return (("situations",), f"situation rates add up to {totals[day]:.3f} on day {day}", "keep it <= 1")


RATE_SLACK = 1e-9  # sums of rates carry float error; 1.0000000000000002 is still 1


def _edges(sc: Scenario) -> list[int]:
    """The days on which the total incidence can change (enough to find its maximum)."""
    days = {1}
    for s in sc.situations:
        days.update(d for d in (s.from_day, s.to_day) if d)
    return sorted(days)


def _load_ref(out: list[CheckIssue], loc: tuple, what: str, load):
    try:
        return load()
    except RulebookError as exc:
        first = exc.problems[0] if exc.problems else None
        more = len(exc.problems) - 1
        hint = f"and {more} more problem(s) in that file" if more > 0 else ""
        out.append((loc, f"{what} cannot be used: {first}" if first else f"{what} cannot be used", hint))
        return None


def _candidates(value: str, base: Path | None, default_dir: Path, sub: str = "") -> list[Path]:
    p = Path(value)
    names = [p] if p.suffix in (".yaml", ".yml") else [p.with_suffix(".yaml")]
    out = []
    for n in names:
        if n.is_absolute():
            out.append(n)
            continue
        if base is not None:
            out.append(base / n)
            if sub:
                out.append(base / sub / n)
        out.append(default_dir / n.name)
    return out


def resolve_rulebook(value: str, base: Path | None = None) -> Rulebook:
    """A rulebook by name (``amazon_in``) or path relative to the scenario file."""
    for c in _candidates(value, base, RULES_DIR):
        if c.is_file():
            return load_rulebook(c)
    known = available_rulebooks()
    hint = did_you_mean(Path(value).stem, known, f"known rulebooks: {', '.join(known)}")
    raise ArgumentError.single(value, "no such rulebook", hint)


def policy_path(value: str, base: Path | None = None) -> Path:
    for c in _candidates(value, base, POLICIES_DIR, "policies"):
        if c.is_file():
            return c
    known = sorted(p.stem for p in POLICIES_DIR.glob("*.yaml"))
    hint = did_you_mean(Path(value).stem, known, f"known policies: {', '.join(known)}")
    raise ArgumentError.single(value, "no such policy", hint)


def resolve_policy(value: str, base: Path | None = None, rulebook: Rulebook | None = None) -> Policy:
    return load_model(policy_path(value, base), Policy, rulebook=rulebook)


def scenario_figure(sc: Scenario, path: str) -> float:
    """A scenario's number by its dotted path (``buyer.changed_mind_rate``), as a rulebook names it."""
    value: object = sc
    for part in path.split("."):
        value = getattr(value, part)
    if not isinstance(value, (int, float)):
        raise TypeError(f"{path} is not a number in a scenario")
    return float(value)
