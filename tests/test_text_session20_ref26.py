"""Session 20 (ref26): one automaton core for the token matcher (``tokmatch.GroupAutomaton``, with the "!"
operator and sentence starts as options; ``gapmatch.GapMatcher`` is gone), and spaCy's comparison path moved
out of the reader into ``tests/target_spacy.py``."""

from __future__ import annotations

import importlib.util
from typing import Any

import pytest

import legdx.text.reader as rd
from legdx.text.evaluate import load_corpus
from legdx.text.tokmatch import GroupAutomaton
from target_spacy import plain_word


@pytest.fixture(scope="module")
def nlp() -> Any:
    import spacy

    return spacy.blank("en")


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        # "!" first: a match may start on any word the test refuses, none where it accepts
        ([{"LOWER": "a", "OP": "!"}, {"LOWER": "b"}], "a b c b b"),
        # "!" last and between optional tokens
        ([{"LOWER": "a"}, {"LOWER": "b", "OP": "?"}, {"LOWER": "c", "OP": "!"}], "a b c a c a d a b d"),
        ([{"LOWER": "a"}, {"OP": "?"}, {"IS_PUNCT": True, "OP": "!"}, {"OP": "?"}], "a , b a b . a"),
        # "!" with a sentence start: the whole test is inverted, the sentence start too
        ([{"IS_SENT_START": True, "OP": "!"}, {"LOWER": "a"}], "a a . a b a"),
        ([{"IS_SENT_START": False, "LOWER": "b", "OP": "!"}, {"LOWER": "a"}], "b a . b a c b a"),
        # "!" after "+" and "*"
        ([{"LOWER": "a", "OP": "+"}, {"LOWER": "a", "OP": "!"}], "a a b a"),
        ([{"LOWER": "a"}, {"LOWER": "b", "OP": "*"}, {"LOWER": "b", "OP": "!"}], "a b b c a c"),
    ],
)
def test_not_operator_matches_as_spacy(nlp: Any, pattern: list[dict[str, Any]], words: str) -> None:
    """The "!" operator (spaCy's ZERO, which the rules do not use today; ``GapMatcher`` had it): the same
    matches as spaCy's Matcher, on the whole doc and per sentence."""
    from spacy.matcher import Matcher
    from spacy.tokens import Doc

    ws = words.split()
    doc = Doc(nlp.vocab, words=ws, sent_starts=[i == 0 or ws[i - 1] == "." for i in range(len(ws))])
    sm = Matcher(nlp.vocab, validate=True)
    sm.add("k", [pattern])
    auto = GroupAutomaton([("k", pattern)], {})
    starts = [bool(t.is_sent_start) for t in doc]
    spans = [(0, len(doc))] + [(s.start, s.end) for s in doc.sents]
    for a0, a1 in spans:
        want = {("k", a0 + s, a0 + e) for _k, s, e in sm(doc[a0:a1])}
        if (a0, a1) == spans[0]:
            assert want, pattern  # each case has matches
        found: list[tuple[str, int, int]] = []
        auto.match([t.orth for t in doc], a0, a1, plain_word(nlp.vocab), lambda: starts, found)
        assert set(found) == want, (pattern, a0, a1)


def test_not_operator_is_applied_after_the_cache(nlp: Any) -> None:
    """The word cache holds the tests a word passes before "!" inverts them: a word seen first at a "!"
    token and then at a plain one of the same spec is read both ways right."""
    from spacy.tokens import Doc

    auto = GroupAutomaton([("k", [{"LOWER": "a", "OP": "!"}, {"LOWER": "a"}])], {})
    doc = Doc(nlp.vocab, words=["b", "a", "a", "b", "a"])
    starts = [False] * len(doc)
    for _ in range(2):  # the second time from the cache
        found: list[tuple[str, int, int]] = []
        auto.match([t.orth for t in doc], 0, len(doc), plain_word(nlp.vocab), lambda: starts, found)
        assert set(found) == {("k", 0, 2), ("k", 3, 5)}


def test_spacy_path_is_out_of_the_reader() -> None:
    """The reader has no spaCy path for its target patterns any more (no private flag, no spaCy matchers
    per group, no GapMatcher) and sets no lemma on the tokens."""
    assert importlib.util.find_spec("legdx.text.gapmatch") is None
    tm = rd.get_reader().target_matcher
    for gone in ("_use_spacy", "_members", "_matcher_cls", "_group_matcher"):
        assert not hasattr(tm, gone), gone
    assert not hasattr(rd, "_BothMatchers")
    assert all(isinstance(a, list) for a in tm.groups)
    doc = rd.get_reader().nlp("She walks with her legs weak since yesterday.")
    assert all(t.lemma == 0 for t in doc)


def test_spacy_comparison_leaves_the_reading_unchanged() -> None:
    """``tests/target_spacy.SpacyComparison`` compares without changing what the reader reads (the tokens'
    lemmas it sets for spaCy are taken back), finds no mismatch, and ``close`` restores the reader."""
    from target_spacy import SpacyComparison

    texts = [c.text for c in load_corpus("development")[:25]]
    plain = rd.Reader(rd.get_reader().rules, rd.get_reader().kb)
    r = rd.Reader(plain.rules, plain.kb)
    cmp = SpacyComparison(r)
    try:
        for t in texts:
            assert r.read(t).model_dump_json() == plain.read(t).model_dump_json(), t[:60]
    finally:
        cmp.close()
    assert not cmp.mismatches and cmp.docs >= len(texts) and cmp.matches > 100
    tm = r.target_matcher
    assert "_match_patterns" not in vars(tm)
    assert all(a is None or isinstance(a, GroupAutomaton) for a in tm._autos)
    assert any(isinstance(a, GroupAutomaton) for a in tm._autos)


def test_cue_flags_come_from_cue_patterns_only() -> None:
    """Since session 20 the lexeme flags stand for cue-pattern tests only (the target patterns are not
    spaCy's any more): every flag in the cue matcher's patterns replaces a LOWER/ORTH/SHAPE test, none a
    LEMMA one."""
    assert "LEMMA" not in rd._FLAG_ATTRS
    r = rd.get_reader()
    inner = r.context._ConText__matcher._MedspacyMatcher__matcher
    flags = {
        attr
        for key in inner._patterns
        for pat in inner.get(key)[1]
        for tok in pat
        for attr in tok
        if isinstance(attr, int)
    }
    assert len(flags) > 30  # the free bits go to the cue patterns
