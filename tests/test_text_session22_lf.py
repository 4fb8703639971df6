"""Session 22 (lf): misreads seen and left at the end of session 21 (docs/text.md, "Left after session
21"). A toe pulled back is a direction, not the spine; "a cold white foot" is a temperature, not a cold
caught; a present-tense habit ("wakes with ...") is no onset hours ago; walking said to be fine before
"it's standing still that kills" is no walking-brought symptom; a calf pulled at football and then swollen
and sore is no deep-vein tenderness; "keeps telling me about rhabdo" is someone else's worry (and the
helper _night_waking no longer hides it through a loose "keep ... about"); a pulse searched for and not
found is a leg or foot pulse only when the sentence is about the leg or foot and no other site is named
after it. Each look-alike has a floor beside it: the urgent version still reads urgent. The sentences are
our own; docstrings name the line each stands for. Both modes."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, check_floor, check_not_emergency, states  # noqa: E402


# --- 1. a part moved back is a direction ----------------------------------------------------------
@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Pulling my toes back is agony, lying in bed",
        "Bending her foot back is agony when she lies in bed.",
    ],
)
def test_toes_pulled_back_is_no_back_pain(text, fast):
    """Session 21's leftover ('Pulling my toes back is agony, lying in bed'): 'back' after the toes or the
    foot is a direction; no back pain, no back pain at night."""
    got = states(text, fast)
    assert "back_pain" not in got, got
    assert "nocturnal_back_pain" not in got, got


@pytest.mark.parametrize("fast", MODES)
def test_toes_pulled_back_floor_compartment(fast):
    """Floor (session21_ub:27's kind): a shin rock hard after a tackle, the toes pulled back in agony,
    pain off the scale at rest: acute compartment syndrome, still an ambulance with the direction word
    rewritten."""
    text = "Shin rock hard after the tackle, pulling my toes back is agony, pain 10/10 even lying still"
    check_floor(text, fast, "emergency_ambulance", "acute_compartment_syndrome")
    assert "present" in states(text, fast).get("pain_on_passive_stretch", set())


@pytest.mark.parametrize("fast", MODES)
def test_back_in_agony_in_bed_still_back_pain(fast):
    """Floor of the reading: the spine told in agony in bed is still a back pain at night."""
    got = states("My back is agony, worse lying in bed", fast)
    assert "present" in got.get("nocturnal_back_pain", set()), got


# --- 2. a cold limb is no cold caught -------------------------------------------------------------
@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "got up this morning with a cold white foot",
        "Came in with a cold numb right foot.",
        "He has a cold pale leg.",
    ],
)
def test_cold_limb_is_no_infection(text, fast):
    """Session 21's leftover ('got up this morning with a cold white foot'): 'a cold' followed by a
    colour, a feeling or a side is the limb's temperature, not a recent infection."""
    got = states(text, fast)
    assert "recent_diarrhea_or_respiratory_infection" not in got, got


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", ["I had a cold last week", "She caught a bad cold at Christmas"])
def test_a_cold_caught_is_still_an_infection(text, fast):
    got = states(text, fast)
    assert "present" in got.get("recent_diarrhea_or_respiratory_infection", set()), got


@pytest.mark.parametrize("fast", MODES)
def test_cold_white_foot_floor(fast):
    """Floor: the cold white foot found on getting up is still acute limb ischaemia at an emergency level."""
    check_floor("got up this morning with a cold white foot", fast, "emergency", "acute_limb_ischemia")


@pytest.mark.parametrize("fast", MODES)
def test_cold_then_weak_legs_floor(fast):
    """Floor: a cold caught before legs gone weak over days (Guillain-Barre's infection) is still read."""
    text = "Had a cold two weeks ago, now both legs have gone weak over three days and my hands are tingling."
    check_floor(text, fast, "emergency", "guillain_barre")


# --- 3. a habit is no onset hours ago -------------------------------------------------------------
@pytest.mark.parametrize("fast", MODES)
def test_present_tense_waking_is_no_onset(fast):
    """Session 21's leftover ('wakes with burning toes at night'): the present tense of waking with a
    symptom is a habit; with a cold numb foot for months it is not read as an acute onset (it had read an
    ambulance)."""
    check_not_emergency("He wakes with a cold numb foot, it has been like this for months", fast)


@pytest.mark.parametrize("fast", MODES)
def test_woke_with_cold_numb_foot_floor(fast):
    """Floor (session 21's 'woke at 3 am with a cold numb foot'): the past tense is an onset hours ago:
    acute limb ischaemia with numbness, an ambulance."""
    check_floor("woke at 3 am with a cold numb foot", fast, "emergency_ambulance", "acute_limb_ischemia")


# --- 4. fine walking, worse standing --------------------------------------------------------------
@pytest.mark.parametrize("fast", MODES)
def test_fine_walking_standing_still_kills(fast):
    """Session 21's leftover: walking said to be fine, then a cleft putting the pain on standing still:
    eased by walking and worse standing, not brought on by walking."""
    got = states("It's fine when I walk about, it's standing still that kills", fast)
    assert "leg_symptoms_with_walking" not in got, got
    assert "ecq_q1_pain_on_walking" not in got, got
    assert "present" in got.get("symptoms_improve_with_walking", set()), got
    assert "present" in got.get("worse_while_standing", set()), got


@pytest.mark.parametrize("fast", MODES)
def test_walking_brings_it_on_floor(fast):
    """Floor of the reading: a walk that brings on the calf pain is still read."""
    got = states("When I walk about, my calves ache, I have to stop", fast)
    assert "present" in got.get("leg_symptoms_with_walking", set()), got


# --- 5. a pulled calf is no deep-vein tenderness --------------------------------------------------
@pytest.mark.parametrize("fast", MODES)
def test_pulled_calf_is_no_dvt_tenderness(fast):
    """Session 21's leftover ('I pulled my calf at football, it's swollen and sore'): the screen's
    dvt_tender too sets a muscle strained or pulled in its sentence aside."""
    text = "I pulled my calf at football, it's swollen and sore"
    assert "deep_vein_tenderness" not in states(text, fast)
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "My right calf is swollen and sore, I haven't pulled anything",
        "Right calf swollen and tender since the flight yesterday, I did pull it at football last month",
    ],
)
def test_sore_swollen_calf_floor(text, fast):
    """Floor: a strain denied, or the swelling dated to now beside an old strain, keeps the DVT flag."""
    check_floor(text, fast, "emergency", "deep_vein_thrombosis")


# --- 6. _night_waking no longer hides through 'keep ... about' ------------------------------------
@pytest.mark.parametrize("fast", MODES)
def test_keeps_telling_me_about_rhabdo(fast):
    """session14_py:32's kind: what others keep telling the writer about is their worry (a ConText cue
    now, not the helper's loose 'keep ... about' hiding it); the writer's own sore thighs stay present."""
    text = "My husband keeps telling me about rhabdo, my thighs ache after the spin class"
    level, flags, got = assess(text, fast)
    assert "present" not in got.get("severe_muscle_pain_swelling", set()), got
    assert "present" in got.get("thigh_pain_location", set()), got
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
def test_keep_is_no_night_waking(fast):
    """The tightened helper: 'keep buckling every' is no night waking, so the walk told after it is no longer
    hidden inside it (the helper had spanned 'keep buckling every few')."""
    got = states("His legs keep buckling every few steps", fast)
    assert "present" in got.get("leg_symptoms_with_walking", set()), got


@pytest.mark.parametrize("fast", MODES)
def test_rhabdo_floor(fast):
    """Floor: thighs swollen and in agony with cola urine after a workout is still rhabdomyolysis."""
    text = "Did 300 squats yesterday, both thighs swollen and agonising today and my urine is like cola."
    check_floor(text, fast, "emergency", "rhabdomyolysis")


@pytest.mark.parametrize("fast", MODES)
def test_back_pain_keeps_me_awake(fast):
    """The helper still reads a back pain that keeps the patient awake as a night pain of the back (its
    combine)."""
    got = states("My lower back pain keeps me awake at night.", fast)
    assert "present" in got.get("nocturnal_back_pain", set()), got


# --- 7. which pulse -------------------------------------------------------------------------------
@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "I can't feel my pulse in my wrist",
        "He collapsed and I couldn't find a pulse",
    ],
)
def test_pulse_not_found_elsewhere_is_no_leg_pulse(text, fast):
    """Session 21's leftover: a pulse searched for at the wrist, or with no leg or foot in the sentence,
    is no leg or foot pulse abnormality."""
    assert "palpable_pulse_abnormality" not in states(text, fast)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Her left foot has gone pale and cold, the nurse cannot find any pulses in it",
        "Her left foot has gone pale and cold. The nurse cannot find any pulses in it.",
        "Since 6am the right leg is cold and white and we cannot find a pulse.",
    ],
)
def test_leg_pulse_not_found_floor(text, fast):
    """Floor (session 21's lead line and our variants): a leg or foot gone pale and cold with its pulses
    searched for and not found is acute limb ischaemia at an emergency level."""
    check_floor(text, fast, "emergency", "acute_limb_ischemia")
    assert "present" in states(text, fast).get("palpable_pulse_abnormality", set())


# --- 8. the reverse of session 21's helper audit: a real finding's span hid a helper ---------------
@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Left big toe black and now wet and smelly.",
        "Two toes black and weeping and smelly, she has a temperature.",
    ],
)
def test_smelly_toe_keeps_wet_wound(text, fast):
    """development26 ab011 and session17_ri:24's kind (rules alone): the smelly-toe rule of foot infection
    spanned 'toe black and now wet and smelly' and hid the helper _wet_wound, so the wet gangrene combine did
    not fire; it keeps what it spans now. Floor beside it: still an emergency with the critical-ischaemia
    flag."""
    level, flags, got = assess(text, fast)
    assert "present" in got.get("wet_gangrene", set()), got
    assert "present" in got.get("foot_infection_or_sepsis", set()), got
    check_floor(text, fast, "emergency", "chronic_limb_threatening_ischemia")
