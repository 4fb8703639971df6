"""Session 22 (f1): extraction F1 on the development parts (development11-31), state and reading errors.

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

- **calf measured less than 3 cm larger**: 'L calf is 2 cm larger than the R' had read calf swelling present
  (the finding, the Wells item, is at least 3 cm); it now reads absent, 3 cm or more present, and a DVT with
  its other signs keeps its floor.
- **non-pitting and both-sided oedema**: 'non-pitting' had read pitting oedema of one leg from the bare
  'pitting'; 'pitting oedema both ankles' is no one-legged oedema.
- **radiating pain denied**: 'no pain below the knee', 'No shooting pains', 'not radicular' read radicular
  pain absent.
- **a question whether a part of the leg aches, answered no**: 'Dr: Do your calves or thighs ache when you
  walk and ease when you stop? Pt: No, nothing like that.' had read walking-brought pain present (the
  question did not count as one that asks whether a symptom is there; reader.yaml question_openers).
- **the fever of fever_with_back_pain at its measured value**: a present combined finding is also stated
  where a value meeting its rule's own condition stands ('partner took his temperature tonight: 38.9',
  'measured 38.7'; the corpus authors mark the value; the reading had stood only at 'shivery' or at the back
  pain), and a temperature with its time between ('temperature tonight: 38.9') is read.
- **a named inherited disease without a relative**: 'Imp: probable myotonia congenita' had read a possible
  family history (which kept the fast layer from 'His dad is the same'); a relative said to be the same reads
  the family history.

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
SWELL = "unilateral_calf_swelling"
PIT = "pitting_edema_one_leg"
RAD = "radicular_pain"
FH = "family_history_similar_symptoms"


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
        # development20 p07, 17 q43 ('stiff first thing for about 10 min'): brief, nothing about over 45
        "First thing in the morning my knees are stiff for about ten minutes, then they loosen up.",
        # the fast layer had guessed the over-45 stiffness here (a derive with state: quiet drops it)
        "Stiff in the morning for about 10 minutes.",
    ],
)
def test_stiffness_told_as_a_verb_is_brief_and_not_over_45(text, fast):
    st = states(text, fast)
    assert "present" in st.get(BRIEF, set()), st
    assert MS45 not in st, st


@BOTH_MODES
def test_an_hour_of_stiffness_is_not_brief(fast):
    # the fast layer had guessed a brief stiffness here
    st = states("Stiff for an hour in the morning.", fast)
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
        "After the match yesterday my pee went the colour of coke, it's fine since I drank water but my "
        "thighs are swollen and agony.",
        # an episode that sorted itself out but with muscles still swollen and painful now
        "After a spin class on Monday my wee went the colour of cola, but that sorted itself out and my "
        "thighs are still swollen and very painful.",
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
    text = "My left leg went cold, white and numb two hours ago. Cap refill 2 s on the right, 6 s on the left"
    assert "present" in states(text, fast).get(CRT, set())
    check_floor(text, fast, "emergency", "acute_limb_ischemia")


# --- calf swelling measured -------------------------------------------------------------------------------


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        # development13 c15 ('the L calf is 2 cm larger than the R')
        "Heavy aching leg after long shifts. On examination the R calf is 2 cm larger than the L, varicose "
        "veins.",
        # development16 l17, 26 ab031 ('left calf 1.5 cm larger than the right')
        "O/E: brown staining at the ankle, right calf 1.5 cm larger than the left, no tenderness.",
        # development31 am005 ('the left leg is 2 cm larger at the calf')
        "On examination the right leg is 1 cm larger at the calf than the left.",
        # development23 p023 ('calf circumferences within 1 cm')
        "No calf tenderness; calf circumferences within 1 cm.",
    ],
)
def test_a_calf_less_than_3_cm_larger_is_no_calf_swelling(text, fast):
    assert states(text, fast).get(SWELL) == {"absent"}


@BOTH_MODES
def test_a_calf_3_cm_or_more_larger_is_swollen_and_a_dvt_keeps_its_floor(fast):
    text = (
        "Since a long flight two days ago my left calf is swollen, hot and tender; it measures 4 cm "
        "larger than the right."
    )
    assert "present" in states(text, fast).get(SWELL, set())
    check_floor(text, fast, "emergency", "deep_vein_thrombosis")


@BOTH_MODES
def test_a_dvt_with_a_small_difference_keeps_its_floor(fast):
    text = (
        "Since my knee operation last week the left calf is painful and tender along the deep veins, with "
        "pitting oedema to the shin; it is 2 cm larger than the right."
    )
    check_floor(text, fast, "emergency", "deep_vein_thrombosis")


# --- pitting oedema ---------------------------------------------------------------------------------------


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        # development13 c15 ('... larger than the R and non-pitting')
        "The swelling of the left calf is non-pitting, with brown staining at the ankle.",
        # development17 q30 ('firm non-pitting oedema')
        "O/E: firm non-pitting oedema of the left leg, lipodermatosclerosis.",
        # development13 c50 ('mild pitting oedema both ankles')
        "Pedal pulses palpable, mild pitting oedema both ankles.",
        "Bilateral pitting oedema to mid shin.",
    ],
)
def test_non_pitting_or_both_sided_oedema_is_no_one_legged_pitting(text, fast):
    assert states(text, fast).get(PIT) == {"absent"}


@BOTH_MODES
def test_pitting_oedema_of_one_leg_stays_present(fast):
    st = states("Pitting oedema of the left ankle to mid-shin, none on the right.", fast)
    assert "present" in st.get(PIT, set()), st


# --- radicular pain denied --------------------------------------------------------------------------------


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        # development13 c26, 31 am042 ('no pain below the knee')
        "Groin ache into the front of the thigh; no back pain, no pain below the knee.",
        # development24 k019 ('no shooting pain below the knee')
        "No back pain, no shooting pain below the knee, no pins and needles.",
        # development20 p12 ('No shooting pains')
        "No shooting pains and my back has never bothered me.",
        # development13 c10 ('L hip osteoarthritis, not radicular')
        "Impression: right hip osteoarthritis, not radicular.",
    ],
)
def test_radiating_pain_denied_is_absent(text, fast):
    assert states(text, fast).get(RAD) == {"absent"}


@BOTH_MODES
def test_shooting_pain_down_the_leg_stays_present(fast):
    st = states("Shooting pain down the back of the leg to the foot since Monday.", fast)
    assert "present" in st.get(RAD, set()), st


# --- family history ---------------------------------------------------------------------------------------


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        # development14 e08 ('Imp: probable myotonia congenita (Thomsen)')
        "Stiff hands on starting to grip, easing with use. Imp: probable myotonia congenita.",
        # development31 am031 ('I suspect motor neurone disease')
        "Wasting and twitching of the thigh. I suspect motor neurone disease.",
    ],
)
def test_a_named_inherited_disease_alone_is_no_family_history(text, fast):
    assert FH not in states(text, fast)


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        # development30 aj030 ('His dad is the same')
        "Slow to let go of a grip since primary school. His dad is the same.",
        # development12 b13 ('My older brother is exactly the same')
        "I get a second wind after ten minutes. My older brother is exactly the same.",
        "Her father had muscular dystrophy.",
    ],
)
def test_a_relative_with_the_same_is_a_family_history(text, fast):
    assert states(text, fast).get(FH, set()) & {"present", "family"}


# --- a question whether a part of the leg aches -----------------------------------------------------------


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        # development12 b05 ('Dr: Do your calves or thighs ache when you walk and ease when you stop?
        # Pt: No, nothing like that.')
        "Dr: Do your calves or thighs hurt when you walk and settle when you rest? Pt: No, nothing like "
        "that.",
        "Nurse: Do your calves ache when you walk? Patient: No.",
    ],
)
def test_a_leg_ache_asked_and_answered_no_is_absent(text, fast):
    st = states(text, fast)
    assert "present" not in st.get(WALK, set()), st
    assert "absent" in st.get(WALK, set()), st


@BOTH_MODES
def test_a_leg_ache_asked_and_answered_yes_stays_present(fast):
    st = states("Nurse: Do your calves ache when you walk? Patient: Yes, after about 200 yards.", fast)
    assert "present" in st.get(WALK, set()), st


@BOTH_MODES
def test_a_weakness_denied_in_answer_keeps_the_emergency_told_after_it(fast):
    text = "Dr: Do your legs go weak? Pt: No, but I cannot pass urine since this morning and my bum is numb."
    check_floor(text, fast, "emergency")


# --- the fever of fever_with_back_pain at its value -------------------------------------------------------


def _spans(text: str, fast: bool, fid: str) -> set[str]:
    from text_readings import read

    return {f.text.strip() for f in read(text, fast).findings if f.id == fid and f.state == "present"}


@BOTH_MODES
@pytest.mark.parametrize(
    ("text", "value"),
    [
        # development12 b16 ('partner took his temperature tonight: 38.9')
        (
            "Back pain for a week, worse every day. Hot then shivery, his wife took his temperature "
            "tonight: 38.8.",
            "38.8",
        ),
        # development13 c17 ('the partner measured 38.7 this afternoon')
        ("Thoracic back pain getting worse each day. Her husband measured 38.6 this afternoon.", "38.6"),
    ],
)
def test_fever_with_back_pain_is_also_read_at_the_temperature(text, value, fast):
    spans = _spans(text, fast, "fever_with_back_pain")
    assert any(value in sp for sp in spans), spans
    check_floor(text, fast, "emergency")


@BOTH_MODES
def test_a_normal_temperature_is_no_fever_with_back_pain(fast):
    assert "fever_with_back_pain" not in states("Back pain for a week. Temperature today 36.8.", fast)
