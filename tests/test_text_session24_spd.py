"""Session 24 (spd): speed of reading without a change in what is read.

- ``numbers.start_filter`` finds a one-set filter of first characters for a pattern whose alternatives open
  with a digit, an upper-case letter or a group (``_first_set``; "\\d{2,3}\\s?F\\b|\\bF\\s*,..." had none);
- the takebacks are looked for in an ASCII text's lower case with their lowered patterns
  (``numbers.LazyAsciiLowered``);
- one ``Words`` per reading for the normaliser's rewrites too (``Words.relowered``);
- the target matcher tests a group of one need without maps (``group_one``).

(A sentence's clinical word for the phrases not understood, found from the doc's ``IS_ALPHA`` array, cost
more instructions than the Tokens it saved; not kept. Its test stays: the behaviour it checks is the
reader's.)

The texts are our own sentences.
"""

from __future__ import annotations

import re

import pytest

from legdx.text import numbers
from legdx.text.normalize import Words, _split_joiners
from legdx.text.reader import Reader
from text_readings import MODES

# our own sentences: ages and sexes written as notes write them, temperatures in F, joined words
TEXTS = [
    "72F with calf pain after 200 yards for 3 months. Temp 99 F. F, 72, diabetic.",
    "Pt 81 M, numb feet, walks 2 miles. 64 yom with back pain; 55 yo f with cramps.",
    "My dad is 82 and his left foot went cold and white an hour ago. He is a retired builder.",
    "Left-sided calf pain, non-smoker, ex-smoker since 2010, 3/7 of worse pain. BMI 31.",
    "It wasn't me with the dark urine, it was my partner after the gym. Me, I'm 52, leg pain on walking.",
    "I wrote numb legs but meant numb toes. Sorry. No back pain, no bladder trouble.",
    "temp 101.2F, 38.5 C yesterday, 25 M smoker, F 45, 3 wks of pain",
]

# the number rules' sex patterns for "F" and "M" as the rules write them (session 24: no filter before)
SEX_F = (
    r"(?<![\d.])(?!(?<=[\s\S])(?:9[5-9]|10[0-7])\s?F\b)\d{2,3}\s?F\b|\bF\s*,?\s*\d{2,3}\b"
    r"|(?i:\b\d{2,3}\s*(?:yof|y/o\s*f|yo\s*f)\b)"
)
SEX_M = r"(?<![\d.])\d{2,3}\s?M\b|\bM\s*,?\s*\d{2,3}\b|(?i:\b\d{2,3}\s*(?:yom|y/o\s*m|yo\s*m)\b)"


@pytest.mark.parametrize("pattern", [SEX_F, SEX_M, r"(?<![\d.])(?P<age>\d{2,3})\s*(?:y/o|yo|yof|yom)\b"])
def test_first_set_filter_same_matches(pattern: str) -> None:
    """A pattern whose alternatives open with a digit, a capital or a group gets a filter (none before
    session 24), and finds the same matches with it, from every place and in windows."""
    rx = re.compile(pattern)
    first = numbers.start_filter(rx)
    assert first is not None
    starts = numbers.Starts(rx)
    for text in TEXTS + [t.lower() for t in TEXTS]:
        assert [m.span() for m in starts.finditer(text)] == [m.span() for m in rx.finditer(text)]
        for pos in range(0, len(text), 3):
            got, want = starts.search(text, pos), rx.search(text, pos)
            assert (got and got.span()) == (want and want.span()), (pattern, text, pos)
            end = min(len(text), pos + 40)
            assert [m.span() for m in starts.finditer(text, pos, end)] == [
                m.span() for m in rx.finditer(text, pos, end)
            ]


@pytest.mark.parametrize(
    "pattern, flags",
    [
        (r"\d+|(?i:ab)", 0),  # a cased letter under IGNORECASE: its other cases are not told
        (r"[^a]b|\d", 0),  # a negated set
        (r"\d*|F", 0),  # can match nothing
        (r"(?:for|over)\s+\d|\d", 0),  # a lower-case letter: a place to try at nearly every word
        (r"\s*\d+", 0),  # a space
        (r".\d", 0),  # any character
    ],
)
def test_no_first_set_filter(pattern: str, flags: int) -> None:
    assert numbers.start_filter(re.compile(pattern, flags)) is None


def test_takebacks_in_lower_case_same_spans() -> None:
    """The takebacks found in an ASCII text's lower case with their lowered patterns are the ones the
    patterns as written find in the text (and a text with a separator uses the lowered patterns without
    ``re.ASCII``)."""
    r = Reader(fast_semantic=False)
    for text in [*TEXTS, "My wife's dark urine\x1cafter the gym last month. Me, I'm 52."]:
        want = []
        for rx, req, unless, state, ids, name in r._takebacks:
            if req is not None and req.search(text) is None:
                continue
            if unless is not None and unless.search(text) is not None:
                continue
            want += [(*m.span("x"), state, ids, name) for m in rx.finditer(text) if m.start("x") < m.end("x")]
        assert r._taken_back(text) == want
    assert any(low[0]._done and low[0].get(True) is not None for low in r._takeback_low)


def test_takeback_lowered_form() -> None:
    lazy = numbers.LazyAsciiLowered(re.compile(r"\b(?P<x>Me),\s+I'?m\b", re.IGNORECASE))
    asc, low = lazy.get(True), lazy.get(False)
    assert asc is not None and low is not None
    assert asc.flags & re.ASCII and not asc.flags & re.IGNORECASE
    assert asc.search("so. me, i'm 52").span("x") == (4, 6)
    assert numbers.LazyAsciiLowered(re.compile(r"(?-i:Me)\b", re.IGNORECASE)).get(True) is None


def test_words_relowered() -> None:
    """A text whose joiners became spaces has the same words as the text: the same set and line, its own
    lower case and answers."""
    text = "Left-sided calf pain, non-smoker; walks 2-3 blocks."
    joined = _split_joiners(text)
    assert joined != text
    words = Words(text.lower())
    again = words.relowered(joined.lower())
    fresh = Words(joined.lower())
    assert again.words == fresh.words and again.line == fresh.line and again.low == fresh.low
    assert again.seen == {} and again.seen is not words.seen


def test_normalize_with_words_as_without() -> None:
    r = Reader(fast_semantic=False)
    for text in TEXTS:
        words = Words(text.lower())
        assert r.normalizer.normalize(text, words)[0] == r.normalizer.normalize(text)[0]


def test_group_one() -> None:
    """``group_one`` is a group's one need (0: several), the need ``group_masks`` holds."""
    r = Reader(fast_semantic=False)
    tm = next(p for _n, p in r.nlp.pipeline if hasattr(p, "group_one"))
    assert len(tm.group_one) == len(tm.group_masks)
    assert sum(1 for one in tm.group_one if one) > len(tm.group_one) // 2
    for one, masks in zip(tm.group_one, tm.group_masks, strict=True):
        assert one == (masks[0] if len(masks) == 1 else 0)


@pytest.mark.parametrize("mode", MODES)
def test_reading_ages_sexes_takebacks(mode: bool) -> None:
    """Ages, sexes and a takeback read as before, both modes (the paths the changes run on)."""
    r = Reader(fast_semantic=mode)
    for _ in range(numbers._WARM):  # the number rules' filters are made at their third use
        r.read("72F with calf pain after 200 yards.")
    res = r.read("72F with calf pain after 200 yards for 3 months.")
    assert res.case.age == 72 and res.case.sex == "female"
    res = r.read("Pt 64 M, calf pain on walking 100 m, better with rest.")
    assert res.case.sex == "male"
    res = r.read("It wasn't me with the dark urine, it was my partner. Me, I'm 52, leg pain on walking.")
    assert res.case.age == 52
    assert not any(f.id == "dark_urine" and f.state == "present" for f in res.findings)


@pytest.mark.parametrize("mode", MODES)
def test_not_understood_sentence(mode: bool) -> None:
    """A sentence with a clinical word and nothing read is said to be not understood; one without a
    clinical word is not."""
    r = Reader(fast_semantic=mode)
    res = r.read("Calf pain on walking. The leg feels glarbish and zonky. The weather is fine.")
    said = [p.text for p in res.not_understood]
    assert any("glarbish" in s for s in said)
    assert not any("weather" in s for s in said)
