"""Session 14: the number rules' prefilter (``legdx.text.numbers._Prefilter``) skips a rule only where its
pattern cannot match: the word sets a pattern needs, and no skipped rule that would have matched."""

from __future__ import annotations

import re

import pytest

from legdx.text.numbers import _necessary_words, _Prefilter


def _needs(pattern: str, flags: int = re.IGNORECASE) -> set[frozenset[str]]:
    return set(_necessary_words(re.compile(pattern, flags)))


def test_needs_of_literals_groups_branches_and_repeats():
    assert _needs(r"\bAge\s*(\d+)") == {frozenset({"age"})}
    # a branch needs one word of each alternative; an optional part needs nothing
    assert _needs(r"(?:mum|father)(?:\s+is)?\s+\d+") == {frozenset({"mum", "father"})}
    # a repeat taken at least once needs its words; one that may be skipped does not
    assert _needs(r"(?:ck)+\s*=\s*\d") == {frozenset({"ck"})}
    assert _needs(r"(?:ck)*\s*\d") == set()
    # a branch with an alternative that needs nothing needs nothing
    assert _needs(r"(?:mum|\d+)\s*yrs") == {frozenset({"yrs"})}
    # one-character words are left out; a case-sensitive letter is compared lower-cased
    assert _needs(r"\d+\s?M\b", 0) == set()
    assert _needs(r"Sex:\s*M", 0) == {frozenset({"sex:"})}


@pytest.mark.parametrize(
    ("pattern", "flags"),
    [
        (r"\b(?:pt|patient)\s*[,:]?\s*(?:M|male)\b", 0),
        (r"(?i:\bmy\s+(?:dad|father))", 0),
        (r"\b(?P<age>\d{2})\s*(?:years?|yrs)\s+old", re.IGNORECASE),
        (r"(?:CK|creatine\s+kinase)\s*(?:of|=|:)?\s*\d+", re.IGNORECASE),
    ],
)
def test_a_skipped_rule_never_matches(pattern, flags):
    rx = re.compile(pattern, flags)
    pf = _Prefilter()
    need = pf.needs(rx)
    texts = [
        "Pt: M, 72 yo with calf pain",
        "PATIENT, MALE, 68 YEARS OLD",
        "my Dad is 80",
        "MY FATHER has CK 450",
        "Creatine   Kinase = 1200 after a marathon",
        "walks 200 m then stops",
        "no numbers here at all",
        "she is 55 y/o",
        "ck of 300",
        "patient female",
    ]
    for text in texts:
        if not pf.possible(need, text.lower(), {}):
            assert rx.search(text) is None, (pattern, text)
    assert any(not pf.possible(need, t.lower(), {}) for t in texts)  # the prefilter does skip something


def test_reader_rules_skip_nothing_that_matches():
    from legdx.text.reader import get_reader

    pytest.importorskip("medspacy")
    nr = get_reader().numbers
    pats = (
        [(rx, n) for (_a, rx), n in zip(nr.ages, nr.ages_need, strict=True)]
        + [(rx, n) for (_s, rx), n in zip(nr.sexes, nr.sexes_need, strict=True)]
        + [(rx, n) for (_r, rx, _q), n in zip(nr.rules, nr.rules_need, strict=True)]
    )
    texts = [
        "71M, 2 yr hx of bilateral buttock and thigh pain. ABI 0.62 right. CK 4500. Temp 38.4.",
        "Mrs Brenda Hollis, 72, for the past eight months cramping in the right calf after 150 yards.",
        "MY DAD IS SEVENTY-THREE AND HIS TOE PRESSURE WAS 30 MMHG, ESR 80, CRP 120",
        "Sex: F. Age: 64. HbA1c 58 mmol/mol, eGFR 45, ferritin 12, B12 low. Morning stiffness 90 minutes.",
    ]
    for text in texts:
        low, seen = text.lower(), {}
        for rx, need in pats:
            if not nr.prefilter.possible(need, low, seen):
                assert rx.search(text) is None, (rx.pattern, text)
