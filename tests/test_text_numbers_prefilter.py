"""Session 14: a number rule is skipped only where its pattern cannot match. Since session 19 what a
pattern needs is read by ``normalize.literal_needs`` (the analyser of the rewrites and takebacks too; the
number rules' own ``_Prefilter`` is gone) and tested through ``need_ids``/``passes``, once a text."""

from __future__ import annotations

import re

import pytest

from legdx.text.normalize import Words, literal_needs, need_ids, passes


@pytest.mark.parametrize(
    ("pattern", "flags"),
    [
        (r"\b(?:pt|patient)\s*[,:]?\s*(?:M|male)\b", 0),
        (r"(?i:\bmy\s+(?:dad|father))", 0),
        (r"\b(?P<age>\d{2})\s*(?:years?|yrs)\s+old", re.IGNORECASE),
        (r"(?:CK|creatine\s+kinase)\s*(?:of|=|:)?\s*\d+", re.IGNORECASE),
        (r"Sex:\s*M", 0),
    ],
)
def test_a_skipped_rule_never_matches(pattern, flags):
    rx = re.compile(pattern, flags)
    need = need_ids(literal_needs(rx.pattern, rx.flags))
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
        "Sex: M",
    ]
    for text in texts:
        if not passes(need, Words(text.lower())):
            assert rx.search(text) is None, (pattern, text)
    assert any(not passes(need, Words(t.lower())) for t in texts)  # the gate does skip something


def test_a_need_is_numbered_once_and_answered_once_a_text():
    a = need_ids(literal_needs(r"\bcreatine\s+kinase\b"))
    b = need_ids(literal_needs(r"\bcreatine\s+kinase\s*\d+"))
    assert set(a) & set(b)  # the shared need has one number
    w = Words("creatine kinase 450")
    assert passes(a, w) and passes(b, w)
    assert set(a) <= set(w.seen) and all(w.seen[i] for i in a)
    # a fresh text answers afresh: the answers belong to the text's Words, not to the rule
    assert not passes(a, Words("creatinine 90"))


def test_a_rare_word_still_lets_its_rule_run():
    from legdx.text.reader import get_reader

    pytest.importorskip("medspacy")
    nr = get_reader().numbers
    text = "ABI 0.62 on the right, CK 4500, temp 38.4"
    hits, _notes = nr.measurements(text)
    got = {h.target for h in hits}
    hits2, _ = nr.measurements(text, Words(text.lower()))
    assert got == {h.target for h in hits2} and got  # with or without the caller's Words, the same


def test_reader_rules_skip_nothing_that_matches():
    from legdx.text.reader import get_reader

    pytest.importorskip("medspacy")
    nr = get_reader().numbers
    pats = (
        [(rx, n) for (_a, rx), n in zip(nr.ages, nr.ages_need, strict=True)]
        + [(rx, n) for (_s, rx), n in zip(nr.sexes, nr.sexes_need, strict=True)]
    )
    texts = [
        "71M, 2 yr hx of bilateral buttock and thigh pain. ABI 0.62 right. CK 4500. Temp 38.4.",
        "Mrs Brenda Hollis, 72, for the past eight months cramping in the right calf after 150 yards.",
        "MY DAD IS SEVENTY-THREE AND HIS TOE PRESSURE WAS 30 MMHG, ESR 80, CRP 120",
        "Sex: F. Age: 64. HbA1c 58 mmol/mol, eGFR 45, ferritin 12, B12 low. Morning stiffness 90 minutes.",
        "A 45 year old woman; a fifty-something man; aged 70; in her eighties; 33F; pt is a 60 yo male",
    ]
    for text in texts:
        words = Words(text.lower())
        for rx, need in pats:
            if not passes(need, words):
                assert rx.search(text) is None, (rx.pattern, text)
