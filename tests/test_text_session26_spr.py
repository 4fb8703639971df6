"""Session 26 (spr): speed of reading without a change in what is read.

- ``normalize.literal_needs`` reads each string of a need as what it is: a word with a word boundary on both
  sides is a whole word, words with non-word characters between ('fact sheet', 'a.i.') are those words in a
  row in ``Words.line``, the rest is looked for anywhere. Before, one string with a non-word character made
  every string of the need a substring, so the pasted-source takebacks (session 25) passed on nearly every
  text ('ai' in 'said', 'app' in 'happen') and ran their patterns;
- a character class with a curly quote ('["\u201c]') is read as its ASCII characters (a need's strings are
  tested on ASCII texts only, which hold no curly quote): the quoted pasted source now needs a '"'.

The texts are our own sentences.
"""

from __future__ import annotations

import random
import re

import pytest

from legdx.text.normalize import Words, _literal_needs, literal_needs, need_ids, passes
from legdx.text.reader import get_reader

_WHOLE, _LINE, _ANY = 1, 2, 0


def test_each_string_of_a_need_read_as_it_is():
    needs = set(_literal_needs(r"\b(?:ai|a\.i\.|fact ?sheets?|chat-?bots?)\b"))
    assert needs == {
        frozenset(
            {
                (_WHOLE, "ai"),
                (_LINE, " a i "),
                (_LINE, " fact sheet "),
                (_LINE, " fact sheets "),
                (_WHOLE, "factsheet"),
                (_WHOLE, "factsheets"),
                (_LINE, " chat bot "),
                (_LINE, " chat bots "),
                (_WHOLE, "chatbot"),
                (_WHOLE, "chatbots"),
            }
        )
    }
    # a word may go on after it: anywhere (the pair's last word may be longer)
    assert set(_literal_needs(r"\b(?:ai|red box)")) == {frozenset({(_ANY, "ai"), (_LINE, " red box")})}
    # nothing known before it: anywhere
    assert set(_literal_needs(r"(?:ai|red box)\b")) == {frozenset({(_ANY, "ai"), (_ANY, "red box")})}


def test_a_curly_quote_in_a_class_is_no_ascii_character():
    assert set(_literal_needs('\\s["\u201c]x')) == {frozenset({(_ANY, '"x')})}
    # the long s matches 's' case-blind, the Kelvin sign 'k': kept (the class is not read)
    assert _literal_needs('["\u017f]x') == (frozenset({(_ANY, "x")}),)
    assert _literal_needs("[\u212a\u201c]x") == (frozenset({(_ANY, "x")}),)
    # a class of curly quotes alone is not read either (it matches nothing in an ASCII text)
    assert _literal_needs("[\u201c\u201d]x") == (frozenset({(_ANY, "x")}),)


@pytest.mark.parametrize(
    "text, runs",
    [
        ("She said it would happen again, so I booked an appointment.", False),
        ('The app said "sudden leg weakness needs urgent care". I have none of that.', True),
        ('The A.I. said "numb saddle area is an emergency".', True),
        ('The fact sheet had: "calf pain on walking that stops at rest".', True),
        ('My leg said "no" on the stairs.', False),
    ],
)
def test_pasted_source_quote_runs_only_where_it_can_match(text, runs):
    r = get_reader()
    names = [tb.name for tb in r.rules.reader.takebacks]
    needs = r._takeback_needs[names.index("pasted_source_quote")]
    assert passes(needs, Words(text.lower())) is runs
    rx = re.compile(r.rules.reader.takebacks[names.index("pasted_source_quote")].pattern, re.IGNORECASE)
    if rx.search(text):
        assert runs


def test_pasted_source_spans_still_found():
    r = get_reader()
    for text in (
        'The app said "sudden leg weakness needs urgent care". I have none of that.',
        'The AI said "numb saddle area is an emergency".',
        "The fact sheet lists warning signs: numb saddle area, weak legs, wet pants.",
    ):
        got = {name for *_s, name in r._taken_back(text)}
        assert got & {"pasted_source_quote", "pasted_source_list"}, text


def test_every_takeback_match_holds_its_needs():
    """Random texts made of each takeback's own words and separators (quotes, dots, hyphens among them):
    wherever its pattern (and its ``requires``) finds a match, the text holds what ``literal_needs`` says."""
    r = get_reader()
    rng = random.Random(26)
    seps = [" ", "  ", ", ", ". ", "\n", ' "', '" ', ":", ": ", "-", "", "'", ".", "\t"]
    hits = 0
    for tb, needs in zip(r.rules.reader.takebacks, r._takeback_needs, strict=True):
        rx = re.compile(tb.pattern, re.IGNORECASE)
        req = re.compile(tb.requires, re.IGNORECASE) if tb.requires else None
        vocab = re.findall(r"[A-Za-z]+", tb.pattern) + re.findall(r"[A-Za-z]+", tb.requires or "")
        for _ in range(400):
            t = "".join(rng.choice(vocab) + rng.choice(seps) for _ in range(rng.randint(2, 14)))
            if rng.random() < 0.3:
                t = t.upper() if rng.random() < 0.3 else t.capitalize()
            if rx.search(t) and (req is None or req.search(t)):
                hits += 1
                assert passes(needs, Words(t.lower())), (tb.name, t)
    assert hits > 50


def test_needs_of_words_in_a_row_found_in_the_line():
    ids = need_ids(literal_needs(r"\b(?:fact ?sheets?|a\.i\.)\b"))
    assert passes(ids, Words("the fact sheet, page 2"))
    assert passes(ids, Words("the fact sheets"))
    assert passes(ids, Words("the factsheet"))
    assert passes(ids, Words("an a.i. tool"))
    assert not passes(ids, Words("in fact sheeting rain"))
    assert not passes(ids, Words("she said i was fine"))


# our own openings of a relative's message, and texts that are not (with a separator, a long s, a newline)
_OPENINGS = [
    "Hi, my dad (82) has weak legs since Tuesday.",
    "Son here. Dad started with weak legs, now he can't stand.",
    "Daughter reports mum 78 left foot gone white.",
    "Patient's son called: his father can't lift his foot.",
    "I look after my mum. Mum had a back operation last week.",
    "I'm my husband's carer and he has new leg weakness.",
    "Mother, 81, confused with fever and back pain.",
    "Receptionist: Is the appointment for your father?\nSon: Yes, he is 58 and can't walk far.",
    "Any family history?\nMother: breast cancer, she had it at 60.",
    "Can a doctor come and visit my mum today? Her leg is cold.",
    "My calf hurts after 200 yards and my dad had a stroke.",
    "MY DAD (90) CANNOT WALK",
    "Txt from son: dad 82 rang me, says his R foot gone mottled",
    "Calf pain on walking\x1cmy dad (70) too",
    "\u017fon here. Dad fell.",
    "Back pain, numb saddle, no relative at all.",
    "",
]


def test_relative_opening_alternatives_one_by_one():
    from legdx.text import reader as R

    for t in _OPENINGS:
        pairs = ((R._RELATIVE_WRITES, R._RELATIVE_WRITES_ANY), (R._SEE_RELATIVE, R._SEE_RELATIVE_ANY))
        for rx, anyof in pairs:
            assert anyof.found(t) is (rx.search(t) is not None), (rx.pattern[:40], t)
            assert anyof.found(t[:300]) is (rx.search(t[:300]) is not None), t
    assert len(R._RELATIVE_WRITES_ANY._parts or ()) == 8


def test_any_of_kept_whole_where_it_cannot_be_split():
    from legdx.text.numbers import LazyAnyOf

    # a group referred to across alternatives, a verbose pattern (a comment with a '|'), one alternative
    for pattern, flags, text in (
        (r"(a)b|\1c|x(?(1)y|z)", re.IGNORECASE, "ab ac xz"),
        ("abc  # one | two\n | def", re.IGNORECASE | re.VERBOSE, "xx def"),
        ("abc  # one | two | def", re.IGNORECASE | re.VERBOSE, "xx def"),
        ("(?x) abc  # one | two | def", re.IGNORECASE, "xx DEF abc"),
        (r"\b(?:my|our)\s+dad\b", re.IGNORECASE, "My dad"),
    ):
        rx = re.compile(pattern, flags)
        anyof = LazyAnyOf(rx)
        assert anyof.found(text) is (rx.search(text) is not None)
        assert len(anyof._parts or ()) == 1
    # split: each alternative alone, the same answers
    rx = re.compile(r"^\W*hello\b|\bmy\s+dad\b|(?:^|\n)son:", re.IGNORECASE)
    anyof = LazyAnyOf(rx)
    texts = ("  Hello there", "x hello", "and MY DAD", "a\nSon: y", "son: y", "a son: y", "caf\u00e9 my dad")
    for text in texts:
        assert anyof.found(text) is (rx.search(text) is not None), text
    assert len(anyof._parts or ()) == 3


def test_relative_opening_on_random_texts():
    from legdx.text import reader as R

    rng = random.Random(261)
    vocab = re.findall(r"[a-z]+", R._RELATIVE_WRITES.pattern) + ["58", "(82)", "?", ":", "\n", ",", "."]
    seps = [" ", "  ", ", ", ". ", "\n", ": ", "? ", "'s ", ""]
    hits = 0
    for _ in range(3000):
        t = "".join(rng.choice(vocab) + rng.choice(seps) for _ in range(rng.randint(1, 10)))
        if rng.random() < 0.3:
            t = t.upper() if rng.random() < 0.3 else t.capitalize()
        want = R._RELATIVE_WRITES.search(t) is not None
        hits += want
        assert R._RELATIVE_WRITES_ANY.found(t) is want, t
    assert hits > 100


def test_empty_boxes_found_by_their_first_characters():
    r = get_reader()
    assert r._box_starts is not None and r._box_starts.first() is not None
    texts = [
        "Saddle numbness [ ] Bladder/bowel change [x] Fever [  ]",
        "[ ] Fever [X] Back pain",
        "Calf pain on walking \u2610 rest pain \u2611",
        "no box [here] or [ x] or [ \u2713 ]",
        "\u2717 numb \u2718 weak \u2714 cold \u2612",
        "nothing in brackets at all",
        "",
    ]
    for t in texts:
        a, b = r._box_starts.search(t), r._box_rx.search(t)
        assert (a and a.span()) == (b and b.span()), t
        assert [m.span() for m in r._box_starts.finditer(t)] == [m.span() for m in r._box_rx.finditer(t)], t
    # a form's boxes still read
    got = r._empty_boxes("Saddle numbness [ ]\nBladder change [x]")
    assert [box for *_s, box in got] == ["[ ]"]


def test_basic_tokens_of_an_ascii_text_as_the_unicode_regex():
    from legdx.text import fastsem

    rng = random.Random(262)
    alphabet = [chr(i) for i in range(128)] + list("aaaeeiioo  ")
    texts = ["Calf pain, 200 yds; L>R. N/V? x_y", "a\x1cb \x1f c", "TAB\tand\nnew line\x0b\x0c"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60))) for _ in range(2000)]
    for t in texts:
        assert fastsem.basic_tokens(t) == fastsem._BASIC.findall(t.lower()), repr(t)
    # a text that is not ASCII takes the accent-stripping path as before
    assert fastsem.basic_tokens("Caf\u00e9 p\u00e2in") == ["cafe", "pain"]


def test_first_lookahead_same_matches():
    from legdx.text.numbers import first_lookahead

    # opens with lookbehinds in one alternative: the lookahead of its first characters (b, c, g)
    rx = re.compile(r"(?:\b(?:came|go)\s+|(?<!\bmy )(?=back\s+then))(?P<x>back\b[^.]{0,20})")
    lead = first_lookahead(rx)
    assert lead is not None and lead.groupindex == rx.groupindex
    for t in ("it came back at night. my back then. back then it was ok", "go back", "my back hurts", ""):
        assert [(m.span(), m.span("x")) for m in lead.finditer(t)] == [
            (m.span(), m.span("x")) for m in rx.finditer(t)
        ], t
    # none: re finds it quickly (a literal start), it opens with \b and a word, a match may be empty, a group
    # is referred to, IGNORECASE (the lowered forms only), too many first characters
    for pattern, flags in (
        (r"back\b", 0),
        (r"\b(?:came|go)\s+back", 0),
        (r"(?<!x)a*", 0),
        (r"(?<!x)(a)\1", 0),
        (r"(?<!x)back", re.IGNORECASE),
        (r"(?<!x)\w+", 0),
    ):
        assert first_lookahead(re.compile(pattern, flags)) is None, pattern


def test_takebacks_with_the_lookahead_find_the_same_spans():
    r = get_reader()
    rng = random.Random(263)
    seps = [" ", "  ", ", ", ". ", "\n", ":", "-", "'", "."]
    for tb, (lead_low, *_rest) in zip(r.rules.reader.takebacks, r._takeback_low, strict=True):
        plain = lead_low.get(True)
        if plain is None or plain is lead_low.get(False):
            continue
        base = re.compile(tb.pattern, re.IGNORECASE)
        vocab = re.findall(r"[a-z]+", tb.pattern)
        for _ in range(300):
            t = "".join(rng.choice(vocab) + rng.choice(seps) for _ in range(rng.randint(2, 12)))
            assert [m.span() for m in plain.finditer(t)] == [m.span() for m in base.finditer(t)], (tb.name, t)
    names = [tb.name for tb in r.rules.reader.takebacks]
    back = r._takeback_low[names.index("back_as_return")][0].get(True)
    assert back is not None and back.pattern is None  # the lookahead form (compiled from the parsed regex)
    got = {name for *_s, name in r._taken_back("The pain came back at night and went back to normal.")}
    assert "back_as_return" in got
