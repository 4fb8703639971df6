"""Session 19 (speed23): the target rules' token patterns matched by our own automata (``tokmatch``)
instead of spaCy's ``Matcher``. Each check compares the two: the same set of (rule key, start, end)
matches."""

from __future__ import annotations

import random
from typing import Any

import pytest

import legdx.text.reader as rd
from legdx.text.evaluate import load_corpus
from legdx.text.tokmatch import GroupAutomaton, Word, compile_spec

_WORDS = ["a", "b", "c", ",", "no", "A", "B", "3", "the", "walks", "walk", ".", "x-ray"]
# the lemma each word gets on a token (none for the others), as the reader sets the rules' lemmas
_LEMMA = {"walks": "walk", "walk": "walk", "b": "bee"}

_SPECS: list[dict[str, Any]] = [
    {"LOWER": "a"},
    {"LOWER": "b"},
    {"LOWER": {"IN": ["a", "b"]}},
    {"LOWER": {"NOT_IN": ["c", ","]}},
    {"LOWER": {"REGEX": "^[ab]$"}},
    {"TEXT": "A"},
    {"TEXT": {"IN": ["A", "B", ","]}},
    {"TEXT": {"REGEX": "^[A-Z]"}},
    {"ORTH": {"NOT_IN": ["a"]}},
    {"LEMMA": "walk"},
    {"LEMMA": {"IN": ["walk", "bee"]}},
    {"LEMMA": {"NOT_IN": ["walk"]}},
    {"IS_STOP": True},
    {"IS_STOP": False, "LOWER": {"IN": ["no", "a", "b"]}},
    {"LIKE_NUM": True},
    {"IS_PUNCT": True},
    {"IS_ALPHA": False},
    {"IS_SENT_START": True},
    {"IS_SENT_START": False, "LOWER": "a"},
    {},
]
_OPS = [None, None, None, "?", "?", "*", "+", "!"]


@pytest.fixture(scope="module")
def nlp() -> Any:
    import spacy

    return spacy.blank("en")


def _doc(nlp: Any, words: list[str], starts: list[bool]) -> Any:
    from spacy.tokens import Doc

    doc = Doc(nlp.vocab, words=words, sent_starts=starts)
    for tok in doc:
        if tok.lower_ in _LEMMA:
            tok.lemma_ = _LEMMA[tok.lower_]
    return doc


def _word_of(vocab: Any) -> Any:
    from spacy.strings import get_string_id

    def word(orth: int) -> Word:
        lex = vocab[orth]
        lm = _LEMMA.get(lex.lower_, "")
        return (
            lex.orth, lex.lower, get_string_id(lm) if lm else 0, lex.orth_, lex.lower_, lm,
            lex.is_stop, lex.like_num, lex.is_punct, lex.is_space, lex.is_alpha,
        )

    return word


Members = list[tuple[str, list[dict[str, Any]]]]


def _ours(doc: Any, members: Members, a0: int, a1: int) -> set[tuple[str, int, int]]:
    auto = GroupAutomaton(members, {})
    orths = [t.orth for t in doc]
    found: list[tuple[str, int, int]] = []
    auto.match(orths, a0, a1, _word_of(doc.vocab), lambda: [bool(t.is_sent_start) for t in doc], found)
    return set(found)  # a match may be appended twice: the reader takes the set


def _spacys(nlp: Any, doc: Any, members: Members, a0: int, a1: int) -> set[Any]:
    from spacy.matcher import Matcher

    m = Matcher(nlp.vocab, validate=False)
    for key, pat in members:
        m.add(key, [pat])
    strings = nlp.vocab.strings
    return {(strings[k], a0 + s, a0 + e) for k, s, e in m(doc[a0:a1], allow_missing=True)}


def test_random_patterns_match_as_spacy(nlp: Any) -> None:
    """Random groups of random patterns over every spec and operator the rules use, on random texts and
    windows of them: the same matches as spaCy's Matcher."""
    rng = random.Random(19023)
    matched = 0
    for trial in range(400):
        members = []
        for k in range(rng.randint(1, 4)):
            pat = []
            for _ in range(rng.randint(1, 6)):
                tok = dict(rng.choice(_SPECS))
                op = rng.choice(_OPS)
                if op is not None:
                    tok["OP"] = op
                pat.append(tok)
            members.append((f"key{trial}_{k % 3}", pat))  # some keys with two patterns
        for _ in range(4):
            n = rng.randint(1, 14)
            words = [rng.choice(_WORDS) for _ in range(n)]
            starts = [i == 0 or rng.random() < 0.2 for i in range(n)]
            doc = _doc(nlp, words, starts)
            a0 = rng.randint(0, n - 1)
            a1 = rng.randint(a0 + 1, n)
            want = _spacys(nlp, doc, members, a0, a1)
            assert _ours(doc, members, a0, a1) == want, (members, words, starts, a0, a1)
            matched += len(want)
    assert matched > 1000


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        # "?" last, and adjacent optional tokens: every shorter match too, none of length 0
        ([{"LOWER": "a"}, {"LOWER": "b", "OP": "?"}, {"LOWER": "c", "OP": "?"}], "a b c a c"),
        ([{"LOWER": "a", "OP": "?"}, {"LOWER": "b", "OP": "?"}], "a b b a"),
        ([{"OP": "?"}, {"OP": "?"}, {"LOWER": "c"}, {"OP": "?"}], "a b c a"),
        # "*" and "+": greedy=None gives every length
        ([{"LOWER": "a"}, {"LOWER": "b", "OP": "*"}, {"LOWER": "c"}], "a c a b b c a b"),
        ([{"LOWER": "a", "OP": "+"}, {"LOWER": "b", "OP": "*"}], "a a b b c a"),
        ([{"LOWER": {"NOT_IN": ["c", "."]}, "OP": "+"}, {"LOWER": "c"}], "a b c . a c"),
        ([{"TEXT": {"REGEX": r"^\d+/\d+$"}}, {"LOWER": "a", "OP": "?"}], "3/7 a 3/ 12/10"),
        # a pattern at a sentence's start and at its end
        ([{"IS_SENT_START": True}, {"LOWER": "a"}], "b a . b a"),
        ([{"LOWER": "a"}, {"IS_PUNCT": True, "OP": "?"}], "b a . b a"),
    ],
)
def test_hand_made_patterns_match_as_spacy(nlp: Any, pattern: list[dict[str, Any]], words: str) -> None:
    ws = words.split()
    starts = [i == 0 or ws[i - 1] == "." for i in range(len(ws))]
    doc = _doc(nlp, ws, starts)
    members = [("k", pattern)]
    want = _spacys(nlp, doc, members, 0, len(ws))
    assert want  # each case has matches
    assert _ours(doc, members, 0, len(ws)) == want
    # per sentence, as the reader runs them: a match never runs past the span's end
    for sent in doc.sents:
        assert _ours(doc, members, sent.start, sent.end) == _spacys(nlp, doc, members, sent.start, sent.end)


def test_compile_spec_refuses_what_it_does_not_handle() -> None:
    for spec in ({"POS": "NOUN"}, {"LOWER": {"FUZZY": "a"}}, {"LIKE_NUM": "yes"}, {"LOWER": 1.5}):
        with pytest.raises(ValueError):
            compile_spec(spec)
    for op in ("{1,3}", "{2}", "x"):
        with pytest.raises(ValueError):
            GroupAutomaton([("k", [{"LOWER": "a", "OP": op}])], {})


def test_reader_matches_equal_spacys_on_development_texts() -> None:
    """The reader's target matcher on 200 development texts and the session-18 probes: the token patterns'
    matches of our automata equal spaCy's Matcher's (``tests/target_spacy.py``), per document, with the
    caches of words and groups cleared half way (they must fill again to the same answers)."""
    import glob

    from target_spacy import SpacyComparison

    texts = [c.text for c in load_corpus("development")[:200]]
    for path in sorted(glob.glob("tests/fixtures/probes/session18_*.txt"))[:3]:
        texts += [ln.split("|", 1)[1].rstrip("\n").replace("\\n", "\n") for ln in open(path)][:40]
    r = rd.Reader(rd.get_reader().rules, rd.get_reader().kb)
    tm = r.target_matcher
    cmp = SpacyComparison(r)
    try:
        for i, t in enumerate(texts):
            if i == len(texts) // 2:
                tm._word_cache.clear()
                for auto in tm._autos:
                    if auto is not None:
                        auto.cache.clear()
            r.read(t)
    finally:
        cmp.close()
    assert not cmp.mismatches, cmp.mismatches[:3]
    assert cmp.docs >= len(texts) and cmp.matches > 1000
