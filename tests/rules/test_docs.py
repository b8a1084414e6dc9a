"""The rulebook docs run: their YAML validates and their commands print what they say."""

from __future__ import annotations

import pytest

from formats.rulebook import Rulebook
from formats.validate import model_from_text
from tests.doc_examples import assert_output_matches, console_examples, run_console, yaml_examples


def test_rulebook_format_example_is_valid():
    examples = yaml_examples("docs/rulebook-format.md")
    rb = model_from_text(examples["tiny_rulebook.yaml"], Rulebook, "tiny_rulebook.yaml")
    assert rb.metrics.cancellation_rate.limit == 0.025
    assert rb.situation("out_of_stock").seller_reason == "NoInventory"


CLI = console_examples("docs/rules-cli.md")


def test_rules_cli_doc_has_examples():
    assert len(CLI) >= 9


@pytest.mark.parametrize(("cmd", "expected"), CLI, ids=[c for c, _ in CLI])
def test_rules_cli_doc_example(cmd, expected):
    proc = run_console(cmd)
    assert "Traceback" not in proc.stderr
    assert_output_matches(expected, proc.stdout)
    assert proc.returncode == (2 if "tests/formats/bad" in cmd else 0)


def test_the_family_example_extends_the_us_book(tmp_path):
    from formats.loader import load_rulebook

    text = yaml_examples("docs/rulebook-format.md")["amazon_xx.yaml"]
    (tmp_path / "amazon_xx.yaml").write_text(text)
    rb, us = load_rulebook(tmp_path / "amazon_xx.yaml"), load_rulebook("amazon_us")
    assert rb.metrics.cancellation_rate.limit == 0.02
    assert rb.reason("NoInventory").label == "Out of stock"
    assert rb.reason("CustomerExchange") is None
    assert rb.situations == us.situations


def test_the_vocabulary_example_patches_the_us_book(tmp_path):
    from formats.loader import load_rulebook
    from rules import vocabulary

    body = yaml_examples("docs/rulebook-format.md")["vocabulary_example.yaml"]
    head = "id: amazon_xv\nextends: amazon_us\nname: Example\nmarketplace: XV\ncurrency: EUR\n"
    (tmp_path / "amazon_xv.yaml").write_text(head + body)
    rb = load_rulebook(tmp_path / "amazon_xv.yaml")
    assert vocabulary.money(rb, 1234.5) == "1.234,50 €"
    assert vocabulary.storefront(rb).sales_channel == "Amazon.de"
    assert vocabulary.clue(rb, "special_request", "gift wrapping").startswith(
        "Buyer note asks for gift wrapping."
    )
