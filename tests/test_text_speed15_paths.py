"""Session 15 (speed) paths: target patterns with long runs of optional tokens matched with the states of
one match start merged (``GapMatcher`` then; since session 20 the one automaton core,
``tokmatch.GroupAutomaton``), and the ConText cue gate ordering the cues of one span without running the
whole cue matcher. Each gives what spaCy / medspaCy give."""

from __future__ import annotations

import random
from typing import Any

import pytest

import legdx.text.reader as rd
from legdx.text.evaluate import load_corpus
from legdx.text.tokmatch import GroupAutomaton
from target_spacy import plain_word
from text_readings import cue_gate, cue_gate_docs

_SPECS: list[dict[str, Any]] = [
    {"LOWER": "a"},
    {"LOWER": "b"},
    {"LOWER": {"IN": ["a", "b"]}},
    {"LOWER": {"NOT_IN": ["c", ","]}},
    {"IS_PUNCT": True},
    {},
]
_OPS = [None, None, "?", "?", "*", "+", "!"]
_WORDS = ["a", "b", "c", ",", "no", "A"]


def _random_pattern(rng: random.Random) -> list[dict[str, Any]]:
    out = []
    for _ in range(rng.randint(1, 7)):
        tok = dict(rng.choice(_SPECS))
        op = rng.choice(_OPS)
        if op is not None:
            tok["OP"] = op
        out.append(tok)
    return out


def _optional_run(pattern: list[dict[str, Any]]) -> int:
    """The longest run of consecutive optional tokens (``?``, ``*``) in a token pattern."""
    best = run = 0
    for tok in pattern:
        run = run + 1 if tok.get("OP") in ("?", "*") else 0
        best = max(best, run)
    return best


def _ours(auto: GroupAutomaton, doc: Any, a0: int, a1: int, word: Any) -> set[tuple[str, int, int]]:
    found: list[tuple[str, int, int]] = []
    starts = [bool(t.is_sent_start) for t in doc]
    auto.match([t.orth for t in doc], a0, a1, word, lambda: starts, found)
    return set(found)


def _spacys(matcher: Any, doc: Any, a0: int, a1: int) -> set[tuple[str, int, int]]:
    strings = doc.vocab.strings
    return {(strings[k], a0 + s, a0 + e) for k, s, e in matcher(doc[a0:a1], allow_missing=True)}


def test_long_optional_runs_match_spacy_on_random_patterns() -> None:
    """Every operator spaCy has but {n,m} ("?", "*", "+", "!", none), empty tokens, optional first and
    last tokens, several keys and patterns: the same (key, start, end) set as spaCy's Matcher, on docs and
    spans."""
    import spacy
    from spacy.matcher import Matcher

    nlp = spacy.blank("en")
    word = plain_word(nlp.vocab)
    rng = random.Random(15)
    matched = 0
    for _ in range(400):
        members = [
            (f"k{k}", [_random_pattern(rng) for _ in range(rng.randint(1, 2))])
            for k in range(rng.randint(1, 3))
        ]
        sm = Matcher(nlp.vocab, validate=False)
        for key, pats in members:
            sm.add(key, pats)
        auto = GroupAutomaton([(key, pat) for key, pats in members for pat in pats], {})
        for _ in range(6):
            doc = nlp(" ".join(rng.choice(_WORDS) for _ in range(rng.randint(0, 12))))
            want = _spacys(sm, doc, 0, len(doc))
            assert _ours(auto, doc, 0, len(doc), word) == want, (members, doc.text)
            matched += len(want)
            if len(doc) > 2:
                span = (1, len(doc) - 1)
                assert _ours(auto, doc, *span, word) == _spacys(sm, doc, *span), (members, doc.text)
    assert matched > 1000


@pytest.fixture(scope="module")
def reader_docs() -> tuple[Any, list[Any]]:
    """The default reader and the docs its target matcher and cue gate saw for some development texts."""
    texts = [c.text for c in load_corpus("development")[:40]] + [
        c.text for c in load_corpus("development28")[:40]
    ]
    return rd.get_reader(), cue_gate_docs(texts)


def test_long_optional_runs_match_spacy_on_the_rules(reader_docs: tuple[Any, list[Any]]) -> None:
    """The reader's target patterns with a run of 8 or more optional tokens (among them one of 20), each
    alone, on every sentence: the same matches as spaCy's Matcher (which reads the lemmas our automata read
    from ``_word``, set on the tokens for it)."""
    from spacy.matcher import Matcher

    r, docs = reader_docs
    tm = r.target_matcher
    pats = [(key, p) for members in tm._group_members for key, p in members if _optional_run(p) >= 8]
    assert len(pats) > 30 and max(_optional_run(p) for _k, p in pats) >= 20
    both = []
    for key, p in pats:
        sm = Matcher(tm.vocab, validate=False)
        sm.add(key, [p])
        both.append((key, sm, GroupAutomaton([(key, p)], tm._spec_cache)))
    matched = 0
    for doc in docs:
        lemma_at = [(t.i, tm._word(t.orth)[5]) for t in doc if tm._word(t.orth)[5]]
        for i, lm in lemma_at:
            doc[i].lemma_ = lm
        try:
            for key, sm, auto in both:
                for sent in doc.sents:
                    want = _spacys(sm, doc, sent.start, sent.end)
                    got = _ours(auto, doc, sent.start, sent.end, tm._word)
                    assert got == want, (tm.rules[key].literal, sent.text)
                    matched += len(want)
        finally:
            for i, _lm in lemma_at:
                doc[i].lemma = 0
    assert matched > 20


def test_cue_gate_gives_medspacys_matches_in_its_order(reader_docs: tuple[Any, list[Any]]) -> None:
    """The cue gate's matches equal medspaCy's ``MedspacyMatcher.__call__`` (list equality: order and
    pruning), on texts where two cue rules match one span (ordered without the whole matcher) and others."""
    r, docs = reader_docs
    gate = cue_gate(r)
    outer = r.context._ConText__matcher
    ties = 0
    for doc in docs:
        got = gate.inner(doc)
        ties += len({(s, e) for _k, s, e in got}) < len({(s, e, k) for k, s, e in got})
        assert gate.matches(doc) == outer(doc), doc.text[:80]
    assert ties > 0


def test_cue_reach_bounds() -> None:
    """A gated cue rule runs on the words around an anchor token (session 16: each required token is one):
    as many before and after as its pattern has (unbounded on a side with "*" or "+"; no bound when both
    sides are; a "+" token or an optional one is no anchor)."""
    from spacy.strings import get_string_id

    def ids(*ws: str) -> frozenset[int]:
        return frozenset(get_string_id(w) for w in ws)

    hay = ids("hay", "fever")
    pat = [{"LOWER": "not"}, {"LOWER": "the", "OP": "?"}, {"LOWER": {"IN": ["hay", "fever"]}}, {"TEXT": "."}]
    assert rd._cue_anchors(pat) == [
        (0, ids("not"), None, 0, 3),
        (0, hay, None, 2, 1),
        (1, ids("."), None, 3, 0),
    ]
    star = [{"LOWER": "not"}, {"OP": "*"}, {"TEXT": {"IN": ["hay", "fever"]}}, {"LOWER": "my", "OP": "?"}]
    unb = rd._UNBOUNDED
    assert rd._cue_anchors(star) == [(0, ids("not"), None, 0, unb), (1, hay, None, unb, 1)]
    assert rd._cue_anchors([{"OP": "+"}, {"LOWER": "hay"}, {"OP": "*"}]) == []
    assert rd._cue_anchors([{"LOWER": "hay", "OP": "+"}, {"LOWER": "not", "OP": "?"}]) == []
    assert rd._cue_anchors([{"TEXT": {"REGEX": "^x$"}}]) == [(1, frozenset(), "^x$", 0, 0)]
    assert rd._cue_anchors([{"LOWER": "hay", "OP": "{2}"}]) == []
