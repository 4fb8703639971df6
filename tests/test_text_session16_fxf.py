"""Session 16 (fxf): mixed-language and interpreted messages (tests/fixtures/probes/session16_qv.txt).

Two kinds of miss: the English part alone states the emergency in non-native or informal English
("came on sudden", "puls", "legs gone floppy ... it's climbing", "the leg of me"); and the key word is in
another language, read through the small lexicon ``lexicon.yaml: other_languages`` (and a few wordings in
``rewrites``), and an age with another language's word for years (``numbers.yaml``). Invented sentences
of our own, read in both modes, plus the probe lines where useful; look-alikes must stay non-urgent."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

pytest.importorskip("medspacy")

from text_readings import BOTH_MODES, assess, at_least, is_emergency, read  # noqa: E402

DATA = Path(__file__).resolve().parents[1] / "src" / "legdx" / "text" / "data"
PROBES = Path(__file__).resolve().parent / "fixtures" / "probes" / "session16_qv.txt"

# (probe line, red flag, floor, invented text)
FLOORS = [
    # qv:4: an onset adverb without its ending ("came on sudden") and "puls" (the word in Polish/Romanian)
    (
        "qv:4",
        "acute_limb_ischemia",
        "emergency",
        "The pain in my right calf came on sudden this morning and I can't find a puls on that foot.",
    ),
    # qv:30: legs gone floppy (no auxiliary) and "it's climbing", with the bulbar signs
    (
        "qv:30",
        None,
        "emergency",
        "Her legs gone floppy since the weekend and it's climbing, today she chokes on water.",
    ),
    (
        "qv:30",
        None,
        "emergency_ambulance",
        "Legs gone floppy since Sunday and it's climbing, now he can't swallow and can't lift his head "
        "off the bed.",
    ),
    # qv:21 (rules alone): "the leg of me" (another language's possessive order)
    (
        "qv:21",
        "deep_vein_thrombosis",
        "emergency",
        "The leg of me is since two days swelling and hot, the calf when I press is pain, only the left one.",
    ),
    # qv:13, qv:14: an age with another language's word for years, with a GCA sign in English
    (
        "qv:13",
        "giant_cell_arteritis",
        "emergency",
        "Meu pai tem 77 anos. When he chews his jaw gets tired and he has to stop.",
    ),
    (
        "qv:14",
        "giant_cell_arteritis",
        "emergency",
        "Nani, 81 saal, her scalp is sore when she brushes her hair.",
    ),
    # qv:36: Urdu/Hindi pain, cold and "pulse nahi mil rahi" with a sudden onset
    (
        "qv:36",
        "acute_limb_ischemia",
        "emergency",
        "Suddenly bahut dard in the left calf an hour ago, foot thanda and pulse nahi mil rahi.",
    ),
    # qv:3: Urdu/Hindi cold and white (pale) leg, suddenly, numb
    (
        "qv:3",
        "acute_limb_ischemia",
        "emergency",
        "Since 1 hour his taang is thandi and safed, came on suddenly, and the toes are numb.",
    ),
    # qv:26: Urdu/Hindi pain, swelling and dark urine after a statin and clarithromycin
    (
        "qv:26",
        "rhabdomyolysis",
        "emergency",
        "On a statin, now both thighs dard and sujan, and the peshab ka rang is dark brown like cola.",
    ),
    # qv:6: Portuguese dark pee after hard exercise
    (
        "qv:6",
        "rhabdomyolysis",
        "emergency",
        "Did a spin class marathon on Saturday, thighs swollen and sore, and o xixi escuro like black tea.",
    ),
    # qv:15: Tagalog back pain, fever and weak legs in someone who injects drugs
    (
        "qv:15",
        "spinal_infection",
        "emergency",
        "Uses heroin by injection. Masakit ang likod for days, may lagnat, nanghihina ang legs.",
    ),
    # qv:32: Tagalog swollen one leg, hard to breathe, fainted
    (
        "qv:32",
        "deep_vein_thrombosis",
        "emergency",
        "Namamaga ang kaliwang binti after the hip operation. Now hirap huminga and she nahimatay.",
    ),
    # qv:29: Portuguese weakness of both legs climbing, reaching the thighs
    (
        "qv:29",
        None,
        "emergency",
        "Fraqueza nas duas pernas since Monday, subindo, now up to the thighs, and it keeps going up "
        "each day.",
    ),
]


@BOTH_MODES
@pytest.mark.parametrize(
    ("probe", "flag", "floor", "text"), FLOORS, ids=[f[0] + "_" + str(i) for i, f in enumerate(FLOORS)]
)
def test_floor(probe: str, flag: str | None, floor: str, text: str, fast: bool) -> None:
    level, flags, _ = assess(text, fast)
    assert at_least(level, floor), (probe, text, fast, level, sorted(flags))
    if flag is not None:
        assert flag in flags, (probe, text, fast, level, sorted(flags))


# look-alikes: the same words denied, normal, chronic or exertional and settling
NOT_EMERGENCY = [
    # qv:40-type: Portuguese sore calves after a hike, pee normal
    "Fiz uma trilha longa, as panturrilhas doem going downstairs, xixi normal, already better.",
    # qv:45-type: Spanish, no back pain, urine normal
    "No dolor de espalda, orina normal, just a cramp in the pantorrilla after football.",
    # qv:41-type: Tagalog numb soles for years, slowly
    "Manhid ang paa for 3 years, diabetic, slowly creeping up like socks, walking ok.",
    # a cold foot every winter, not sudden, pulses fine
    "Foot thanda every winter for years, colour normal, pulse fine, no pain.",
    # "the leg of me" with nothing new: aches after a long walk for years
    "The knee of me is aching after long walks for 5 years, no swelling, no heat.",
    # the onset adverb, but a walking calf pain that settles with rest for months
    "For 6 months the calf pain comes on after 300 metres and goes with rest, foot warm and pink.",
    # a relative's legs "gone floppy" long ago, and a cost "climbing"
    "Legs tired after long shifts, prices are climbing, it's a worry, no weakness.",
]


@BOTH_MODES
@pytest.mark.parametrize("text", NOT_EMERGENCY)
def test_look_alike_not_emergency(text: str, fast: bool) -> None:
    level, flags, _ = assess(text, fast)
    assert not is_emergency(level), (text, fast, level, sorted(flags))


def test_age_with_another_languages_years_not_a_duration() -> None:
    """numbers.yaml (session16_qv:13, qv:14): an age with 'anos', 'saal', 'ani', 'lata', but not a time ago
    or a duration."""
    for text, age in [
        ("Tenho 68 anos. Headache.", 68),
        ("Ammi, 72 saal, headache.", 72),
        ("Mama are 79 de ani.", 79),
        ("Tato ma 70 lata.", 70),
        ("Mi padre tiene 66 años.", 66),
        ("Fumador hace 30 años, headache.", None),
        ("Back pain, 20 años de fumador.", None),
        ("Pain for 25 saal se.", None),
    ]:
        case = read(text, False).case
        got = case.get("age") if isinstance(case, dict) else getattr(case, "age", None)
        assert (got is None and age is None) or got == age, (text, got)


def test_other_language_words_are_not_english_words() -> None:
    """lexicon.yaml: other_languages: Latin letters only, no English word of the reader's lists, one meaning
    each."""
    lex = yaml.safe_load((DATA / "lexicon.yaml").read_text())
    reader_cfg = yaml.safe_load((DATA / "reader.yaml").read_text())
    english = {w.lower() for w in reader_cfg["english_words"]}
    seen: dict[str, str] = {}
    for lang, words in lex["other_languages"].items():
        assert words, lang
        for w, en in words.items():
            assert re.fullmatch(r"[a-z][a-z0-9]*", w), (lang, w)
            assert w not in english, (lang, w)
            assert w not in {"pe", "sun", "pair", "rang", "spate", "coxa", "sin", "hindi", "likod", "aur"}, (
                lang,
                w,
            )
            assert seen.setdefault(w, en) == en, (lang, w, en, seen[w])


@BOTH_MODES
def test_foreign_word_span_points_at_the_original(fast: bool) -> None:
    """The finding read from a foreign word keeps the original text's offsets."""
    text = "Since 2 hours the foot thanda and safed, came on suddenly, and he cannot feel his toes."
    res = read(text, fast)
    spans = [text[f.span[0] : f.span[1]] for f in res.findings if f.id in ("cold_limb", "pale_limb")]
    assert spans, [(f.id, f.state) for f in res.findings]
    assert all("thanda" in s or "safed" in s for s in spans), spans


def test_probe_file_lines_in_the_theme() -> None:
    """The probe lines this helper fixed stay at their floor (rules alone; the default reader is checked by
    tests/test_text_probes.py once the file joins its glob)."""
    lines = PROBES.read_text().splitlines()
    for n in (4, 6, 13, 14, 15, 21, 26, 29, 30, 32, 36):
        exp, _, text = lines[n - 1].partition("|")
        for fast in (True, False):
            level, flags, _ = assess(text, fast)
            assert at_least(level, exp), (n, fast, level, sorted(flags))
