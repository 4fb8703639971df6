"""Session 15 (speed) paths: target patterns with long runs of optional tokens matched by ``GapMatcher``, and
the ConText cue gate ordering the cues of one span without running the whole cue matcher. Each gives what
spaCy / medspaCy give."""

from __future__ import annotations

import random
from typing import Any

import pytest

import legdx.text.reader as rd
from legdx.text.evaluate import load_corpus
from legdx.text.gapmatch import GapMatcher, optional_run, supported
from text_readings import cue_gate_docs

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


def _both(nlp: Any, members: list[tuple[str, list[list[dict[str, Any]]]]]) -> tuple[Any, GapMatcher]:
    from spacy.matcher import Matcher

    m = Matcher(nlp.vocab, validate=False)
    for key, pats in members:
        m.add(key, pats)
    return m, GapMatcher(nlp.vocab, Matcher, members)


def test_gap_matcher_matches_spacy_on_random_patterns() -> None:
    """Every operator spaCy has but {n,m} ("?", "*", "+", "!", none), empty tokens, optional first and
    last tokens, several keys and patterns: the same (key, start, end) set as spaCy's Matcher, on docs and
    spans."""
    import spacy

    nlp = spacy.blank("en")
    rng = random.Random(15)
    for _ in range(400):
        members = [
            (f"k{k}", [_random_pattern(rng) for _ in range(rng.randint(1, 2))])
            for k in range(rng.randint(1, 3))
        ]
        sm, gm = _both(nlp, members)
        for _ in range(6):
            doc = nlp(" ".join(rng.choice(_WORDS) for _ in range(rng.randint(0, 12))))
            assert set(gm(doc)) == set(sm(doc)), (members, doc.text)
            if len(doc) > 2:
                span = doc[1 : len(doc) - 1]
                assert set(gm(span)) == set(sm(span)), (members, span.text)


def test_gap_matcher_helpers() -> None:
    assert optional_run([{"LOWER": "a"}, {"OP": "?"}, {"OP": "*"}, {"LOWER": "b"}, {"OP": "?"}]) == 2
    assert optional_run([{"LOWER": "a"}]) == 0
    assert supported([{"LOWER": "a", "OP": "+"}, {"OP": "!"}])
    assert not supported([{"LOWER": "a", "OP": "{1,3}"}])
    assert not supported([{"LOWER": "a", "op": "?"}])
    assert not supported([])


@pytest.fixture(scope="module")
def reader_docs() -> tuple[Any, list[Any]]:
    """The default reader and the docs its target matcher and cue gate saw for some development texts."""
    texts = [c.text for c in load_corpus("development")[:40]] + [
        c.text for c in load_corpus("development28")[:40]
    ]
    # session 19: the target matcher sets the tokens' lemmas (which spaCy's LEMMA tests read) only on its
    # spaCy path; these docs are for comparing GapMatcher with spaCy's Matcher
    tm = rd.get_reader().target_matcher
    tm._use_spacy = True
    try:
        docs = cue_gate_docs(texts)
    finally:
        tm._use_spacy = False
    return rd.get_reader(), docs


def test_gap_matcher_matches_spacy_on_the_rules(reader_docs: tuple[Any, list[Any]]) -> None:
    """The reader's target patterns with a run of 8 or more optional tokens (the ones GapMatcher takes have
    13 or more), each alone, on every sentence: the same matches as spaCy's Matcher."""
    from spacy.matcher import Matcher

    r, docs = reader_docs
    tm = r.target_matcher
    checked = matched = 0
    for members in tm._members:
        for key, pats in members:
            pats = [p for p in pats if supported(p) and optional_run(p) >= 8]
            if not pats:
                continue
            sm = Matcher(tm.vocab, validate=False)
            sm.add(key, pats)
            gm = GapMatcher(tm.vocab, Matcher, [(key, pats)])
            checked += 1
            for doc in docs:
                for sent in doc.sents:
                    want = set(sm(sent, allow_missing=True))
                    assert set(gm(sent, allow_missing=True)) == want, (tm.rules[key].literal, sent.text)
                    matched += len(want)
    assert checked > 30 and matched > 20


def test_groups_with_long_optional_runs_use_the_gap_matcher() -> None:
    """The session's pattern with a run of 20 optional tokens is matched by a GapMatcher, its group's other
    patterns by spaCy."""
    fresh = rd.Reader(rd.get_reader().rules, rd.get_reader().kb)
    tm = fresh.target_matcher
    gaps = 0
    for gi, members in enumerate(tm._members):
        if any(optional_run(p) >= 13 for _k, pats in members for p in pats):
            m = tm._group_matcher(gi)
            assert isinstance(m, rd._BothMatchers)
            gaps += 1
    assert gaps >= 1


def test_cue_gate_gives_medspacys_matches_in_its_order(reader_docs: tuple[Any, list[Any]]) -> None:
    """The cue gate's matches equal medspaCy's ``MedspacyMatcher.__call__`` (list equality: order and
    pruning), on texts where two cue rules match one span (ordered without the whole matcher) and others."""
    r, docs = reader_docs
    gate = next(v for v in rd._MATCHERS.values() if isinstance(v, rd._CueGate))
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
