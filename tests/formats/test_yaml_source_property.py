"""Property: no input, however malformed, makes the loader raise anything but its own error."""

from __future__ import annotations

import string

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from formats.errors import RulebookError
from formats.kinds import check_text
from formats.yaml_source import decode, parse

YAML_BITS = st.sampled_from(
    [
        "metrics:",
        "limit: 2.5",
        "- ",
        "&a ",
        "*a",
        "!!python/object:os.system ",
        "{",
        "}",
        "[",
        "]",
        ":",
        "\t",
        "\n",
        "  ",
        "'",
        '"',
        "? ",
        "<<: *a",
        "%YAML 1.1\n",
        "---\n",
        "...\n",
        "id: x",
        "handling:",
        "volume:",
        "reasons:",
        "!!binary ",
        "~",
        "1e999",
        "0x1F",
        "2026-02-30",
    ]
)
yaml_like = st.lists(st.one_of(YAML_BITS, st.text(string.printable, max_size=8)), max_size=40).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(yaml_like)
def test_any_text_gives_data_or_our_error(text):
    try:
        src = parse(text, "fuzz.yaml")
    except RulebookError as exc:
        assert exc.problems and all(p.file == "fuzz.yaml" and p.line >= 1 for p in exc.problems)
        return
    assert isinstance(src.data, dict)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(yaml_like)
def test_any_text_validates_or_raises_our_error(text):
    try:
        kind, model = check_text(text, "fuzz.yaml")
    except RulebookError as exc:
        assert exc.problems
        assert all(str(p).startswith("fuzz.yaml:") for p in exc.problems)
    else:  # pragma: no cover - a random valid rulebook is astronomically unlikely
        assert kind in ("rulebook", "policy", "scenario") and model is not None


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_decode_or_raise_our_error(raw):
    try:
        text = decode(raw, "fuzz.bin")
    except RulebookError as exc:
        assert exc.problems[0].file == "fuzz.bin"
        return
    try:
        src = parse(text, "fuzz.bin")
    except RulebookError as exc:
        assert exc.problems[0].file == "fuzz.bin"
    else:
        assert isinstance(src.data, dict)


@settings(max_examples=100, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.floats(allow_nan=False) | st.text(max_size=5) | st.integers(),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
        max_leaves=20,
    )
)
def test_any_valid_yaml_document_round_trips_or_is_refused(value):
    text = yaml.safe_dump({"doc": value})
    src = parse(text, "doc.yaml")
    assert src.data == {"doc": value}
