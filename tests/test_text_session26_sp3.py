"""Session 26 (sp3): speed of reading without a change in what is read.

- the rewrites (``lexicon.yaml: rewrites``) of an ASCII text are looked for in its lower case with their
  lowered ASCII forms (``numbers.LazyAsciiLowered``), the words of a match read in the text as written;
- the run of one-word sentences (``normalize._ONE_WORD_RUN``) is looked for only in an ASCII text whose lower
  case has what each run holds (``_ONE_WORD_RUN_GATE``), and in every non-ASCII text as before;
- the ConText cue gate's anchor places are found from the fewer of the anchor's words and the text's words.

Each is checked against the way it was done before. The texts are our own sentences.
"""

from __future__ import annotations

import random
import re
from typing import Any

import pytest

pytest.importorskip("medspacy")

import legdx.text.reader as rd  # noqa: E402
from legdx.text import normalize  # noqa: E402
from legdx.text.normalize import _ONE_WORD_RUN, _ONE_WORD_RUN_GATE, _TOKEN, Normalizer  # noqa: E402
from text_readings import MODES, check_floor, cue_gate_docs, states  # noqa: E402

#: our own sentences that hold wordings some rewrite replaces (and others), in several cases
_REWRITE_TEXTS = [
    "I can neither walk nor stand for long, and my legs came on weak last week.",
    "Can't breathe properly when I lie flat. My Toes and FEET feel like ice since Tuesday.",
    "She can barely move her left foot; the GP told me to rest. No - just the back.",
    "Had an epi drool in labour. Urinary leak now, new since yesterday.",
    "NO, JUST THE CALF. It CAME ON suddenly while walking the dog.",
    "My feet feel like ice\x1c and I could hardly wiggle my toes.",
    "Pain started on Monday after I pushed the car; it comes on after 200 m.",
]


def _overrides_before(norm: Normalizer, text: str) -> dict[int, str] | None:
    """``Normalizer._overrides`` as it was before session 26: every rewrite's pattern on the text itself."""
    low = text.lower()
    words = normalize.Words(low) if text.isascii() else None
    out: dict[int, str] | None = None
    for (pat, ws), needs in zip(norm.rewrites, norm._needs, strict=True):
        if words is not None:
            if needs and not normalize.passes(needs, words):
                continue
        elif not any(k in low for k in ws):
            continue
        for m in pat.finditer(text):
            for w in _TOKEN.finditer(m.group()):
                rep = ws.get(w.group().lower())
                if rep is not None:
                    if out is None:
                        out = {}
                    out[m.start() + w.start()] = rep
    return out


def _variants(text: str, rng: random.Random) -> list[str]:
    return [text, text.lower(), text.upper(), "".join(c.upper() if rng.random() < 0.3 else c for c in text)]


def test_rewrites_found_in_the_lower_case_as_before() -> None:
    norm = rd.get_reader().normalizer
    rng = random.Random(26)
    hit = 0
    for base in _REWRITE_TEXTS:
        for text in _variants(base, rng):
            want = _overrides_before(norm, text)
            assert norm._overrides(text) == want, text
            hit += bool(want)
    assert hit >= 10  # the rewrites did replace words in most of these texts
    # the lowered forms were used (the ASCII texts' rewrites that ran)
    assert any(lz is not None and lz._done and lz._asc is not None for lz in norm._rewrites_low)


def test_rewrites_on_a_non_ascii_text_as_before() -> None:
    norm = rd.get_reader().normalizer
    text = "I can neither walk nor stand \u2014 my legs came on weak, caf\u00e9 owner says."
    assert norm._overrides(text) == _overrides_before(norm, text)


def test_every_rewrite_has_its_lowered_forms_checked() -> None:
    """Each rewrite (IGNORECASE only) gets a lazy lowered form; on random case variants of our sentences its
    lowered ASCII form finds the same spans in the lower case as the pattern in the text."""
    norm = rd.get_reader().normalizer
    rng = random.Random(7)
    for (pat, _ws), lazy in zip(norm.rewrites, norm._rewrites_low, strict=True):
        assert lazy is not None
        for base in _REWRITE_TEXTS:
            for text in _variants(base, rng):
                low = text.lower()
                plain = normalize._SEPARATORS.search(low) is None
                fast = lazy.get(plain)
                if fast is None:
                    continue
                assert [m.span() for m in fast.finditer(low)] == [m.span() for m in pat.finditer(text)]


def _random_runs(rng: random.Random, n: int) -> list[str]:
    words = ["Pain", "numb", "WEAK", "ok", "no", "fine", "a", "Legs", "x", "stiff", "Sore", "I", "calf"]
    seps = [". "] * 6 + [".\t", ".  ", " ", ", ", ".\n", "! ", "? ", ": ", ";", ".", " - "]
    out = []
    for _ in range(n):
        out.append("".join(rng.choice(words) + rng.choice(seps) for _ in range(rng.randint(1, 9))))
    return out


def test_one_word_run_gate_holds_for_every_run() -> None:
    """Every ASCII text with a run of one-word sentences has the gate's words in its lower case."""
    rng = random.Random(3)
    runs = 0
    for text in _random_runs(rng, 3000):
        if _ONE_WORD_RUN.search(text) is not None:
            runs += 1
            assert _ONE_WORD_RUN_GATE.search(text.lower()) is not None, text
    assert runs > 100


@pytest.mark.parametrize(
    "text, joined",
    [
        ("Legs. Heavy. Walking. Stops after 100 m.", True),
        ("Calf. Numb. Tingling. Worse on hills.", True),
        ("Calf pain on walking. It eases when I stop.", False),
        ("Legs. Heavy. Walking. Stops \u2014 after 100 m.", True),
    ],
)
def test_one_word_run_still_joined(text: str, joined: bool) -> None:
    """The normaliser still reads a run of one-word sentences as one list ('Legs, Heavy, Walking.')."""
    norm = rd.get_reader().normalizer
    out, _om = norm._decode(text)
    assert ("Legs, Heavy, Walking" in out or "Calf, Numb, Tingling" in out) is joined


@pytest.mark.parametrize("fast", MODES)
def test_one_word_jotting_still_reads_its_emergency(fast: bool) -> None:
    """A jotting of one-word sentences (our own, standing for the terse saddle-numbness lines of the probes):
    still read as a cauda equina emergency."""
    text = "Back. Saddle. Numb. Cannot pee since this morning."
    check_floor(text, fast, "emergency", "cauda_equina")
    assert "present" in states(text, fast).get("saddle_anesthesia", set())


def _gate() -> tuple[Any, Any]:
    r = rd.get_reader()
    r.read("x")
    inner = r.context._ConText__matcher._MedspacyMatcher__matcher
    return r, next(v for v in rd._MATCHERS.values() if isinstance(v, rd._CueGate) and v.inner is inner)


def test_cue_gate_anchor_places_from_the_fewer_words() -> None:
    """Short texts (fewer words than some anchors have) and a long one: the gate gives medspaCy's matches,
    and both ways of finding an anchor's places were taken."""
    r, gate = _gate()
    outer = r.context._ConText__matcher
    texts = [
        "No pain.",
        "Denies numbness.",
        "Walks 200 m then the calf aches; no back pain, no weakness, not since last year.",
        "Stopped. Rest helps? Never at night, only when walking uphill with my husband, who denies it.",
    ]
    sizes = [len(w) for anchors in gate.reach for _c, w, rx, _b, _a in anchors if rx is None]
    assert sizes and max(sizes) > 3  # some anchor has more words than the shortest texts
    for doc in cue_gate_docs(texts):
        assert gate.matches(doc) == outer(doc), doc.text[:80]


def test_separator_pattern_is_numbers_own() -> None:
    from legdx.text import numbers

    assert numbers._SEPARATORS is normalize._SEPARATORS
    assert re.compile("[\x1c-\x1f]").pattern == normalize._SEPARATORS.pattern
