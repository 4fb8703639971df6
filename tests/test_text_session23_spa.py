"""Session 23 (spa): speed of the reader's number rules without a change in what they read.

- ``numbers.Starts``: a pattern that opens with zero-width tests (a lookbehind, ``\\b``) is tried only where
  the rest of it matches (``start_filter``): the same ``search`` and ``finditer`` answers;
- ``numbers.ascii_regex``: a case-sensitive pattern run on an ASCII text compiled with ``re.ASCII``, except
  in a text with the separators ``\\x1c``-``\\x1f`` (which ``\\s`` accepts only without ``re.ASCII``).
"""

from __future__ import annotations

import re

import pytest

from legdx.text import numbers
from legdx.text.normalize import Words
from legdx.text.reader import Reader
from text_readings import MODES

# our own sentences; the last ones hold places where a pattern's rest matches but its opening test fails
TEXTS = [
    "68 year old woman, calf pain after 200 yards for 3 weeks, ABI 0.62 right, 0.95 left.",
    "Pt 71M, 2/12 hx of numb feet, CRP 12, ESR 40, temp 37.9. Walks 2 miles.",
    "I'm 54, the pain started about six months ago in my left buttock; BMI 31; egfr 48",
    "Mrs Jones, 82, has had heavy legs for 2 yrs. Morning stiffness about 30 min. HbA1c 58.",
    "x35 kg, 3.5 kg, 1.35 kg and 135kg; aged 47; age: 52; he's 66; tbi 0.4; tcpo2 25 mmHg",
    "symptoms x 3 wks, pain, 2 months, been like this for 4 years now. Since 2019 worse.",
]


def _reader() -> Reader:
    return Reader(fast_semantic=False)


def _patterns(r: Reader) -> list[re.Pattern[str]]:
    nr = r.numbers
    out: list[re.Pattern[str]] = [rx for _a, rx in nr.ages] + [rx for _s, rx in nr.sexes]
    out += [rx for _r, rx, _q in nr.rules]
    for lazy in [*nr.ages_low, *nr.sexes_low, *nr.rules_low.values()]:
        low = lazy.get() if lazy is not None else None
        if low is not None:
            out.append(low)
            fast = numbers.ascii_regex(low)
            if fast is not None:
                out.append(fast)
    return out


def test_start_filter_same_matches_every_rule_pattern() -> None:
    """Every number-rule pattern (as written, lowered, and in its ASCII form) finds the same matches with
    its start filter as without, searched from every place and in windows (the duration rules' use)."""
    r = _reader()
    used = 0
    for rx in _patterns(r):
        starts = numbers.Starts(rx)
        used += starts.first() is not None
        for text in TEXTS + [t.lower() for t in TEXTS]:
            assert [m.span() for m in starts.finditer(text)] == [m.span() for m in rx.finditer(text)]
            for pos in range(0, len(text), 7):
                got, want = starts.search(text, pos), rx.search(text, pos)
                assert (got and got.span()) == (want and want.span()), (rx.pattern, text, pos)
                end = min(len(text), pos + 60)
                assert [m.span() for m in starts.finditer(text, pos, end)] == [
                    m.span() for m in rx.finditer(text, pos, end)
                ]
    assert used >= 30  # the filter is in use (54 of the rules' patterns had one when it was written)


def test_start_filter_looks_before_the_place() -> None:
    """A filter is the pattern without its opening tests; a place where only the rest matches is no match
    ("3.5 kg": the digits after the point)."""
    rx = re.compile(r"(?<![\d.])[0-9]\s?kg\b")
    first = numbers.start_filter(rx)
    assert first is not None and first.search("3.5 kg") is not None
    starts = numbers.Starts(rx)
    assert starts.search("3.5 kg") is None
    assert [m.group() for m in starts.finditer("3.5 kg, 35 kg, 5 kg, x5kg")] == ["5 kg", "5kg"]


@pytest.mark.parametrize(
    "pattern",
    [
        r"(\d)\s*\1",  # refers to a group
        r"^\d+ kg",  # opens with "^": tried at the start only already
        r"\b(?:a|b)?",  # can match nothing
        r"\b[a-z]+ing\b",  # a first character of 26 letters: nothing to gain
    ],
)
def test_no_start_filter(pattern: str) -> None:
    assert numbers.start_filter(re.compile(pattern)) is None


def test_ascii_regex_only_case_sensitive() -> None:
    assert numbers.ascii_regex(re.compile(r"\bkg\b", re.IGNORECASE)) is None
    fast = numbers.ascii_regex(re.compile(r"\d+\s*kg"))
    assert fast is not None and fast.flags & re.ASCII


@pytest.mark.parametrize("sep", ["\x1c", "\x1d", "\x1f"])
def test_separator_texts_read_as_before(sep: str) -> None:
    """``\\s`` accepts the separators only without ``re.ASCII``: a text holding one is read with the
    patterns as they were (a body-mass index and a duration written with a separator for the space)."""
    r = _reader()
    for _ in range(numbers._WARM):  # the patterns' filters and ASCII forms are made at their third use
        r.numbers.measurements("BMI 30. Calf pain, 2 weeks of pain on walking.")
    text = f"BMI{sep}34. Calf pain, 3{sep}weeks of pain on walking."
    words = Words(text.lower())
    hits, _notes = r.numbers.measurements(text, words)
    got = {(h.target, h.value) for h in hits}
    assert ("bmi", 34.0) in got
    assert ("symptom_duration_weeks", 3.0) in got


@pytest.mark.parametrize("mode", MODES)
def test_reading_with_numbers(mode: bool) -> None:
    """An ordinary note's age, sex and measurements, both modes (the paths the filters run on)."""
    r = Reader(fast_semantic=mode)
    res = r.read("72 year old man. Calf pain after 100 yards for 6 months. ABI 0.55 right. BMI 29.")
    assert res.case.age == 72 and res.case.sex == "male"
    assert res.case.measurements.get("bmi") == 29
    assert any(m.id.startswith("symptom_duration") or m.id.startswith("walking") for m in res.measurements)


def test_inner_gates_same_matches_every_rule_pattern() -> None:
    """A pattern with no start filter is run only where one of its ``inner_gates`` matches: every
    number-rule pattern (as written, lowered, in its ASCII form) finds the same matches, in the whole text
    and in windows (the duration rules' windows around their unit words)."""
    r = _reader()
    gated = 0
    for rx in _patterns(r):
        starts = numbers.Starts(rx)
        starts.first()
        gated += starts._gates is not None
        for text in TEXTS + [t.lower() for t in TEXTS]:
            for pos in range(0, len(text), 5):
                end = min(len(text), pos + 140)
                want = [m.span() for m in rx.finditer(text, pos, end)]
                assert [m.span() for m in starts.finditer(text, pos, end)] == want
                if want:
                    assert starts.may(text, pos, end), (rx.pattern, text, pos)
    assert gated >= 20  # 36 of the rules' lowered patterns had gates when this was written


def test_inner_gate_of_an_age_written_after_a_name() -> None:
    """An age after a name and a comma ("Smith, 72, ...") needs ", 72," somewhere: the gate is that part."""
    rx = re.compile(r"(?<![\d.])\b[a-z][\w'-]*[ \t]*,[ \t]*(?P<age>[4-9]\d|10\d)[ \t]*,[ \t]+(?=[a-z])")
    assert numbers.start_filter(rx) is None  # opens with 26 letters
    gates = numbers.inner_gates(rx)
    assert gates is not None and len(gates) == 1
    starts = numbers.Starts(rx)
    assert not starts.may("walked 72 yards, then sat")
    m = starts.search("mr smith, 72, walks with a stick")
    assert m is not None and m.group("age") == "72"
