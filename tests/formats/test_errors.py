"""The error hierarchy: each kind of file raises its own class, and every one is an InputError."""

from __future__ import annotations

from pathlib import Path

import pytest

from formats import errors
from formats.errors import (
    ArgumentError,
    ExerciseFileError,
    FileError,
    InputError,
    PolicyFileError,
    Problem,
    ReportFileError,
    RulebookError,
    RulebookFileError,
    ScenarioFileError,
    reported_as,
)
from formats.loader import load_rulebook
from simulator import load_policy, load_scenario, policy_from_text, scenario_from_text, simulate
from simulator.cli.output import check_out_path
from simulator.reports.replay import replay_report
from training.exercises import exercises_from_data

BAD = Path(__file__).parent / "bad"
FIX = Path(__file__).resolve().parents[1] / "simulator" / "fixtures_reports"
SCENARIO = (
    "name: s\nstart_date: 2024-01-01\ndays: 5\nvolume: {mean_per_day: 10}\nseller_fulfilled_share: 0.5\n"
)


def _raises(call) -> InputError:
    with pytest.raises(RulebookError) as info:  # the historic name catches every kind
        call()
    return info.value


def _written(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text)
    return p


def test_rulebook_error_is_the_base_under_its_historic_name():
    assert RulebookError is InputError
    kinds = [RulebookFileError, ScenarioFileError, PolicyFileError, ExerciseFileError, ReportFileError]
    assert all(issubclass(k, FileError) and issubclass(k, InputError) for k in kinds)
    assert issubclass(ArgumentError, InputError) and not issubclass(ArgumentError, FileError)
    assert len(set(kinds)) == 5


def test_every_kind_of_file_raises_its_own_class(tmp_path):
    rb = load_rulebook()
    cases = {
        RulebookFileError: lambda: load_rulebook(BAD / "rate_as_percent.yaml"),
        ScenarioFileError: lambda: load_scenario(_written(tmp_path, "s.yaml", SCENARIO + "days_: 3\n")),
        PolicyFileError: lambda: load_policy(_written(tmp_path, "p.yaml", "name: p\nhandlin: {}\n")),
        ExerciseFileError: lambda: exercises_from_data([{"id": "x"}], rb),
        ReportFileError: lambda: replay_report(FIX / "not_a_report.txt"),
        ArgumentError: lambda: load_scenario("starter_shp"),
    }
    for kind, call in cases.items():
        err = _raises(call)
        assert type(err) is kind, (kind, type(err))
        assert err.problems and all(isinstance(p, Problem) for p in err.problems)


def test_a_yaml_syntax_error_is_raised_as_the_kind_of_file_being_loaded(tmp_path):
    broken = "name: [x\nhandling: {}\n"
    assert type(_raises(lambda: load_policy(_written(tmp_path, "p.yaml", broken)))) is PolicyFileError
    assert type(_raises(lambda: policy_from_text(broken))) is PolicyFileError
    assert type(_raises(lambda: scenario_from_text(broken))) is ScenarioFileError
    assert type(_raises(lambda: load_scenario(_written(tmp_path, "s.yaml", broken)))) is ScenarioFileError
    assert type(_raises(lambda: load_rulebook(_written(tmp_path, "r.yaml", broken)))) is RulebookFileError


def test_bad_arguments_are_argument_errors(tmp_path):
    assert type(_raises(lambda: simulate("starter_shop", runs=0))) is ArgumentError
    assert type(_raises(lambda: load_rulebook("amazon_xx"))) is ArgumentError
    assert type(_raises(lambda: check_out_path(tmp_path, replace=True))) is ArgumentError


def test_string_form_is_one_file_line_col_line_per_problem():
    err = ScenarioFileError(
        [
            Problem("s.yaml", 3, 7, "volume.mean_per_day", "must be > 0", "e.g. 120"),
            Problem("s.yaml", 1, 1, "", "x"),
        ]
    )
    assert str(err) == "s.yaml:3:7: volume.mean_per_day: must be > 0 (e.g. 120)\ns.yaml:1:1: (document): x"
    assert str(ArgumentError.single("<arguments>", "must be 0 or more, got -1", path="seed")) == (
        "<arguments>:1:1: seed: must be 0 or more, got -1"
    )


def test_reported_as_names_only_problems_not_yet_tied_to_a_kind():
    with pytest.raises(PolicyFileError) as info, reported_as(PolicyFileError):
        raise FileError.single("p.yaml", "file is empty")
    assert str(info.value) == "p.yaml:1:1: (document): file is empty"
    with pytest.raises(ArgumentError), reported_as(PolicyFileError):
        raise ArgumentError.single("x", "no such policy")
    with pytest.raises(RulebookFileError), reported_as(PolicyFileError):
        raise RulebookFileError.single("r.yaml", "bad rulebook")


def test_formats_defines_one_problem_type():
    assert [n for n in dir(errors) if n == "Problem"] == ["Problem"]
    assert Problem("f", 1, 2, "a", "m", "h").to_dict() == {
        "file": "f", "line": 1, "col": 2, "path": "a", "message": "m", "hint": "h"
    }  # fmt: skip
