"""What the Download tab saves: an edited policy under a name of its own, changed limits as a rulebook."""

import yaml

from rules import load_rulebook
from simulator.catalog import to_yaml
from ui.simulate import catalog as lab_catalog
from ui.simulate.downloads import exported_policy, rulebook_file
from ui.simulate.run_inputs import RunInputs
from ui.simulate.scenario_editor import updated


def test_an_edited_shipped_policy_is_saved_under_its_own_name():
    shipped = lab_catalog.policies()
    original = shipped["by_the_book"]
    assert exported_policy(original, shipped) is original  # unchanged: the file as it is
    changed = original.model_copy(update={"description": "mine now"})
    out = exported_policy(changed, shipped)
    assert out.name == "by_the_book_edited" and out.title == f"{original.title} (edited)"
    assert "name: by_the_book_edited" in to_yaml(out)
    assert exported_policy(out, shipped) is out  # already its own


def inputs(rb) -> RunInputs:
    scenario = lab_catalog.scenarios()["starter_shop"]
    return RunInputs(scenario, lab_catalog.policies()["by_the_book"], rb, 0, 10, "lab", "starter_shop")


def test_changed_limits_download_as_a_rulebook_and_shipped_ones_do_not():
    base = load_rulebook("amazon_us")
    assert rulebook_file(inputs(base)) is None
    what = updated(base, {("metrics", "cancellation_rate", "limit"): 0.02}, "rulebook limits")
    label, text, name, _, _ = rulebook_file(inputs(what))
    assert (label, name) == ("Rulebook (YAML)", "amazon_us_whatif.yaml")
    assert yaml.safe_load(text)["metrics"]["cancellation_rate"]["limit"] == 0.02
