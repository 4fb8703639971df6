"""Session 13 (fx13g): the Englishes of the world and of the regions (probe file session13_pk).

Scots and Jamaican spellings and negatives, Irish and British lay words for the bladder and
the saddle, South Asian and West African English idioms; each floor read in both modes, with
look-alikes that must not fire."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, check_floor, is_emergency  # noqa: E402

FLOORS = [
    # session13_pk:2: the saddle named by where one sits; 'like it is not my own' negates nothing after it
    ("cauda_equina", "emergency", "Since yesterday he cannot feel the part where he sits on the chair."),
    (
        "cauda_equina",
        "emergency",
        "It feels like it is not my own, and I passed urine on the chair without knowing.",
    ),
    # session13_pk:3: Scots spellings ('doon', 'baith', 'noo') and 'make water'
    ("cauda_equina", "emergency", "Sciatica doon baith legs since Friday, it's murder."),
    ("cauda_equina", "emergency", "He has not been able to make water since this morning."),
    ("cauda_equina", "emergency", "Since the weekend her bits feel numb when she wipes."),
    # session13_pk:4: 'no feeling down below'
    ("cauda_equina", "emergency", "My back went on Monday and now there's no feeling down below at all."),
    (
        "cauda_equina",
        "emergency",
        "Ah sure I thought it was only the oul sciatica. But since Tuesday I've no feeling down below "
        "when I wipe myself, the waterworks aren't right at all and I've to strain something terrible, "
        "and both legs are gone weak on me walking to the shop.",
    ),
    # session13_pk:6: South Asian English 'nature not working' (new, since the back pain), urine
    # without control
    ("cauda_equina", "emergency", "His nature is not working since the fall from the scooter."),
    ("cauda_equina", "emergency", "From yesterday the urine comes out without control."),
    # session13_pk:9: Jamaican 'cyaan feel nutten' from the navel down, with a cancer history
    (
        "spinal_cord_compression",
        "emergency",
        "Him have cancer inna him prostate. Now him cyaan feel nutten from him belly button down.",
    ),
    # session13_pk:29: a bare verb for the face and the speech (Jamaican English)
    ("stroke", "emergency_ambulance", "Her mouth drop down one side this morning."),
    ("stroke", "emergency_ambulance", "Since lunch him talk slur and him cyaan lift him right arm."),
    # session13_pk:35: a Scots mother's age ('mither') and 'heid'; GCA needs the age
    (
        "giant_cell_arteritis",
        "emergency",
        "Ma mither's 81. She's a new sore heid at the temple and her jaw aches when she chews.",
    ),
    # session13_pk:36: West African English 'waist' for the lower back, with fever
    ("spinal_infection", "emergency", "Pain in my waist for two weeks now with fever, temperature 38.6."),
    # the probe lines themselves
    (
        "cauda_equina",
        "emergency",
        "Ma back's been giving me gyp for a fortnight, sciatica doon baith legs noo. The wife says "
        "I've no been "
        "able to make water properly since last night, just dribbles, and ma bits feel numb.",
    ),
    (
        "stroke",
        "emergency_ambulance",
        "Mi husband, just now, like twenty minutes, him left leg give out an him drop. Him face twist up one "
        "side an him talk slur like him drink rum, but him nuh drink.",
    ),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("flag,floor,text", FLOORS)
def test_englishes_floor(flag, floor, text, fast):
    check_floor(text, fast, floor, flag)


LOOK_ALIKES = [
    # session13_pk:6: a long-standing 'nature' trouble is not new
    ("My nature is not working for years now, since the diabetes.", "sexual_dysfunction_new"),
    # session13_pk:4: the waterworks said to be fine; no feeling of numbness denied
    ("No problem passing water, the waterworks are fine.", "new_urinary_retention_or_incontinence"),
    ("I have no feeling of numbness down below.", "saddle_anesthesia"),
    # session13_pk:4: vague 'waterworks' words of a long-standing prostate are not read as a new
    # bladder problem
    (
        "His waterworks have been playing up for years with the prostate, no change lately.",
        "sphincter_dysfunction",
    ),
    # session13_pk:29: slurring over months (motor neurone disease) is no stroke sign
    ("Over the months his speech gradually slurred.", "speech_disturbance"),
    # session13_pk:3: 'bits' of a foot are not the saddle
    ("Bits of my foot feel numb after the long walk.", "saddle_anesthesia"),
    # session13_pk:36: a waist measurement is no back pain; HIV denied is no immunosuppression
    ("My waist size is 34 and I walk every day.", "back_pain"),
    ("I am not on HIV drugs and my calves ache walking.", "immunosuppression"),
    # session13_pk:2: 'not my own fault' is no pseudo-negation of what follows in another clause's denial
    ("Not my own fault, but I did not wet myself.", "new_urinary_retention_or_incontinence"),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text,finding", LOOK_ALIKES)
def test_englishes_look_alike(text, finding, fast):
    level, _, states = assess(text, fast)
    assert "present" not in states.get(finding, set()), states
    assert not is_emergency(level), level


def test_scots_relative_age():
    """session13_pk:35: 'Ma mither's 74' gives the age (Scots 'mither'); a time is no age."""
    from legdx.text.reader import Reader

    r = Reader(fast_semantic=False)
    assert r.read("Ma mither's 74 and she has a new headache.").case.age == 74
    assert r.read("Me mam, 81, has sore hips.").case.age == 81
    assert r.read("Mam 12 minutes walk from here.").case.age is None
