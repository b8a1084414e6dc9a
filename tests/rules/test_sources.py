"""Rulebooks cite only what a reader of the app can look up.

Every `source:`, `why:`, note and label is shown on the Rulebook page, in the desk's debrief
and beside compliance badges. The project's research notes (DOMAIN.md) and the article the
rulebooks were first written from are not shipped, so no rulebook may cite them: a citation
names a Seller Central help page id, the cancel dialog, an SP-API model or the
OrderAcknowledgement XSD, or says "seller guidance (not an Amazon page)".
"""

import re
from pathlib import Path

import pytest

RULES = Path(__file__).resolve().parents[2] / "rules"
RULEBOOKS = sorted(RULES.glob("*.yaml"))
UNSHIPPED = re.compile(r"DOMAIN\.md|seed article|seed's", re.IGNORECASE)


def unshipped_citations(text: str) -> list[str]:
    """The lines of a rulebook's raw YAML that cite material not shipped with the app."""
    return [f"{n}: {line.strip()}" for n, line in enumerate(text.splitlines(), 1) if UNSHIPPED.search(line)]


def test_every_marketplace_rulebook_is_checked():
    assert {p.stem for p in RULEBOOKS} >= {
        f"amazon_{m}" for m in ("us", "uk", "in", "ca", "jp", "de", "au", "it", "fr", "es")
    }


@pytest.mark.parametrize("path", RULEBOOKS, ids=lambda p: p.stem)
def test_rulebook_cites_nothing_unshipped(path: Path):
    found = unshipped_citations(path.read_text(encoding="utf-8"))
    assert not found, f"{path.name} cites unshipped material:\n" + "\n".join(found)


@pytest.mark.parametrize("path", RULEBOOKS, ids=lambda p: p.stem)
def test_seller_guidance_is_named_as_not_an_amazon_page(path: Path):
    """Where the only basis is seller guidance, the rulebook says it is not an Amazon page."""
    text = " ".join(path.read_text(encoding="utf-8").lower().split())  # folded text spans lines
    assert text.count("seller guidance") == text.count("seller guidance (not an amazon page)") + text.count(
        "seller guidance suggests"
    )
    assert "seller guidance (not an amazon page)" in text


def test_the_check_catches_each_form():
    cited = (
        "source: DOMAIN.md s.4\nsource: Seed article, situation 1\nlabel: x (the seed's path)\nok: G1701\n"
    )
    assert [line.split(":", 1)[0] for line in unshipped_citations(cited)] == ["1", "2", "3"]
