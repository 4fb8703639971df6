"""Session 22 (f1): extraction F1 on the development parts (development11-31), state errors and reading errors.

Families fixed here (counted over development11-31 with /tmp/s22/f1_work/statec.py, which lists the pairs a
narrative misses while it reads the same finding in another state):

- **morning stiffness told with its length**: 'Morning stiffness 20 min' had read the over-45-minute finding
  present (the fast layer's guess from the words). The finding named with a length of 45 minutes or less now
  reads absent (numbers.yaml: a derive with state: absent); a stiffness told as a verb ('stiff for 10 minutes
  first thing') is not denied (the corpus authors read it as brief stiffness only), but the fast layer's
  present guess over a value its cut-off contradicts is dropped (a derive with state: quiet).
- **cycling without symptoms**: the bare 'exercise bike' had read cycling that brings the pain on where the
  text says the bike is fine ('does 30 min on exercise bike, no sx', 'Cycling: unlimited', 'he can pedal
  his exercise bike normally').
- **walking without symptoms**: 'Walking causes him no pain' had read walking symptoms present; 'Walking: no
  pain', 'Walking, even briskly uphill, is pain free' and 'Walking day to day never brings it on' read none.
- **a past episode of dark urine**: 'my pee went the colour of coke for a day, it's been fine since' and
  '..., but that sorted itself out and hasn't happened since' are historical (two McArdle narratives had
  gone to emergency); a dark urine that is still there stays present and urgent.
- **capillary refill stated normal**: 'cap refill 2 s', 'capillary refill under 2 seconds' read the
  prolonged refill absent (the bare words 'capillary refill' had read it present); 3 seconds or more reads
  it present.

The sentences are our own; each names the corpus narrative it stands for. Both modes."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import BOTH_MODES, check_floor, check_not_emergency, states  # noqa: E402

MS45 = "morning_stiffness_over_45_min"
BRIEF = "brief_stiffness_after_rest"
CYC = "cycling_provokes_same_symptoms"
WALK = "leg_symptoms_with_walking"
Q1 = "ecq_q1_pain_on_walking"
DARK = "dark_urine_after_exercise"
CRT = "capillary_refill_prolonged"


# --- morning stiffness ------------------------------------------------------------------------------------


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        # development11 a33, 17 q24, 23 p020 ('Morning stiffness 20 min')
        "Aching right hip on walking for two years. Morning stiffness 25 min. No back pain.",
        # development24 k019 ('Morning stiffness about 20 min')
        "Sore left knee after long walks. Morning stiffness about 15 minutes, then it eases.",
        # the cut-off itself: 45 minutes is not over 45
        "AM stiffness 45 min in both hands and knees.",
    ],
)
def test_named_morning_stiffness_with_a_short_length_is_absent(text, fast):
    st = states(text, fast)
    assert st.get(MS45) == {"absent"}, st


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        "Morning stiffness lasting 90 minutes in the low back, better with exercise.",
        "Morning stiffness over 2 hours in the shoulders and hips.",
    ],
)
def test_named_morning_stiffness_over_45_is_present(text, fast):
    st = states(text, fast)
    assert st.get(MS45) == {"present"}, st
    assert "present" not in st.get(BRIEF, set()), st


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        # development20 p07, 17 q43 ('stiff first thing for about 10 min'): brief stiffness, nothing about over 45
        "First thing in the morning my knees are stiff for about ten minutes, then they loosen up.",
        "Stiff in the morning for about 10 minutes, then fine.",
    ],
)
def test_stiffness_told_as_a_verb_is_brief_and_not_over_45(text, fast):
    st = states(text, fast)
    assert "present" in st.get(BRIEF, set()), st
    assert MS45 not in st, st


@BOTH_MODES
def test_an_hour_of_stiffness_is_not_brief(fast):
    st = states("Stiff for an hour in the morning, it eases by lunchtime.", fast)
    assert st.get(MS45) == {"present"}, st
    assert "present" not in st.get(BRIEF, set()), st


# --- cycling ----------------------------------------------------------------------------------------------


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        # development13 c01 ('does 30 min on exercise bike, no sx')
        "Legs go heavy standing at the sink. Does 20 min on the exercise bike, no sx.",
        # development19 m45 ('Cycling: unlimited')
        "Walking tolerance: 100 m Cycling: unlimited Back pain: 2/10",
        # development22 e043 ('he can pedal his exercise bike normally')
        "His steps are small and shuffling, yet he can pedal his exercise bike normally.",
        # development28 ag001 ('ride my exercise bike for half an hour without a bother')
        "Oddly I can ride my exercise bike for forty minutes without a bother.",
        # development31 am010 ('she can ride her exercise bike without calf pain')
        "The knee aches on stairs but she can ride her exercise bike without calf pain.",
    ],
)
def test_cycling_without_symptoms_is_absent(text, fast):
    st = states(text, fast)
    assert st.get(CYC) == {"absent"}, st
    assert "present" not in st.get("calf_pain_location", set()), st


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        "The same calf pain comes on with the exercise bike after five minutes.",
        "Cycling brings it on too, and it eases when he stops.",
    ],
)
def test_cycling_that_brings_it_on_stays_present(text, fast):
    assert "present" in states(text, fast).get(CYC, set())


# --- walking ----------------------------------------------------------------------------------------------


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        # development19 m31 ('Walking causes him no pain')
        "Twitching in both calves and cramps at night. Walking causes her no pain.",
        # development21 q223 ('Walking: no pain')
        "Symptom: shin tightness at 10 min of running. Walking: no pain. Rest: no pain.",
        # development31 am007 ('Walking, even briskly uphill, is pain free')
        "Walking, even fast up a hill, is pain free.",
        # development12 b32 ('Walking day to day never brings it on')
        "Walking around town never brings it on, only running does.",
    ],
)
def test_walking_without_symptoms_is_absent(text, fast):
    st = states(text, fast)
    assert st.get(WALK) == {"absent"}, st
    assert "present" not in st.get(Q1, set()), st


@BOTH_MODES
def test_walking_that_causes_pain_stays_present(fast):
    assert "present" in states("Walking causes pain in both calves after 200 yards.", fast).get(WALK, set())


# --- dark urine told as a past episode --------------------------------------------------------------------


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        # development20 p15 ('... my pee went the colour of coke for a day, it's been fine since')
        "Years back after a hard gym session my pee went the colour of coke for a day, it's been fine since.",
        # development30 aj023 ('... but that sorted itself out and hasn't happened since')
        "When I was 17 I did a long hike and my wee went the colour of cola, but that cleared up and hasn't "
        "happened since.",
    ],
)
def test_a_past_dark_urine_is_historical_and_not_an_emergency(text, fast):
    st = states(text, fast)
    assert st.get(DARK) == {"historical"}, st
    check_not_emergency(text + " I get cramps in my calves in the first minutes of a run.", fast)


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        # 'since' starting a clause of cause is no past episode
        "After the match yesterday my pee went the colour of coke, it's fine since I drank water but my thighs "
        "are swollen and agony.",
        # an episode that sorted itself out but with muscles still swollen and painful now
        "After a spin class on Monday my wee went the colour of cola, but that sorted itself out and my thighs "
        "are still swollen and very painful.",
    ],
)
def test_a_dark_urine_still_urgent_keeps_its_floor(text, fast):
    check_floor(text, fast, "emergency", "rhabdomyolysis")


# --- capillary refill -------------------------------------------------------------------------------------


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        # development16 l06 ('DP and PT pulses palpable, cap refill 2 s')
        "Foot pulses palpable, cap refill 2 s, no swelling.",
        # development17 q36 ('capillary refill is 2 seconds')
        "Warm pink feet, capillary refill is 2 seconds, callus under the big toe.",
        # development27 ad045 ('capillary refill under 2 seconds')
        "Both feet warm, capillary refill under 2 seconds.",
    ],
)
def test_a_normal_capillary_refill_is_absent(text, fast):
    assert states(text, fast).get(CRT) == {"absent"}


@BOTH_MODES
def test_a_slow_refill_beside_a_normal_one_is_read_and_keeps_the_floor(fast):
    text = "My left leg went cold, white and numb two hours ago. Cap refill 2 s on the right, 6 s on the left."
    assert "present" in states(text, fast).get(CRT, set())
    check_floor(text, fast, "emergency", "acute_limb_ischemia")
