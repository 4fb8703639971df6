"""The concept screen's word lists (text/data/screen.yaml) as the reader sees them."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import yaml

DATA = Path(str(resources.files("legdx.text") / "data"))


def test_no_multi_word_item_collapses_to_one_word():
    """An item is read after the normaliser deletes its filler words (lexicon.yaml 'delete': is, are, was,
    very, so, just ...). An item of several words that keeps only one after that ("now is" -> "now", "was
    fine" -> "fine") makes the single word a concept word everywhere, which is never what the item meant
    (session 11: every "now" near a thigh and a tingle had read as a spreading weakness)."""
    screen = yaml.safe_load((DATA / "screen.yaml").read_text(encoding="utf-8"))
    delete = set(yaml.safe_load((DATA / "lexicon.yaml").read_text(encoding="utf-8"))["delete"])
    collapsed = [
        (concept, item)
        for concept, items in screen["concepts"].items()
        for item in items
        if not item.endswith("*")
        and len(words := item.lower().replace("'", " ").split()) > 1
        and len([w for w in words if w not in delete]) <= 1
    ]
    assert collapsed == []
