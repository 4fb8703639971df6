"""Session 17 (f1j): leg symptoms with walking (and ECQ question 1 through it), wordings the development parts
11-30 missed or over-read, in invented sentences of our own; each read in both modes. The cases they came from
are named per line (part, narrative); no probe line and no corpus text is copied."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import BOTH_MODES, assess, states  # noqa: E402

LSW = "leg_symptoms_with_walking"

FINDS = [
    # development12 b01: a site word, then 'whenever' and a walk, past the reach of the pain-then-walk gap
    "The ache spreads down into both calves whenever he walks or stands for a long time.",
    # development28 ag012, development30 aj013/aj033: a symptom verb straight before 'walking'
    "My shins ache walking to the bus stop.",
    "Her left calf seizes up walking up to the church.",
    "He tires quickly walking round the garden centre.",
    # development29 af030, development30 aj040: a leg that goes dead or numb when walked on
    "His left leg goes numb when he walks to the post office.",
    # development25 aa015: a provoking verb, a few words, then 'when I'm walking'
    "It starts up again when I'm walking, a tight band round the calf.",
    # development22 e012, development27 ad013, development25 aa023: a giving-way with a walk
    "His legs give out when he walks to the garage.",
    "Her legs give way after a short distance.",
    # development11 a49: a distance without a number
    "Both legs feel heavy after half a mile.",
    "Her thighs ache after a couple of hundred yards.",
]


@BOTH_MODES
@pytest.mark.parametrize("text", FINDS)
def test_session17_f1j_reads_walking(text, fast):
    assert "present" in states(text, fast).get(LSW, set()), text


NOT_LSW = [
    # look-alikes: the site is fine on walking; a decline told as 'gone downhill' (development27 ad023,
    # development29 af017/af020); the jaw that has to stop chewing (development12 b24, 16 l07, 23 p033,
    # 25 aa027, 28 ag027, 29 af019); a relative's giving-way; muscle aches of days with no walk in the
    # sentence (development16 l19, 22 e031: the fast layer's guess needs a walk)
    "His calves feel fine when he walks to the shops.",
    "Since the chemotherapy things have gone downhill and her appetite is poor.",
    "My jaw aches when I eat a sandwich so I have to stop chewing.",
    "Her mother's legs give out when she walks.",
    "Three days of aching, weak thighs since the statin dose went up.",
    "Cramps in both calves at night, nothing in the day.",
    # heldout h018: a knee's own pain on walking
    "My knees hurt walking, worse on the stairs.",
    # development3 y10: the fatigable weakness of myasthenia is left alone
    "Known myasthenia; her legs tire after a few steps and recover with rest.",
]


@BOTH_MODES
@pytest.mark.parametrize("text", NOT_LSW)
def test_session17_f1j_look_alike_no_walking(text, fast):
    st = states(text, fast)
    assert "present" not in st.get(LSW, set()), text
    assert "present" not in st.get("ecq_q1_pain_on_walking", set()), text
    assert "present" not in st.get("worse_walking_downhill", set()), text


@BOTH_MODES
def test_session17_f1j_jaw_stop_is_jaw_claudication(fast):
    """development12 b24 (and five more): the stop named after the jaw pain is jaw claudication, not the
    legs."""
    text = "Her jaw aches after a few mouthfuls of bread and she has to stop and rest it."
    level, flags, st = assess(text, fast)
    assert "present" in st.get("jaw_claudication", set())
    assert "present" not in st.get(LSW, set())


@BOTH_MODES
def test_session17_f1j_giving_way_is_no_ecq_pain(fast):
    """ECQ question 1 is pain or discomfort on walking: a giving-way on walking is leg symptoms with walking
    only."""
    st = states("His legs give out when he walks to the garage.", fast)
    assert "present" in st.get(LSW, set())
    assert "present" not in st.get("ecq_q1_pain_on_walking", set())


CALF = [
    # development30 aj005: thighs and calves named together before the pain word
    "Both thighs and calves ache when she climbs the stairs.",
    # development17 q11, development30 aj013: a calf that seizes up
    "His right calf seizes up at the same lamp post every morning.",
]


@BOTH_MODES
@pytest.mark.parametrize("text", CALF)
def test_session17_f1j_calf_site(text, fast):
    assert "present" in states(text, fast).get("calf_pain_location", set()), text


@BOTH_MODES
def test_session17_f1j_night_cramp_is_no_calf_site(fast):
    """look-alike: thighs and calves that cramp at night are no exertional calf site (development25 aa038)."""
    st = states("Her thighs and calves cramp at night in bed.", fast)
    assert "present" not in st.get("calf_pain_location", set())
