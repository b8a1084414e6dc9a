"""The lab's changed limits, exported as a rulebook that extends the shipped one (issue 22)."""

import yaml

from formats.errors import RulebookError
from rules import load_rulebook
from rules.whatif import WHATIF_SOURCE, changed_metrics, whatif_yaml
from ui.simulate.scenario_editor import updated


def edited(book: str, **limits: object):
    changes = {("metrics", "cancellation_rate", k): v for k, v in limits.items()}
    return updated(load_rulebook(book), changes, "rulebook limits")


def test_only_the_changed_fields_are_written_with_a_source_of_their_own():
    base = load_rulebook("amazon_uk")
    change = changed_metrics(base, edited("amazon_uk", limit=0.02))
    assert change == {"cancellation_rate": {"limit": 0.02, "assumption": True, "source": WHATIF_SOURCE}}
    assert changed_metrics(base, base) == {}


def test_the_file_loads_back_as_the_edited_book(tmp_path):
    base, what = load_rulebook("amazon_de"), edited("amazon_de", limit=0.015, windows_days=[7, 30])
    path = tmp_path / "amazon_de_whatif.yaml"
    path.write_text(whatif_yaml(base, what))
    doc = yaml.safe_load(path.read_text())
    assert doc["extends"] == "amazon_de" and doc["id"] == "amazon_de_whatif"
    back = load_rulebook(path)
    assert back.metrics.cancellation_rate.limit == 0.015
    assert back.metrics.cancellation_rate.windows_days == [7, 30]
    # everything else is the parent's, merged as the family does
    assert back.situations == base.situations and back.reasons == base.reasons
    assert back.metrics.order_defect_rate == base.metrics.order_defect_rate


def test_without_its_own_source_the_family_refuses_the_change(tmp_path):
    """The source is what makes it load: a changed sourced fact must cite its own."""
    base, what = load_rulebook("amazon_us"), edited("amazon_us", limit=0.02)
    text = whatif_yaml(base, what).replace(f"    source: '{WHATIF_SOURCE}'\n", "")
    path = tmp_path / "no_source.yaml"
    path.write_text(text)
    try:
        load_rulebook(path)
    except RulebookError as exc:
        assert "without a source" in str(exc)
    else:
        raise AssertionError("a changed limit without a source was accepted")
