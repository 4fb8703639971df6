"""Session 16 (fxe): misses of the session-16 probes session16_qt (numbers and units of other systems, courses
told by weekdays) and session16_qu (emergencies blamed on pregnancy, the prostate, a spinal block). Each floor
is an invented sentence of our own (plus the probe line), read in both modes; each fix has a look-alike that
must not fire."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import BOTH_MODES, assess, check_floor, is_emergency, probe_line, read  # noqa: E402

FLOORS = [
    # session16_qt:9: a Guillain-Barre course told by weekdays ('by Mon couldn't climb stairs')
    (
        "guillain_barre",
        "emergency",
        "Bad diarrhoea two weeks ago. Pins and needles in both feet on Thursday, by Saturday she could not "
        "get up from a chair.",
    ),
    # session16_qt:15: a pain that got worse over a time and not better, with a tense shin after exertion
    (
        "acute_compartment_syndrome",
        "emergency_ambulance",
        "After the football match his calf is swollen and tight and the pain has got worse since this "
        "morning, not easing.",
    ),
    # session16_qt:34: a temperature told with the idiom 'to run' ('I run 38.4 at night')
    ("spinal_infection", "emergency", "Back pain for 5 days and I have been running 38.9 in the evenings."),
    ("spinal_infection", "emergency", "Low back pain a week, she ran 101.5 F last night."),
    # session16_qu:4: a leg gone massive from the thigh down after a birth, with PE features
    (
        "deep_vein_thrombosis",
        "emergency_ambulance",
        "Since the caesarean his wife's right leg has got huge from the groin down, and she coughed up "
        "some blood tonight.",
    ),
    (None, "emergency", "Two weeks after the birth her right calf has gone enormous and it aches."),
    # session16_qu:28: hours given as the answer to 'Since when?' with a cold, white, numb leg
    (
        "acute_limb_ischemia",
        "emergency_ambulance",
        "Nurse: What's wrong?\nPt: my right foot is pale and cold and numb.\nNurse: Since when?\nPt: Roughly "
        "3 hours.",
    ),
    # session16_qu:36: both legs barely liftable within the last hour, on an anticoagulant with back pain
    (
        None,
        "emergency_ambulance",
        "On rivaroxaban for AF. Sudden bad back pain after lifting, and in the past couple of hours she "
        "can hardly raise her legs.",
    ),
]


@BOTH_MODES
@pytest.mark.parametrize("flag,floor,text", FLOORS)
def test_session16_fxe_floor(flag, floor, text, fast):
    """A floor for each fixed wording (both modes)."""
    check_floor(text, fast, floor, flag)


PROBE_LINES = [
    ("session16_qt.txt", 9),
    ("session16_qt.txt", 15),
    ("session16_qt.txt", 34),
    ("session16_qu.txt", 4),
    ("session16_qu.txt", 28),
    ("session16_qu.txt", 36),
]


@BOTH_MODES
@pytest.mark.parametrize("name,line", PROBE_LINES)
def test_session16_fxe_probe_line(name, line, fast):
    """The probe lines themselves (session16_qt:9, qt:15, qt:34, qu:4, qu:28, qu:36) reach their level."""
    level, text = probe_line(name, line)
    check_floor(text, fast, level)


@BOTH_MODES
def test_session16_fxe_piles_not_rhabdo(fast):
    """session16_qu:49: bright blood on the toilet paper from piles is rectal bleeding, not red urine (the
    probe line and an invented one); red urine after a marathon still is."""
    for text in (
        probe_line("session16_qu.txt", 49)[1],
        "Noticed bright red blood when I wiped after the toilet this morning, I think the piles are back. "
        "Knees ache on stairs.",
    ):
        level, flags, states = assess(text, fast)
        assert "present" not in states.get("dark_urine_after_exercise", set()), states
        assert not is_emergency(level), (level, sorted(flags))
    check_floor(
        "After the marathon yesterday my thighs are agony and my wee in the toilet is red like blood.",
        fast,
        "emergency",
        "rhabdomyolysis",
    )


LOOK_ALIKES = [
    # session16_qt:34: a distance after the value is a run, not a temperature
    ("Low back ache, I run 38.4 km a week training for a marathon.", "fever_with_back_pain"),
    ("Low back ache since I ran 10.5 miles on Sunday.", "fever_with_back_pain"),
    # session16_qt:9: a day named as a plan is no course
    (
        "Stomach bug last week. Both thighs ache after the gym. Will see the GP by Monday if not better.",
        "bilateral_leg_weakness_progressive",
    ),
    # session16_qt:15: a pain denied to have got worse
    ("Low back pain, the pain has not got worse, no better with rest either.", "pain_not_settling_with_rest"),
    # session16_qu:4: both legs swollen in late pregnancy, and a bruise
    ("Pregnant 36 weeks, both legs have gone huge by the evening.", "unilateral_calf_swelling"),
    ("I have a massive bruise on my left leg from the football.", "unilateral_calf_swelling"),
    # session16_qu:28: years as the answer to 'Since when?'
    (
        "Q: What is the problem?\nA: My feet are always cold and white in winter.\nQ: Since when?\nA: About "
        "two years.",
        "sudden_onset_leg_pain",
    ),
    # session16_qu:36: legs that lift fine
    (
        "Sciatica down the right leg for 3 months, on apixaban for AF, can lift his legs fine.",
        "bilateral_leg_weakness",
    ),
]


@BOTH_MODES
@pytest.mark.parametrize("text,finding", LOOK_ALIKES)
def test_session16_fxe_look_alike(text, finding, fast):
    """A look-alike of each fix: not the finding, and not an emergency."""
    level, flags, states = assess(text, fast)
    assert "present" not in states.get(finding, set()), states
    assert not is_emergency(level), (level, sorted(flags))


@pytest.mark.parametrize(
    "text,value",
    [
        ("I run 38.4 at night.", 38.4),
        ("He's been running 101 F since yesterday.", 38.3),
        ("She was running 39 degrees.", 39.0),
        ("She had 101.4 F last night and back pain.", 38.6),
        ("I run 38.4 km a week.", None),
        ("He ran 100 metres.", None),
        ("I ran 38 minutes today.", None),
    ],
)
def test_session16_fxe_run_temperature(text, value):
    """session16_qt:34: a temperature told with 'run' (Celsius with a decimal or a degree unit, or
    Fahrenheit), and a Fahrenheit value with a space before the F; not a distance or a time."""
    got = read(text, False).case.measurements.get("temperature")
    if value is None:
        assert got is None, got
    else:
        assert got is not None and abs(float(got) - value) < 0.1, got


@pytest.mark.parametrize(
    "text,age,sex",
    [
        ("He's been running 101 F since yesterday, back pain.", None, "male"),
        ("Fever of 102 F yesterday, his back hurts.", None, "male"),
        ("98F, fell at home, hip pain.", 98, "female"),
        ("Pt 72 F with calf pain.", 72, "female"),
        ("38 F with calf pain.", 38, "female"),
    ],
)
def test_session16_fxe_fahrenheit_not_age(text, age, sex):
    """session16_qt (numbers of other systems): 95-107 with F inside a text is a temperature in Fahrenheit,
    not the age and sex of a 101-year-old woman; at the text's start, and other values, stay an age and
    sex."""
    case = read(text, False).case
    assert case.age == age, case.age
    assert case.sex == sex, case.sex
