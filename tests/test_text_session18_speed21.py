"""Session 18 (speed21): the normaliser's rewrites run their regex only on a text that holds what the regex
needs (``normalize.literal_needs``: whole words, word pairs, strings), with the same output: a text the
regex matches in always holds them, and a rare wording still gets its rewrite."""

from __future__ import annotations

import random
import re

import pytest

from legdx.text.normalize import Normalizer, Words, in_windows, literal_needs, need_ids, passes
from legdx.text.rules import default_rules


@pytest.fixture(scope="module")
def norm() -> Normalizer:
    return Normalizer(default_rules().lexicon)


def _text(n: Normalizer, text: str) -> str:
    return n.normalize(text)[0]


def test_needs_words_pairs_and_strings():
    # whole words, and the two in a row
    assert set(literal_needs(r"\bthis\s+am\b")) == {
        frozenset({(1, "this")}),
        frozenset({(1, "am")}),
        frozenset({(2, " this am ")}),
    }
    # alternatives (the parser's shared prefix "c" put back), an optional "s"
    needs = set(literal_needs(r"\b(?:can|could)\s+legs?\b"))
    assert frozenset({(1, "can"), (1, "could")}) in needs
    assert frozenset({(1, "leg"), (1, "legs")}) in needs
    # not a whole word when a word character may follow: found anywhere
    assert frozenset({(0, "pin")}) in set(literal_needs(r"\bpin\w*"))
    # an optional part needs nothing; a regex the parser cannot read needs nothing (runs everywhere)
    assert literal_needs(r"(?:abc)?\w") == ()
    # what may stand before or after a match is not known: a bare word is found anywhere (it may be part
    # of a longer word)
    assert literal_needs("am") == (frozenset({(0, "am")}),)
    assert set(literal_needs(r"\bam")) == {frozenset({(0, "am")})}
    assert set(literal_needs(r"\bam\b")) == {frozenset({(1, "am")})}
    assert literal_needs("(") == ()


def test_whitespace_of_any_kind_between_the_pair(norm):
    tests = need_ids(literal_needs(r"\bthis\s+am\b"))
    assert passes(tests, Words("pain\nthis\tam, worse"))
    assert not passes(tests, Words("this morning, am worse"))
    assert not passes(tests, Words("thisam"))


def test_rare_wordings_still_rewritten(norm):
    assert "this morning" in _text(norm, "Pain in the calf this am, worse on walking")
    assert "THIS\nmorning." in _text(norm, "Pain in the calf THIS\nAM.")
    assert "aged" in _text(norm, "History: now 45 years old, calf swollen")
    assert "can not walk or stand" in _text(norm, "He can neither walk nor stand since the fall")
    assert "pins & needles" in _text(norm, "pins & noodles in both feet")
    # a text that is not ASCII takes the old test (a word to replace in it) and is rewritten alike
    assert "this morning" in _text(norm, "Café shift: calf pain this am, worse")


def test_every_match_holds_the_needs(norm):
    """Random texts made of each rewrite's own words, numbers and separators: wherever its regex finds a
    match, the text holds what ``literal_needs`` says it needs."""
    rng = random.Random(18)
    seps = [" ", "  ", ", ", ". ", "\n", "(", " (", ":", " :", "?", "'", "-", "", "\t", "; "]
    hits = 0
    for (pat, ws), tests in zip(norm.rewrites, norm._needs, strict=True):
        vocab = re.findall(r"[A-Za-z]+", pat.pattern) + list(ws) + ["18", "45", "103", "years", "old"]
        for _ in range(1500):
            t = "".join(rng.choice(vocab) + rng.choice(seps) for _ in range(rng.randint(1, 8)))
            if rng.random() < 0.4:
                t = t.upper() if rng.random() < 0.3 else t.capitalize()
            if pat.search(t):
                hits += 1
                assert passes(tests, Words(t.lower())), (pat.pattern, t)
    assert hits > 100


def test_window_cut_reads_as_a_whole_word():
    """The number rules run some patterns on windows (``finditer(text, pos, endpos)``): a word cut at
    ``endpos`` reads there as whole, so their needs (``in_windows``) only ask for a word's start."""
    pattern = r"\bweeks\s+now\b"
    text = "calf pain for 3 weeks nowhere better"
    cut = text.index("here")
    assert re.compile(pattern, re.IGNORECASE).search(text, 0, cut)  # found in the window
    words = Words(text.lower())
    assert not passes(need_ids(literal_needs(pattern)), words)  # not in the whole text
    assert passes(need_ids(in_windows(literal_needs(pattern))), words)


def test_durations_still_read():
    from legdx.text.reader import get_reader

    r = get_reader()
    for text in (
        "Numb feet. 3 weeks now.",
        "Leg weakness 2 years duration",
        "Weak legs, 2 yrs now and worse",
    ):
        res = r.read(text)
        assert any(m.rule == "numbers:symptom_duration_now" for m in res.measurements), (
            text,
            res.measurements,
        )
