"""The corpus of bad rulebooks: every one gets FILE:LINE:COL, a hint, and no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from formats.errors import RulebookError
from formats.kinds import check_file
from formats.rulebook import Rulebook
from formats.validate import load_model

BAD = Path(__file__).parent / "bad"
ROOT = Path(__file__).resolve().parents[2]

# file -> (line, text that must appear in the message or hint)
EXPECTED = {
    "alias_bomb.yaml": (3, "too many values"),
    "bad_counts_rule.yaml": (124, "'unless_buyer_requested'"),
    "binary.yaml": (1, "binary file"),
    "deep_nesting.yaml": (1, "nesting"),
    "duplicate_id.yaml": (127, "duplicate id 'PricingError'"),
    "duplicate_key.yaml": (110, "duplicate key 'restocks'"),
    "empty.yaml": (1, "no YAML document"),
    "missing_key.yaml": (139, "feed_code"),
    "not_a_mapping.yaml": (1, "not a mapping"),
    "not_utf8.yaml": (1, "not UTF-8"),
    "probability_as_percent.yaml": (318, "did you mean 0.12?"),
    "python_tag.yaml": (2, "python/object/apply:os.system' is not allowed"),
    "rate_as_percent.yaml": (14, "must be between 0 and 1 (did you mean 0.025?)"),
    "recommended_not_listed.yaml": (242, "no handling is graded best"),
    "recursive_alias.yaml": (1, "refers to itself"),
    "syntax_error.yaml": (5, "YAML syntax"),
    "tab_indent.yaml": (3, "not tabs"),
    "unknown_action.yaml": (87, "did you mean 'refund'?"),
    "unknown_key.yaml": (16, "did you mean 'windows_days'?"),
    "unknown_kind.yaml": (1, "cannot tell what kind"),
    "unknown_reason_ref.yaml": (220, "did you mean 'PricingError'?"),
    "wrong_type.yaml": (23, "valid list"),
}


def test_corpus_is_complete():
    files = {p.name for p in BAD.glob("*.yaml")}
    assert files == set(EXPECTED)
    assert len(files) >= 15


@pytest.mark.timeout(10)
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file_reports_line_and_hint(name):
    line, needle = EXPECTED[name]
    with pytest.raises(RulebookError) as info:
        check_file(BAD / name)
    problems = info.value.problems
    assert problems, "an error must carry at least one problem"
    texts = [str(p) for p in problems]
    match = [p for p in problems if needle in str(p)]
    assert match, f"{needle!r} not in {texts}"
    assert match[0].line == line
    assert match[0].col >= 1
    assert str(match[0]).startswith(f"{BAD / name}:{line}:{match[0].col}: ")
    assert all(p.hint for p in problems), "every problem carries a hint"


def test_cli_check_reports_every_bad_file_without_traceback():
    files = sorted(str(p.relative_to(ROOT)) for p in BAD.glob("*.yaml"))
    proc = subprocess.run(
        [sys.executable, "-m", "rules", "check", *files],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stdout + proc.stderr
    for f in files:
        line = EXPECTED[Path(f).name][0]
        assert f"{f}:{line}:" in proc.stdout
    assert f"{len(files)} of {len(files)} file(s) have problems" in proc.stderr


def test_oversized_file_is_refused_before_parsing(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text("id: x\n" + "# padding\n" * 120_000)
    with pytest.raises(RulebookError) as info:
        load_model(big, Rulebook)
    assert "over the 1 MiB limit" in str(info.value)
    assert str(info.value).startswith(f"{big}:1:1:")


def test_every_problem_is_reported_not_just_the_first(tmp_path):
    text = (BAD.parent.parent.parent / "rules" / "amazon_us.yaml").read_text()
    text = text.replace("    limit: 0.025\n", "    limit: 2.5\n").replace(
        "    limit: 0.01\n", "    limit: 1.5\n    limitt: 3\n"
    )
    f = tmp_path / "many.yaml"
    f.write_text(text)
    with pytest.raises(RulebookError) as info:
        load_model(f, Rulebook)
    messages = [p.message for p in info.value.problems]
    assert len(messages) == 3
    assert any("did you mean 0.025" in p.hint for p in info.value.problems)
    assert any("did you mean 0.015" in p.hint for p in info.value.problems)
    assert any("unknown key 'limitt'" in m for m in messages)


def test_missing_file_is_an_error_value(tmp_path):
    with pytest.raises(RulebookError, match="file not found"):
        load_model(tmp_path / "nope.yaml", Rulebook)


def test_thousands_of_problems_are_capped_with_a_count(tmp_path):
    f = tmp_path / "flood.yaml"
    f.write_text("metrics: {}\n" + "".join(f"junk{i}: 1\n" for i in range(500)))
    with pytest.raises(RulebookError) as info:
        load_model(f, Rulebook)
    problems = info.value.problems
    assert len(problems) == 51
    assert problems[-1].message.startswith("and ") and problems[-1].message.endswith("more problems")


def test_huge_flat_file_is_refused_quickly_with_a_hint(tmp_path):
    f = tmp_path / "flat.yaml"
    f.write_text("metrics:\n" + "".join(f"  k{i}: [1, 2, 3]\n" for i in range(40_000)))
    with pytest.raises(RulebookError) as info:
        load_model(f, Rulebook)
    assert "too many values" in str(info.value)
    assert info.value.problems[0].hint.startswith("keep it under")
