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


def test_a_repeated_key_in_a_rule_file_is_an_error():
    """Session 11: an edit had left a target rule with two ``note`` keys and another rule's literals under it;
    PyYAML keeps the last value silently. The rule files' loader refuses a repeated key."""
    import pytest

    from legdx.text.rules import _parse_yaml

    with pytest.raises(yaml.YAMLError, match="duplicate key 'note'"):
        _parse_yaml("rules:\n  - finding: a\n    note: one\n    note: two\n")
    one = _parse_yaml("rules:\n  - finding: a\n    note: one\n")
    assert one == {"rules": [{"finding": "a", "note": "one"}]}
