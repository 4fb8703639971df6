"""Session 16 (speed17) paths: the ConText cue rules of common words whose first tokens spaCy tests through a
Python predicate (a word list with no flag, a regex) run only around their anchors, as the rare rules do, each
around the places of the anchor found fewest times in the text. The gate gives medspaCy's cue matches."""

from __future__ import annotations

import legdx.text.reader as rd
from text_readings import cue_gate, cue_gate_docs

#: texts where the gated rules of common words match, once or more, near and far from each other
_TEXTS = [
    "No, only my left calf hurts. Not really, his right one is fine. No further episodes since March.",
    "There has been no recurrence since. She can neither walk nor stand, and neither does he. Seen 3/12 ago.",
    "Pain for 2/12, then 11/12 and 12/12. Call 999 if it gets worse; ring the GP or go to A&E once.",
    "Advised to return urgently. Nope, nothing else, only the swelling. Has there been no repeat episodes?",
    "He cannot walk. " * 30 + "No, only the knee. Call us back. 1/12 of pain, no further swelling.",
]


def test_predicate_rules_of_common_words_are_gated() -> None:
    """The costly rules of common words (a 13-word verb list, a month regex, optional first tokens with word
    lists) are no longer in the matcher run on every text; each has anchors."""
    r = rd.get_reader()
    r.read("x")
    gate = cue_gate(r)
    strings = r.nlp.vocab.strings
    always = {strings[k] for k in gate.always._patterns}  # type: ignore[attr-defined]
    gated = {strings[next(iter(m._patterns))] for m, _l, _o in gate.rules}
    assert always and not always & gated
    assert all(gate.reach)
    moved = [k for k in gated if any(rd._starts_with_predicate(p) for p in gate.inner.get(strings[k])[1])]
    assert len(moved) >= 4
    assert any(a[2] is not None for anchors in gate.reach for a in anchors)  # a regex anchor


def test_gate_gives_medspacys_cue_matches_on_the_gated_rules() -> None:
    """List equality with medspaCy's matcher on texts where the gated rules match (regex anchors, several
    windows in one text, a window at either end)."""
    r = rd.get_reader()
    gate = cue_gate(r)
    outer = r.context._ConText__matcher
    strings = r.nlp.vocab.strings
    moved = {
        strings[next(iter(m._patterns))]
        for m, _l, _o in gate.rules
        if any(rd._starts_with_predicate(p) for p in m.get(next(iter(m._patterns)))[1])
    }
    hit = set()
    for doc in cue_gate_docs(_TEXTS):
        want = outer(doc)
        assert gate.matches(doc) == want, doc.text[:80]
        hit |= {strings[k] for k, _s, _e in gate.inner(doc)} & moved
    assert len(hit) >= 4, hit


def test_starts_with_predicate() -> None:
    assert rd._starts_with_predicate([{"LOWER": {"IN": ["a", "b"]}}, {"LOWER": "c"}])
    assert rd._starts_with_predicate([{"TEXT": ",", "OP": "?"}, {"TEXT": {"REGEX": "x"}}])
    assert not rd._starts_with_predicate([{"LOWER": "a"}, {"LOWER": {"IN": ["a", "b"]}}])
    assert not rd._starts_with_predicate([{7: True}, {"LOWER": {"IN": ["a", "b"]}}])
