"""Session 14 (fx14l): patients' and relatives' own words (extraction on the lay-style narratives of
development10-27; no probe line of its own). Weakness denied in lay words before a comma, legs said to be
normal, pain 'on both sides' told after the pain, and the knowledge base's one-finding aliases (ECQ question 1
and leg symptoms with walking) of the fast semantic layer's guesses. Each wording is read in both modes, with
a look-alike that must not be read. Invented sentences, not the corpus text."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, states  # noqa: E402

# (text, finding, state that must be read) in both modes
READS = [
    # development10-27 (e.g. development13 c17, development22 e013): 'no weakness noticed, ...'
    ("My back went on Saturday. No weakness, no fever, I can get about.", "new_leg_weakness", "absent"),
    (
        "Sciatica down the right leg for a week, no weakness noticed, passing urine fine.",
        "new_leg_weakness",
        "absent",
    ),
    ("Back pain after gardening; denies any weakness or pins and needles.", "new_leg_weakness", "absent"),
    # development10 r04, development23 p046: 'Legs not weak, walked to the kitchen'
    ("My back is killing me. Legs not weak, I made it to the car fine.", "new_leg_weakness", "absent"),
    # development16 l01, development12 b42: 'legs still work', 'My legs feel normal'
    (
        "Awful pain between my shoulders. My legs feel normal and I still walk the dog.",
        "new_leg_weakness",
        "absent",
    ),
    ("Back spasm since lunchtime, his legs still work, he got up the stairs.", "new_leg_weakness", "absent"),
    # the 'no' of a denied weakness still denies the list after it
    ("Back pain. No weakness, numbness round the bottom or leaking.", "saddle_anesthesia", "absent"),
    # development15 g38, development19 m22: the sides told after the pain
    (
        "When I walk to the shop my calves and thighs ache and go heavy, both sides.",
        "bilateral_buttock_or_leg_pain",
        "present",
    ),
    ("Her thighs throb constantly on both sides.", "bilateral_buttock_or_leg_pain", "present"),
    (
        "I get sore, crampy calves on both sides after the second lamp post.",
        "bilateral_buttock_or_leg_pain",
        "present",
    ),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text,finding,state", READS)
def test_fxl_reads(text, finding, state, fast):
    assert state in states(text, fast).get(finding, set()), (text, states(text, fast))


# (text, finding that must NOT be read in this state)
NOT_READ = [
    # another body part or a time of day
    ("Back pain. No weakness in the arms, but my left leg drags.", "new_leg_weakness", "absent"),
    ("My legs are fine first thing, but by teatime they give way.", "new_leg_weakness", "absent"),
    ("No weakness later in the day, but I tire after a long walk.", "new_leg_weakness", "absent"),
    # the other leg
    ("The right calf hurts when I walk, the left leg is fine.", "new_leg_weakness", "absent"),
    # legs fine only at rest
    ("My legs are fine when I sit but ache after ten minutes of walking.", "new_leg_weakness", "absent"),
    # a swelling on both sides, a hip examined on both sides, a denied pain on both sides
    (
        "There is some swelling of the calves on both sides by the evening.",
        "bilateral_buttock_or_leg_pain",
        "present",
    ),
    ("O/E hip rotation painful both sides, knees fine.", "bilateral_buttock_or_leg_pain", "present"),
    ("No pain in the calves on both sides when walking.", "bilateral_buttock_or_leg_pain", "present"),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text,finding,state", NOT_READ)
def test_fxl_not_read(text, finding, state, fast):
    assert state not in states(text, fast).get(finding, set()), (text, states(text, fast))


ALIASES = [
    "I walk the dog for an hour every morning, no pain walking at all.",
    "Walks two miles a day and her legs do not hurt walking.",
    "My calves cramp after about 200 yards and I have to stop.",
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", ALIASES)
def test_fxl_ecq_q1_follows_walking(text, fast):
    """ECQ question 1 is the knowledge base's alias of leg symptoms with walking: every state read for the one
    is read for the other, also when the fast semantic layer guessed it (session 14, fx14l)."""
    s = states(text, fast)
    assert s.get("leg_symptoms_with_walking", set()) <= s.get("ecq_q1_pain_on_walking", set()), (text, s)
