"""docs/policy-lab.md runs: its YAML validates, its link opens, its messages and commands are real."""

import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qsl, urlparse

import pytest

from formats.errors import RulebookError
from formats.kinds import check_text
from rules import load_rulebook
from ui.shared.state import read_link
from ui.shared.uploads import problem_lines, read_yaml_upload

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "policy-lab.md").read_text()


def blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", DOC, flags=re.S)


def test_every_yaml_example_is_a_valid_policy_for_the_default_rulebook():
    examples = [b for b in blocks("yaml") if "\nextends:" not in b]  # the what-if rulebook is below
    assert examples
    for text in examples:
        kind, model = check_text(text, "docs/policy-lab.md", "policy")
        assert kind == "policy" and model.handling


def test_the_yaml_example_works_in_the_lab_editor():
    from ui.simulate.policy_editor import policy_from_yaml, widget_values

    (example,) = [b for b in blocks("yaml") if "\nextends:" not in b]
    policy = policy_from_yaml(example, load_rulebook())
    assert widget_values(policy, load_rulebook())["out_of_stock"].wait_hours == 24


def test_the_shared_link_example_names_real_files():
    (url,) = [b.strip() for b in blocks("console") if b.startswith("http")]
    link = read_link(dict(parse_qsl(urlparse(url).query)))
    assert (ROOT / "scenarios" / f"{link.scenario}.yaml").is_file()
    assert (ROOT / "scenarios" / "policies" / f"{link.policy}.yaml").is_file()
    assert (link.seed, link.runs) == (3, 100)


def test_the_error_example_is_what_the_upload_check_says():
    (shown,) = [b.strip() for b in blocks("console") if b.startswith("us.yaml")]
    raw = (ROOT / "rules" / "amazon_us.yaml").read_bytes().replace(b"limit: 0.025", b"limit: 2.5")
    with pytest.raises(RulebookError) as info:
        read_yaml_upload("us.yaml", raw, "rulebook")
    assert problem_lines(info.value) == [shown]


@pytest.mark.slow
def test_the_bench_command_prints_what_the_doc_shows():
    (session,) = [b for b in blocks("console") if b.startswith("$ python -m benchmarks.lab")]
    shown = session.splitlines()[1:3]
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.lab"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
        check=True,
    ).stdout.splitlines()
    assert out[0] == shown[0]
    pattern = re.escape(shown[1]).replace(r"0\.098", r"\d+\.\d+").replace(r"0\.182", r"\d+\.\d+")
    assert re.fullmatch(pattern.replace("20%", r"\d+%"), out[1])
    assert any(line.strip().startswith("1,000 runs, cold") for line in out)  # figures, not judged here


def test_the_whatif_rulebook_example_is_what_the_download_gives(tmp_path):
    from rules.whatif import whatif_yaml
    from ui.simulate.scenario_editor import updated

    (shown,) = [b for b in blocks("yaml") if "\nextends:" in b]
    base = load_rulebook("amazon_us")
    what = updated(base, {("metrics", "cancellation_rate", "limit"): 0.02}, "rulebook limits")
    assert whatif_yaml(base, what) == shown
    (tmp_path / "amazon_us_whatif.yaml").write_text(shown)
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "rules",
            "explain",
            "--rulebook",
            str(tmp_path / "amazon_us_whatif.yaml"),
            "breach",
            "--rate",
            "0.021",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert "BREACH" in out.stdout, out.stdout + out.stderr  # 2.1% breaches a 2% limit (2.5% would not)
