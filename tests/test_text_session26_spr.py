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
