"""The one place where pydantic's ValidationError and cross_check issues become Problems."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from formats.errors import FileError, PolicyFileError, ScenarioFileError
from formats.policy import Policy
from formats.scenario import Scenario
from formats.validate import file_error, issue_problems, model_from_text, validation_problems
from formats.yaml_source import parse

TEXT = "name: s\nstart_date: 2024-01-01\ndays: 5\nvolume: {mean_per_day: 10}\nseller_fulfilled_share: 2.5\n"


def _error(data: dict) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        Scenario.model_validate(data)
    return info.value


def test_with_a_source_problems_have_file_line_col_and_friendly_words():
    src = parse(TEXT + "dayz: 3\n", "s.yaml")
    probs = validation_problems(_error(src.data), "s.yaml", source=src, model=Scenario)
    text = [str(p) for p in probs]
    assert "s.yaml:5:25: seller_fulfilled_share: must be between 0 and 1 (did you mean 0.025?)" in text
    assert "s.yaml:6:1: dayz: unknown key 'dayz' (did you mean 'days'?)" in text


def test_without_a_source_problems_sit_at_the_given_place_with_pydantic_words():
    data = parse(TEXT, "s.yaml").data
    exc = _error({**data, "situations": [{"situation": "out_of_stock", "rate": 7}]})
    probs = validation_problems(exc, "edited values")
    assert [str(p) for p in probs] == [
        "edited values:0:0: seller_fulfilled_share: must be between 0 and 1 (did you mean 0.025?)",
        "edited values:0:0: situations[0].rate: must be between 0 and 1 (did you mean 0.07?)",
    ]
    fixed = validation_problems(
        exc, "<scenario>", at=(1, 1), hint="see docs", path=lambda loc: "/".join(map(str, loc))
    )
    assert str(fixed[1]) == "<scenario>:1:1: situations/0/rate: must be between 0 and 1 (see docs)"


def test_issue_problems_are_placed_by_source_or_at():
    src = parse(TEXT, "s.yaml")
    issues = [(("volume", "mean_per_day"), "too few", "raise it")]
    assert (
        str(issue_problems(issues, "s.yaml", source=src)[0])
        == "s.yaml:4:24: volume.mean_per_day: too few (raise it)"
    )
    assert str(issue_problems(issues, "lab")[0]) == "lab:0:0: volume.mean_per_day: too few (raise it)"


def test_models_name_their_error_class():
    assert file_error(Scenario) is ScenarioFileError and file_error(Policy) is PolicyFileError
    assert file_error(dict) is FileError
    with pytest.raises(ScenarioFileError, match=r"did you mean 0\.025"):
        model_from_text(TEXT, Scenario, "s.yaml")
