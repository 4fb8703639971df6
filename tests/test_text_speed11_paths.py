"""Session 11 (speed) paths: number rules on the lower-cased text, plain-word triggers, the anchored window
scan, and the fast layer's sentence vectors. Each gives what the slow path gives, on odd inputs too."""

from __future__ import annotations

import random
import re

import numpy as np
import pytest

from legdx.text import numbers as N
from legdx.text.rules import default_rules

#: texts with numbers, units, sides, acronyms and ages in odd cases and spacing
_ODD = [
    "",
    "x",
    "CK 4,000 U/L (ULN 200), ck 900, Cpk 12k, creatine kinase 48,000 IU/l",
    "Temp 38.5C, T 39, febrile to 38.9, TEMPERATURE 37.2 degrees C, temp of 101 F",
    "ABI 0.62 R, 0.95 L; R ABI 0.4; left ABPI 0.8; TBI 0.3; toe pressure 40 mmHg, Toe Pressure 30 MMHG",
    "Pain for 3 WEEKS, since 2 Months, For Six Months now, x 4/7, 2-3 yrs, about a YEAR, past 10 days ago",
    "calf pain after 100 YARDS, walks 200 m. No numbness, 50 Metres, half a mile, 2 blocks",
    "72M, 65 yo F, aged 80, In His 70s, 45-year-old woman, MAN OF 59, mid-sixties, late 40S",
    "K 3.1, Na 130, Ca 2.1, Hb 98, HbA1c 64, eGFR 45, ESR 80, CRP 120 (<5), B12 150, TSH 2.1, BMI 31",
    "compartment pressure 35 mmHg at rest, 45 at 1 min, 50 at 5 MIN; morning stiffness 45 MINUTES",
    "since 4am; HISTORY OF 3 YEARS; ON AND OFF FOR YEARS; 10/10 pain x2 weeks; wk; mths; mo",
    "calf, ca, ca+ 1.2, ca2+ 2.3, CA 125, K+ 4.1, k, t, T, na, NA; t 38",
    "Übergewicht seit 3 Wochen; pain for 3 weeks (non-ASCII: the slow path)",
]


def _odd_texts() -> list[str]:
    rng = random.Random(11)
    out = list(_ODD)
    for t in _ODD:
        out += [t.upper(), t.lower(), t.swapcase(), t.title()]
        words = t.split()
        rng.shuffle(words)
        out.append(" ".join(words))
        out.append(t.replace(" ", "\n"))
    return out


@pytest.fixture(scope="module")
def reader() -> N.NumberReader:
    rs = default_rules()
    return N.NumberReader(rs.numbers)


def _slow(reader: N.NumberReader) -> N.NumberReader:
    """The same rules read the slow way: no lowered patterns, no plain-word trigger test."""
    slow = N.NumberReader(reader.nf, reader.ranges)
    slow.rules_low = {}
    slow.ages_low = [None] * len(slow.ages_low)
    slow.sexes_low = [None] * len(slow.sexes_low)
    slow.requires_words = {r.id: None for r, _rx, _req in slow.rules}
    slow.trigger_bounded = {}
    slow.limits = reader.limits
    slow.limits_low = [None] * len(slow.limits_low)
    slow._limit_words = {t.pattern: ((), False) for _sl, t, _rx in reader.limits}
    return slow


def test_lowered_pattern_is_refused_where_case_matters() -> None:
    lp = N._lowered_pattern
    assert lp(r"\bCK\b") == r"\bck\b"
    assert lp(r"(?P<Unit>mmHg)\D\S\W\B") == r"(?P<Unit>mmhg)\D\S\W\B"
    assert lp(r"(?<![A-Za-z])x") == r"(?<![a-z])x"
    assert lp(r"a\\B") == r"a\\b"  # an escaped backslash, then a letter
    for refused in (r"[A-Z]x", r"[^A-Za-z]", r"\x41", r"\u0041", r"\N{LATIN SMALL LETTER A}", r"(a)\1",
                    r"(?-i:AM)", r"(?i)x", "\u0130x", "\u0131", "\u212a", r"[]A]", "[a"):
        assert lp(refused) is None, refused


@pytest.mark.parametrize(
    "pattern",
    [r"\bCK\b|cpk", r"(?P<v>\d+)\s*(?P<u>mmHg|KPA)", r"\b(?:TEMP|t)\b\s*(?P<v>\d+(?:\.\d)?)\s*[cf]?",
     r"(?<![a-z])(?:R|Lt)\b", r"[^a-z0-9]X+"],
)
def test_lowered_pattern_matches_as_ignorecase(pattern: str) -> None:
    """The lowered pattern on the lower-cased ASCII text: the same spans and groups as IGNORECASE."""
    lowered = N._lowered_pattern(pattern)
    assert lowered is not None
    a, b = re.compile(pattern, re.IGNORECASE), re.compile(lowered)
    for t in _odd_texts() + ["cK 12 MMHG kPa r LT xXx", "t 38.5 C; T38 f; tt 1"]:
        if not t.isascii():
            continue
        got = [(m.span(), m.groupdict()) for m in b.finditer(t.lower())]
        want = [(m.span(), {k: v and v.lower() for k, v in m.groupdict().items()}) for m in a.finditer(t)]
        assert got == want, t


def test_rules_on_lower_cased_text_match_as_before(reader: N.NumberReader) -> None:
    """Every rule with a lowered pattern: the same matches (spans, text, groups) as its pattern on the text,
    anchored or not; and the whole measurement and demographic reading is the slow path's."""
    assert sum(x.get() is not None for x in reader.rules_low.values()) >= 30
    assert any(x is not None and x.get() is not None for x in reader.ages_low)
    assert any(x is not None and x.get() is not None for x in reader.sexes_low)
    assert any(N._word_test(req) is not None for _r, _rx, req in reader.rules if req is not None)
    slow = _slow(reader)
    for t in _odd_texts():
        low = t.lower() if t.isascii() else None
        fast_anchored: dict[str, list[tuple[int, int]]] = {}
        slow_anchored: dict[str, list[tuple[int, int]]] = {}
        for rule, rx, _req in reader.rules:
            got = reader._matches(rule, rx, t, fast_anchored, low)
            want = slow._matches(rule, rx, t, slow_anchored, None)
            assert [(m.start(), m.end(), m.group(), m.groupdict()) for m in got] == [
                (m.start(), m.end(), m.group(), m.groupdict()) for m in want
            ], (rule.id, t)
        assert reader.measurements(t) == slow.measurements(t), t
        assert reader.demographics(t) == slow.demographics(t), t
        assert reader.stated_limits(t) == slow.stated_limits(t), t


def test_anchored_scan_stops_at_the_covering_match(reader: N.NumberReader) -> None:
    """The window scan that stops early finds what the full scan of each window found (the match covering
    the anchor word)."""
    for t in _odd_texts():
        for rule, rx, _req in reader.rules:
            anchor = reader.anchors.get(rule.id)
            if anchor is None:
                continue
            want: dict[tuple[int, int], str] = {}
            for a in anchor.finditer(t):
                for m in rx.finditer(t, max(0, a.start() - 80), min(len(t), a.end() + 20)):
                    if m.start() <= a.start() < m.end():
                        want.setdefault(m.span(), m.group())
            got = {(m.start(), m.end()): m.group() for m in reader._matches(rule, rx, t, {}, None)}
            assert got == want, (rule.id, t)


def test_plain_word_triggers_decide_as_their_regex(reader: N.NumberReader) -> None:
    assert reader.trigger_bounded
    rng = random.Random(5)
    pieces = ["ca", "calf", "k", "na", "t", "temp", "ck", "_", "1", "2", "+", ".", " ", "\n", "-", "x"]
    for rid, bounded in reader.trigger_bounded.items():
        rx = reader.triggers_low[rid]
        words = [w for w, _b, _a in bounded]
        for _ in range(400):
            t = "".join(rng.choice(words + pieces) for _ in range(rng.randint(0, 8)))
            assert N._any_bounded_word(t, bounded) == (rx.search(t) is not None), (rid, t)
    assert N._bounded_words(r"\bca\b|calcium|\bca\+") == (("ca", True, True), ("calcium", False, False),
                                                          ("ca+", True, False))
    assert N._bounded_words(r"h(a)?emoglobin") is None


def test_static_rows_are_the_stacked_sentence_vectors() -> None:
    """``static_rows`` gives, byte for byte, the stack of ``static`` per sentence."""
    from legdx.text.fastsem import get_probes

    f = get_probes().featurizer
    sentences = [
        "", " ", "...", "?!", "calf", "calf calf calf", "Pain in both calves when walking 200 m.",
        "zzqxv wqpzk", "naïve café résumé", "L" * 300, " ".join(["walking"] * 60), "a. b, c; d",
    ]
    for group in (sentences, sentences[::-1], sentences[:1], sentences[4:7], []):
        want = np.stack([f.static(s) for s in group]) if group else np.zeros((0, f.dims), dtype=np.float32)
        got = f.static_rows(group)
        assert got.dtype == want.dtype and got.shape == want.shape
        assert got.tobytes() == want.tobytes()


def test_word_tests_and_wrapped_patterns_search_as_their_regex() -> None:
    """``_word_test`` (plain words plus the other alternatives) and ``lowered_regex`` on ``(?i:...)``: found
    exactly where the regex finds something."""
    pats = [
        re.compile(r"(?i)pain|not\s+working|\bsx\b|hip\b|(?:this|it)\s+has", re.IGNORECASE),
        re.compile(r"walk|stroll|get to|\bhx", re.IGNORECASE),
        re.compile(r"(?i:\b(?:he|him|his)\b)"),
        re.compile(r"(?i:\bmy\s+(?:dad|son)\s+is\b)"),
    ]
    texts = _odd_texts() + ["Hip pain", "HX of", "It has been", "My DAD is 80", "his", "HIS.", "this  has",
                            "not   WORKING", "getto", "get to", "sx", "SX2", "ship", "hip2"]
    for rx in pats:
        split = N._word_test(rx)
        lowered = N.lowered_regex(rx)
        assert split is not None or lowered is not None
        for t in texts:
            if not t.isascii():
                continue
            want = rx.search(t) is not None
            if split is not None:
                words, others = split
                got = N._any_bounded_word(t.lower(), words) or (
                    others is not None and others.search(t) is not None
                )
                assert got == want, (rx.pattern, t)
            if lowered is not None:
                assert (lowered.search(t.lower()) is not None) == want, (rx.pattern, t)
    assert N._top_level_alternatives(r"a|(b|c)|[|]|\|d") == ["a", "(b|c)", "[|]", "\\|d"]
    assert N._top_level_alternatives("a(b") is None
    assert N.lowered_regex(re.compile(r"(?i:a)|(?i:b)")) is None
    assert N.lowered_regex(re.compile(r"\d+M")) is None


def test_guard_cues_and_relative_opening_as_their_regex() -> None:
    from legdx.text import reader as R
    from legdx.text.fastsem import get_probes

    guard = get_probes().guard
    assert guard is not None
    cues = {id(c): c for r in guard.rules for c in (*r.drop_if, *r.unless, *r.require)}
    texts = _odd_texts() + ["No pain at rest", "PAIN RELIEVED BY REST", "my dad (82) fell", "Son calling"]
    for t in texts:
        prepared = guard.prepare(t)
        assert prepared == guard.not_negation.sub(" ", t.lower())
        for c in cues.values():
            assert (c.search(prepared) is None) == (c.rx.search(prepared) is None), (c.rx.pattern, t)
            assert c.get() is not None, c.rx.pattern
        assert R._relative_writes(t) == (R._RELATIVE_WRITES.search(t[:300]) is not None), t


def test_joiners_split_as_the_regex() -> None:
    """``_split_joiners`` is ``_HYPHEN_IN_WORD.sub(" ", ...)`` on odd strings (Unicode digits and letters, a
    joiner at either end, runs of joiners)."""
    from legdx.text.normalize import _HYPHEN_IN_WORD, _split_joiners

    rng = random.Random(7)
    alphabet = "aZ9_-\u2010\u2011\u2013+~ 0\u0661\u00e9\nK"
    texts = _odd_texts() + ["sit-down", "thigh+calf", "~20 min", "a~b", "-a", "a-", "3-4", "a--b", "x+-y"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 9))) for _ in range(20000)]
    for t in texts:
        assert _split_joiners(t) == _HYPHEN_IN_WORD.sub(" ", t), t
