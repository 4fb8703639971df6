"""Session 12, false alarms: non-urgent texts the probe authors wrote that were read at an emergency
level, each with the real emergency that uses the same words (both modes: the fast semantic layer on and
the rules alone)."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import BOTH_MODES, check_floor, check_not_emergency, states  # noqa: E402

# --- a screen answered item by item, the last item before a full stop -------------------------------------


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        "PMR review, 74M on prednisolone 5 mg. Girdle stiffness 20 min. Jaw claudication N, headache N, "
        "scalp tenderness N.",
        "PMR f/u: 71F on pred 7.5 mg, hips and shoulders stiff 30 min in the am, walks the dog daily. "
        "Headache N, jaw "
        "claudication N, visual sx N, scalp tenderness N. CRP 4; plan taper 1 mg/month.",
    ],
)
def test_last_item_answered_n_before_a_full_stop(text, fast):
    """session11_pc:54: 'scalp tenderness N.' (spaCy keeps 'N.' as one token) is a tenderness answered no."""
    check_not_emergency(text, fast)
    assert "present" not in states(text, fast).get("scalp_tenderness", set())


@BOTH_MODES
def test_scalp_tenderness_answered_yes_still_counts(fast):
    """session11_pc:54's look-alike: a scalp tenderness answered Y at 72 is giant cell arteritis."""
    text = "PMR review, 72F. Headache Y, scalp tenderness Y, jaw claudication N."
    check_floor(text, fast, "emergency", "giant_cell_arteritis")


# --- a relative's fever -----------------------------------------------------------------------------------


@BOTH_MODES
def test_the_fever_is_a_relatives(fast):
    """session11_pb:50: the fever named as a relative's, the writer's own back pain."""
    check_not_emergency(
        "The temperature here was my daughter's, 38.9 yesterday, not mine. My low back aches after "
        "gardening and the ache "
        "goes into my left buttock.",
        fast,
    )
    check_not_emergency(
        "Fever in this house is my son's, 38.6 since Tuesday, not mine, I'm 36.9 this morning. I'm "
        "writing about my own "
        "back and right leg, pins and needles to the big toe when I walk far, for a month. No drugs, no "
        "steroids.",
        fast,
    )


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        "The fever is mine, not my son's: 38.7 last night, and my low back is agony.",
        "Fever, my son's back pain is awful, he is 30, and he can't get comfortable.",
        "I'm writing for my dad: he has had a fever of 38.6 since Tuesday and his back is killing him.",
    ],
)
def test_the_writers_or_the_patients_fever_stays(text, fast):
    """session11_pb:50's look-alikes: the writer's own fever, or a relative's fever when the relative is
    the patient."""
    check_floor(text, fast, "emergency", "spinal_infection")


# --- injecting drug use long ago --------------------------------------------------------------------------


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        "Former IV drug user, clean for over 10 years. Low back pain after lifting a sofa, no fever.",
        "Back clinic: 40M, ex-IVDU (clean 8 y, on methadone), mechanical LBP after moving house, R "
        "buttock ache on "
        "walking. Afebrile 36.6, CRP <5, WCC 6.8; no immunosuppression.",
    ],
)
def test_injecting_years_ago_is_no_current_risk(text, fast):
    """session11_pc:45: years clean is no current or recent injecting (the finding's definition)."""
    check_not_emergency(text, fast)


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        "IVDU, clean 3 weeks, low back pain since Sunday.",
        "ex-IVDU clean 6 years, relapsed in May, low back pain.",
        "ex-IVDU clean 6 years, now injecting again, low back pain.",
        "Heroin user, clean for 2 years until a relapse last month. New low back pain.",
    ],
)
def test_recent_or_renewed_injecting_stays(text, fast):
    """session11_pc:45's look-alikes: a short abstinence or a relapse keeps the spinal-infection flag."""
    check_floor(text, fast, "emergency", "spinal_infection")


# --- myasthenia with swallowing said to be good -----------------------------------------------------------


@BOTH_MODES
def test_myasthenia_with_swallow_good(fast):
    """session11_pd:59: 'swallow good' is a swallow said to be normal."""
    check_not_emergency(
        "Myasthenia for years, legs tire on long walks as always. Swallowing good, breathing good.",
        fast,
    )
    check_not_emergency(
        "My legs weak when I walk long, I have the myasthenia, my doctor know. Same like always, "
        "pyridostigmine helps. "
        "Breathing good, swallow good, speak normal. I want ask about changing the tablet time.",
        fast,
    )


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        "I have myasthenia gravis; swallowing not good since yesterday, food sticks, legs weak",
        "Known myasthenia, breathing harder today, swallow still good",
    ],
)
def test_myasthenia_with_swallowing_or_breathing_trouble_stays(text, fast):
    """session11_pd:59's look-alikes: swallowing 'not good', or breathing trouble beside a good swallow."""
    check_floor(text, fast, "emergency_ambulance", "myasthenic_crisis")


# --- a big clot in the past -------------------------------------------------------------------------------


@BOTH_MODES
def test_a_big_clot_years_ago_is_no_swollen_leg(fast):
    """session11_pf:37: 'a big clot' two years ago, a post-thrombotic leg; 'big' is the clot's."""
    check_not_emergency(
        "Three years since a big clot in my right calf. The whole leg aches and feels heavy by evening, "
        "better with it up. "
        "I wear a stocking. Nothing new.",
        fast,
    )
    check_not_emergency(
        "Two years after a big clot in my left thigh, my whole leg feels like it's going to burst if I "
        "walk fast for 10 "
        "min. Stopping doesn't really help, but lying on the sofa with the leg up on cushions it eases in "
        "20-30 minutes. "
        "I wear stockings. Nothing new in the leg.",
        fast,
    )


@BOTH_MODES
def test_a_new_swollen_calf_after_an_old_clot_stays(fast):
    """session11_pf:37's look-alike: an old big clot and a calf newly big and tender on one side."""
    check_floor(
        "I had a big DVT in the left leg years ago; since Sunday my left calf has gone big and tender "
        "compared with the "
        "right",
        fast,
        "emergency",
        "deep_vein_thrombosis",
    )


# --- a clinician's "?" before a word ----------------------------------------------------------------------


@BOTH_MODES
def test_query_before_a_word_is_no_question(fast):
    """session12_ps:45: 'referred ?acute ischaemia' is a query, not a question 'referred ?' answered by
    the rest."""
    check_not_emergency(
        "Vascular registrar: referred ?acute limb ischaemia, 60F whose toes felt cold after wading in the "
        "sea. On review "
        "foot warm and pink, pulses palpable, sensation and power normal. Not ischaemic. Discharged.",
        fast,
    )


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        "Referred ?acute ischaemia: right foot went cold and white 2 hours ago, no pulses felt, numb toes.",
        "Q: Any change in the feeling of your foot?\nA: it went cold and numb suddenly an hour ago",
    ],
)
def test_query_and_questions_still_read(text, fast):
    """session12_ps:45's look-alikes: a referral query with the signs, and a real question answered with
    content."""
    check_floor(text, fast, "emergency", "acute_limb_ischemia")


@BOTH_MODES
def test_question_answered_no_still_negates(fast):
    """The '?' change keeps a question answered 'No' an absent finding."""
    st = states("Any numbness between the legs? No. Back pain for 2 weeks after lifting.", fast)
    assert "present" not in st.get("saddle_anesthesia", set())


# --- "today's" --------------------------------------------------------------------------------------------


@BOTH_MODES
def test_todays_complaint_is_no_onset(fast):
    """session11_pb:15: 'Today's complaint' names the visit; with a relative's 'his legs were paralysed'
    refuted by an old polio leg it had made an acute limb ischaemia."""
    check_not_emergency(
        "Carer rang saying her legs were paralysed, but on arrival she has an old weak right leg from "
        "childhood polio, "
        "unchanged for years. Today's problem is aching knees after walking; obs normal.",
        fast,
    )


@BOTH_MODES
def test_today_as_an_onset_stays(fast):
    """session11_pb:15's look-alike: a leg gone cold and numb today is an onset today."""
    check_floor("My leg went numb and cold today, it's white", fast, "emergency", "acute_limb_ischemia")


# --- a relative's Guillain-Barre last year ----------------------------------------------------------------


@BOTH_MODES
def test_guillain_barre_last_year(fast):
    """session12_ps:47: Guillain-Barre named as a relative's (or the writer's) illness last year is no new
    one."""
    check_not_emergency(
        "My brother had Guillain-Barre last year, so I worry. My calves ache after football, no weakness, "
        "no tingling.",
        fast,
    )


@BOTH_MODES
def test_new_ascending_weakness_after_guillain_barre_last_year_stays(fast):
    """session12_ps:47's look-alike: a past Guillain-Barre and a new weakness climbing from the feet to
    the hands."""
    check_floor(
        "I had Guillain-Barre last year. Since Monday my feet and now my hands are going weak and numb, "
        "creeping up, "
        "can't do stairs",
        fast,
        "emergency",
        "guillain_barre",
    )


# --- sitting on the toilet --------------------------------------------------------------------------------


@BOTH_MODES
def test_cannot_sit_on_the_toilet_for_sore_thighs(fast):
    """session12_ps:22: being unable to sit down on the toilet is a posture, not a bladder change."""
    check_not_emergency("Did squats, now I cant sit on the toilet properly haha. Wee normal.", fast)
    check_not_emergency(
        "Leg day yesterday, quads destroyed, I can't even sit on the loo without wincing. "
        "Pee fine, no numbness.",
        fast,
    )


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        "my thighs are so stiff I can't sit on the toilet, and since last night I can't pee at all",
        "back went yesterday, cant sit on the toilet, haven't had a wee since yesterday morning",
        "I sit on the toilet and nothing comes since last night",
        "I sat on the loo this morning and honestly couldn't tell if I'd been or not",
    ],
)
def test_bladder_trouble_beside_the_toilet_posture_stays(text, fast):
    """session12_ps:22's look-alikes: the posture and a real retention in one text, and sitting on the
    toilet as the act of passing urine (development8 t01's wording, here invented anew)."""
    check_floor(text, fast, "emergency", "cauda_equina")


# --- an old cauda equina's residual deficit ---------------------------------------------------------------


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        "Previous history: lumbar decompression for cauda equina 2015, residual saddle numbness. Now hip "
        "pain on walking.",
        "Old CES 2017 with residual mild saddle numbness. Knee pain for a month, worse on stairs.",
        "Past history: cauda equina decompression 2017 with residual mild saddle numbness and stress "
        "incontinence, "
        "unchanged since surgery and documented at every review. Now 6 weeks of right knee pain on stairs.",
    ],
)
def test_residual_saddle_numbness_after_old_cauda_equina(text, fast):
    """session12_ps:35: a residual deficit, or a past-history heading, is no new saddle anaesthesia."""
    check_not_emergency(text, fast)


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        "Old CES 2017 with residual weakness, new saddle numbness since Monday",
        "Old CES 2017 with residual L foot drop. Since yesterday numb between the legs and cannot pass "
        "urine.",
        "Bladder scan 900 mL residual, new numbness of the perineum",
        "Past history: CES 2017 with residual saddle numbness. Since this morning the numbness has spread "
        "to both "
        "buttocks and I can't pass urine.",
    ],
)
def test_new_saddle_or_bladder_deficit_on_an_old_one_stays(text, fast):
    """session12_ps:35's look-alikes: a new saddle numbness or retention on top of an old residual one, and a
    residual urine volume."""
    check_floor(text, fast, "emergency", "cauda_equina")


# --- the query mark and a referral's shorthand ------------------------------------------------------------


@BOTH_MODES
def test_a_referrals_site_pain_walking_shorthand(fast):
    """The '?' change (session12_ps:45) had been the only reading of 'L calf cramp walking, ?claudication'
    (development13 c02): a site, a pain word and 'walking' are an exertional leg symptom."""
    st = states("Referral: 70M, R thigh ache walking, ?claudication. Smoker.", fast)
    assert "present" in st.get("leg_symptoms_with_walking", set())
