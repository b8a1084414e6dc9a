"""A YAML syntax error names where the parser noticed it and where the construct opened."""

from __future__ import annotations

import pytest

from formats.errors import FileError
from formats.yaml_source import parse


def _problem(text: str):
    with pytest.raises(FileError) as info:
        parse(text, "f.yaml")
    (p,) = info.value.problems
    return p


def test_unclosed_list_names_the_line_it_opened_on():
    p = _problem("a: 1\nb: 2\nc: [1, 2\nd: 4\ne: 5\n")
    assert (p.line, p.col) == (4, 2)  # where the parser noticed
    assert (
        p.message
        == "YAML syntax: did not find expected ',' or ']' (in the [ list opened at line 3, column 4)"
    )
    assert p.hint == "close the [ opened on line 3 with ]"


def test_unclosed_mapping_and_quote():
    m = _problem("a: {x: 1\nb: 2\n")
    assert "(in the { mapping opened at line 1, column 4)" in m.message and m.line == 2
    assert m.hint == "close the { opened on line 1 with }"
    q = _problem('a: "abc\nb: 1\n')
    assert "(in the quoted text opened at line 1, column 4)" in q.message and q.line == 3
    assert q.hint == "close the quote opened on line 1"


def test_no_opening_line_when_the_parser_has_none_or_it_is_the_same_place():
    p = _problem("a: b: c\n")
    assert p.message == "YAML syntax: mapping values are not allowed in this context" and (p.line, p.col) == (
        1,
        5,
    )
    tab = _problem("a:\n\t- 1\n")
    assert "opened at" not in tab.message and tab.hint == "indent with spaces, not tabs"


def test_an_indentation_slip_names_the_mapping_it_breaks():
    p = _problem("a:\n  b: 1\n c: 2\n")
    assert p.line == 3 and "(in the mapping opened at line 1, column 1)" in p.message
    assert p.hint == "check quotes, colons and indentation near here"
