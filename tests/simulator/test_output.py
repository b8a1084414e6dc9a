"""The one writer of output files: refusals happen first and leave nothing behind."""

from __future__ import annotations

import re

import pytest

from formats.errors import ArgumentError
from simulator.cli.output import YAML_SUFFIXES, check_out_path, write_output


def test_writes_exactly_the_path_and_says_whether_it_replaced(tmp_path):
    out = tmp_path / "a.csv"
    assert write_output(out, "one\n") is False
    assert write_output(out, "two\n") is True
    assert out.read_text() == "two\n" and [p.name for p in tmp_path.iterdir()] == ["a.csv"]


def test_refuses_to_overwrite_without_force(tmp_path):
    out = tmp_path / "s.yaml"
    out.write_text("mine\n")
    with pytest.raises(ArgumentError) as info:
        write_output(out, "theirs\n", replace=False, suffixes=YAML_SUFFIXES)
    assert str(info.value) == f"{out}:1:1: --out: already exists; not replaced (add --force to replace it)"
    assert out.read_text() == "mine\n"
    assert write_output(out, "theirs\n", replace=True, suffixes=YAML_SUFFIXES) is True
    assert out.read_text() == "theirs\n"


@pytest.mark.parametrize(
    ("name", "message"),
    [(".", "is a folder (name a file to write)"), ("no/x.yaml", "the folder does not exist"),
     ("x.txt", "must end with .yaml or .yml")],
)  # fmt: skip
def test_refusals_create_nothing(tmp_path, name, message):
    with pytest.raises(ArgumentError, match=re.escape(message)):
        write_output(tmp_path / name, "text\n", suffixes=YAML_SUFFIXES)
    with pytest.raises(ArgumentError, match=re.escape(message)):
        check_out_path(tmp_path / name, replace=True, suffixes=YAML_SUFFIXES)
    assert list(tmp_path.iterdir()) == []


def test_unchecked_write_leaves_refusal_to_the_system_with_the_callers_words(tmp_path):
    target = str(tmp_path / "no" / "r.json")
    with pytest.raises(ArgumentError) as info:
        write_output(target, "{}\n", checked=False, what="the output")
    assert (
        str(info.value)
        == f"{target}:1:1: (document): cannot write the output: No such file or directory (check the folder)"
    )
    with pytest.raises(ArgumentError, match="cannot write: Is a directory"):
        write_output(tmp_path, "{}\n", checked=False)
    assert list(tmp_path.iterdir()) == []
