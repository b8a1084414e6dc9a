"""Rulebooks that extend another (formats/inherit.py): merge rules, places, refusals."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from formats.errors import RulebookFileError
from formats.loader import RULES_DIR, available_rulebooks, load_rulebook, rulebook_source
from tests.rules import explain_matrix

HEAD = "id: amazon_zz\nextends: amazon_us\nname: Test\nmarketplace: ZZ\ncurrency: EUR\n"


def child(tmp_path: Path, body: str, name: str = "amazon_zz.yaml", head: str = HEAD) -> Path:
    path = tmp_path / name
    path.write_text(head + textwrap.dedent(body))
    return path


def problems(path: Path) -> list:
    with pytest.raises(RulebookFileError) as info:
        load_rulebook(path)
    return info.value.problems


def test_a_mapping_merges_key_by_key(tmp_path):
    path = child(
        tmp_path,
        """
        metrics:
          cancellation_rate: {limit: 0.02, source: a test page 123}
        """,
    )
    rb, us = load_rulebook(path), load_rulebook("amazon_us")
    assert rb.metrics.cancellation_rate.limit == 0.02
    assert rb.metrics.cancellation_rate.label == us.metrics.cancellation_rate.label
    assert rb.metrics.cancellation_rate.source == "a test page 123"
    assert rb.metrics.order_defect_rate == us.metrics.order_defect_rate
    assert (rb.id, rb.currency, us.id) == ("amazon_zz", "EUR", "amazon_us")


def test_entries_with_ids_patch_add_and_remove(tmp_path):
    path = child(
        tmp_path,
        """
        reasons:
          - {id: NoInventory, label: Out of stock, source: test page 1}
          - {id: CustomerExchange, remove: true}
          - id: BrandNewReason
            label: Brand new
            feed_code: BrandNewReason
            counts_toward_rate: {rule: always}
            restocks: true
            source: test page 2
        """,
    )
    rb, us = load_rulebook(path), load_rulebook("amazon_us")
    ids = [r.id for r in rb.reasons]
    us_ids = [r.id for r in us.reasons]
    assert ids == [i for i in us_ids if i != "CustomerExchange"] + ["BrandNewReason"]
    assert rb.reason("NoInventory").label == "Out of stock"
    assert rb.reason("NoInventory").feed_code == us.reason("NoInventory").feed_code
    assert rb.reason("BrandNewReason").counts_toward_rate.rule == "always"


def test_a_list_without_ids_is_replaced(tmp_path):
    path = child(tmp_path, "metrics:\n  late_shipment_rate: {windows_days: [30], source: test page 3}\n")
    assert load_rulebook(path).metrics.late_shipment_rate.windows_days == [30]


def test_a_problem_in_a_child_names_the_childs_file_and_line(tmp_path):
    path = child(tmp_path, "metrics:\n  cancellation_rate:\n    limit: 2.5\n    source: test page\n")
    (p,) = problems(path)
    assert p.file.endswith("amazon_zz.yaml")
    assert p.line == 8
    assert "0.025" in p.hint


def test_a_problem_in_an_inherited_value_names_the_parent(tmp_path):
    # Removing a reason the parent's situations name: the dangling reference sits in amazon_us.yaml.
    path = child(tmp_path, "reasons:\n  - {id: NoInventory, remove: true}\n")
    found = problems(path)
    assert found
    assert all(p.file.endswith("amazon_us.yaml") for p in found)
    assert any("unknown reason 'NoInventory'" in p.message for p in found)


def test_a_missing_parent_is_located_with_a_did_you_mean(tmp_path):
    path = child(tmp_path, "", head=HEAD.replace("extends: amazon_us", "extends: amazon_uss"))
    (p,) = problems(path)
    assert (p.line, p.path) == (2, "extends")
    assert "no rulebook 'amazon_uss'" in p.message
    assert p.hint == "did you mean 'amazon_us'?"


def test_a_cycle_is_refused(tmp_path):
    child(tmp_path, "", name="amazon_aa.yaml", head="id: amazon_aa\nextends: amazon_bb\n")
    b = child(tmp_path, "", name="amazon_bb.yaml", head="id: amazon_bb\nextends: amazon_aa\n")
    (p,) = problems(b)
    assert "cycle: amazon_bb → amazon_aa → amazon_bb" in p.message


def test_a_patch_to_an_id_the_parent_lacks_gets_a_did_you_mean(tmp_path):
    path = child(tmp_path, "statuses:\n  - {id: Shiped, label: Sent, source: test page}\n")
    (p,) = problems(path)
    assert (p.line, p.path) == (7, "statuses[0].id")
    assert "no entry 'Shiped' to patch" in p.message
    assert "did you mean 'Shipped'?" in p.hint


def test_removing_an_id_the_parent_lacks_is_refused(tmp_path):
    path = child(tmp_path, "reasons:\n  - {id: NoInventry, remove: true}\n")
    (p,) = problems(path)
    assert "no entry 'NoInventry' to remove" in p.message
    assert p.hint == "did you mean 'NoInventory'?"


def test_a_changed_fact_needs_its_own_source(tmp_path):
    path = child(tmp_path, "reasons:\n  - {id: NoInventory, label: Out of stock}\n")
    (p,) = problems(path)
    assert "changes label of the parent's entry without a source" in p.message
    assert p.line == 7


def test_every_value_remembers_its_file():
    src = rulebook_source(RULES_DIR / "amazon_de.yaml")
    assert src.file_at(("id",)).endswith("amazon_de.yaml")
    assert src.file_at(("metrics", "cancellation_rate", "limit")).endswith("amazon_us.yaml")
    assert src.where(("metrics", "cancellation_rate", "limit"))[0] == _line_of(
        "amazon_us.yaml", "limit: 0.025"
    )


def _line_of(book: str, text: str) -> int:
    lines = (RULES_DIR / book).read_text().splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


FAMILY = {
    "amazon_ca": "amazon_us",
    "amazon_uk": "amazon_us",
    "amazon_de": "amazon_uk",
    "amazon_in": "amazon_us",
    "amazon_jp": "amazon_us",
    "amazon_au": "amazon_us",
    "amazon_it": "amazon_uk",
    "amazon_fr": "amazon_uk",
    "amazon_es": "amazon_uk",
}


@pytest.mark.parametrize("name", sorted(FAMILY))
def test_each_derived_book_extends_its_parent_and_is_short(name):
    text = (RULES_DIR / f"{name}.yaml").read_text()
    assert f"\nextends: {FAMILY[name]}\n" in text
    assert len(text.splitlines()) <= 250


def test_the_base_book_extends_nothing():
    assert "extends:" not in (RULES_DIR / "amazon_us.yaml").read_text()
    assert set(FAMILY) | {"amazon_us"} <= set(available_rulebooks())


def test_every_explain_answer_is_the_one_pinned():
    """Every `rules explain` answer of every shipped book, against the flat books' (golden file)."""
    golden = json.loads(explain_matrix.GOLDEN.read_text())
    now = explain_matrix.matrix()
    assert now.keys() == golden.keys()
    for name in golden:
        now_book = json.loads(json.dumps(now[name]))  # tuples and lists alike, as the file has them
        changed = sorted(k for k in golden[name] if now_book.get(k) != golden[name][k])
        assert now_book.keys() == golden[name].keys(), name
        assert not changed, f"{name}: {changed[:5]}"
