"""The presenter's findings on the gallery (issue 22): badges a browser without an emoji font
draws, "Compliant" explained where it shows, bad links said and corrected, a copy hint that
points at something visible."""

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.ui.tabs import open_tab

ROOT = Path(__file__).resolve().parents[2]
# Emoji and pictographs: a browser without an emoji font draws these as empty boxes.
EMOJI = re.compile("[\u2600-\u27bf\U0001f000-\U0001faff\ufe0f]")


@pytest.fixture
def gallery(tmp_path, monkeypatch):
    monkeypatch.setenv("CANCEL_DESK_DATA", str(tmp_path / "data"))
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)


def texts(at) -> list[str]:
    """Every text the page draws, and each element's help."""
    out = []
    for kind in ("markdown", "caption", "warning", "info", "error", "success"):
        for el in getattr(at, kind):
            out += [el.value, getattr(el.proto, "help", "") or ""]
    for table in at.table:
        df = table.value.reset_index()
        out += [str(c) for c in df.columns] + [str(v) for v in df.to_numpy().ravel()]
    return out


def test_no_compliance_badge_or_table_is_drawn_with_emoji(gallery):
    gallery.run()
    cards = [t for t in texts(gallery) if "in the sample run" in t]
    assert cards and not any(EMOJI.search(t) for t in cards)
    assert any(":material/check_circle: Compliant" in t for t in cards)
    gallery.query_params.update({"scenario": "holiday_stockout", "policy": "ask_buyer_first", "runs": "1"})
    gallery.run()
    open_tab(gallery, "compare")
    gallery.multiselect(key="gallery.compare_pick").set_value(["cancel_first", "ask_buyer_first"]).run()
    gallery.button(key="gallery.compare_go").click().run()
    assert not gallery.exception
    shown = texts(gallery)
    assert not [t for t in shown if EMOJI.search(t)]
    table = gallery.table[-1].value
    assert table.loc["Compliance (rulebook)", "Ask buyer first (Violation)"] == "Violation"
    assert table.loc["Compliance (rulebook)", "Cancel first"] == "Compliant"
    badge = next(m for m in gallery.markdown if "Violation" in m.value and "badge" in m.value)
    assert ":material/block:" in badge.value


def test_compliant_is_explained_where_the_badge_is_drawn(gallery):
    gallery.run()
    card = next(m for m in gallery.markdown if "Compliant" in m.value and "in the sample run" in m.value)
    assert "acceptable or best" in card.proto.help and "Cancellation Rate" in card.proto.help
    gallery.query_params.update({"scenario": "starter_shop", "runs": "1"})
    gallery.run()
    badge = next(m for m in gallery.markdown if "-badge[" in m.value and "Compliant" in m.value)
    assert "acceptable or best" in badge.proto.help and "breach badge" in badge.proto.help


@pytest.mark.parametrize(
    ("bad", "used", "words"),
    [
        ({"runs": "99999"}, {"runs": "2000"}, ["`runs`", "2000"]),
        ({"runs": "abc"}, {"runs": "200"}, ["`runs`", "not a whole number", "200"]),
        ({"seed": "abc"}, {"seed": "0"}, ["`seed`", "not a whole number", "0"]),
        ({"policy": "zzz"}, {"policy": "by_the_book"}, ["`policy`", "`zzz`", "By the book"]),
    ],
)
def test_a_bad_link_value_is_named_replaced_and_the_address_rewritten(gallery, bad, used, words):
    gallery.query_params.update({"scenario": "starter_shop", "seed": "3", "runs": "1", **bad})
    gallery.run()
    assert not gallery.exception
    notes = [w.value for w in gallery.warning if "The link" in w.value]
    assert len(notes) == 1 and all(w in notes[0] for w in words), notes
    for key, value in used.items():
        assert gallery.query_params[key] == value
    state = gallery.session_state["gallery"]
    assert state.link.to_params()[next(iter(used))] == next(iter(used.values()))
    gallery.run()  # the note stays with the run it explains, and the address stays rewritten
    assert [w.value for w in gallery.warning if "The link" in w.value] == notes
    assert all(gallery.query_params[k] == v for k, v in used.items())


def test_a_good_link_gets_no_note_and_keeps_its_address(gallery):
    link = {"scenario": "starter_shop", "policy": "cancel_first", "seed": "3", "runs": "1"}
    gallery.query_params.update(link)
    gallery.run()
    assert not [w for w in gallery.warning if "The link" in w.value]
    assert {k: gallery.query_params[k] for k in link} == link


def test_an_unknown_scenario_shows_the_cards_and_drops_it_from_the_address(gallery):
    gallery.query_params.update({"scenario": "no_such_shop", "runs": "1"})
    gallery.run()
    assert "`no_such_shop`" in gallery.warning[0].value and "cards" in gallery.warning[0].value
    assert "scenario" not in gallery.query_params


def test_the_copy_link_hint_points_at_the_address_bar(gallery):
    gallery.query_params.update({"scenario": "starter_shop", "runs": "1"})
    gallery.run()
    hint = next(c.value for c in gallery.caption if "reopens these inputs" in c.value)
    assert "address bar" in hint and "icon" not in hint
