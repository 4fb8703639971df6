"""Session 12, the lead's own fixes after the helpers' rounds (each names the probe line it came from,
tests/fixtures/probes/session12_<file>.txt). Floors and look-alikes in both reader modes."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import BOTH_MODES, assess, check_floor, is_emergency, read  # noqa: E402


@BOTH_MODES
@pytest.mark.parametrize("text", ["The lab phoned: CK 48 000 U/L, my thighs still ache after the race.",
                                  "Q: Bloods?\nA: they said my CK was 31 500 and to come straight back"])
def test_ck_with_thousands_grouped_by_a_space(text: str, fast: bool) -> None:
    """pu:17: 'my CK was 52 000' had been read as 52, so a very high CK was read as absent."""
    check_floor(text, fast, "emergency", "rhabdomyolysis")


@BOTH_MODES
def test_a_small_ck_stays_small(fast: bool) -> None:
    _, flags, _ = assess("CK 52 and my legs ache after the gym", fast)
    assert "rhabdomyolysis" not in flags


@BOTH_MODES
def test_a_date_of_birth_gives_the_age_for_giant_cell_arteritis(fast: bool) -> None:
    """pu:40: 'F, DOB 1951, PMR ...' with new temporal headache and jaw pain (the flag needs an age; from the
    year of birth, as of this year, with a warning)."""
    text = ("F, D.O.B. 02/05/1950. Polymyalgia on prednisolone. "
            "New left temple headache and jaw ache when chewing.")
    res = read(text, fast)
    assert res.case.age is not None and res.case.age >= 70
    assert res.case.sex == "female"
    assert "approximate_age" in [w.code for w in res.warnings]
    check_floor(text, fast, "emergency", "giant_cell_arteritis")


@BOTH_MODES
def test_form_sex_fields(fast: bool) -> None:
    assert read("Sex: M\nAge: 71\nCalf pain walking 100 m.", fast).case.sex == "male"
    assert read("Gender: F. Knee pain on stairs.", fast).case.sex == "female"
    assert read("My sex life is fine, knees ache on stairs.", fast).case.sex is None


@BOTH_MODES
@pytest.mark.parametrize("text", ["AF, L foot blue no pulse numb since 3pm",
                                  "husband leg sudden pain ice cold no feel since an hour"])
def test_short_texts_acute_limb_ischaemia_with_sensory_loss(text: str, fast: bool) -> None:
    """pw:16, pw:18: numbness or no feeling in a suddenly cold or pulseless leg: a threatened limb."""
    check_floor(text, fast, "emergency_ambulance", "acute_limb_ischemia")


@BOTH_MODES
def test_stroke_struggling_for_words(fast: bool) -> None:
    """pt:33: an observer's 'struggling for words' is a speech disturbance; a patient's idiom is not."""
    text = "Since lunch her right leg drags and she is struggling for words."
    check_floor(text, fast, "emergency_ambulance", "stroke")
    _, flags, _ = assess("I'm struggling to find the words to describe the calf ache when I walk.", fast)
    assert "stroke" not in flags


@BOTH_MODES
@pytest.mark.parametrize("text", ["tingly toes then hands weak cant swallow breathing hard",
                                  "feet then thighs weak since fri no reflexes d&v last wk"])
def test_short_texts_guillain_barre(text: str, fast: bool) -> None:
    """pw:26, pw:27: feet first, then higher, in a short text."""
    check_floor(text, fast, "emergency", "guillain_barre")


@BOTH_MODES
def test_breathing_hard_after_a_run_is_no_emergency(fast: bool) -> None:
    level, _, _ = assess("Ran for the bus and was breathing hard, then my calves ached for a minute.", fast)
    assert not is_emergency(level)


@BOTH_MODES
def test_rest_pain_relieved_by_dangling_in_an_answer(fast: bool) -> None:
    """pu:53: 'What helps? A: Dangling it off the bed' (relief by dependency)."""
    text = ("Q: When does the foot hurt most?\nA: In bed at night.\nQ: What helps?\n"
            "A: Dangling it off the side of the bed.")
    check_floor(text, fast, "consultation_24", "chronic_limb_threatening_ischemia")


@BOTH_MODES
def test_a_relief_that_makes_no_difference_is_absent(fast: bool) -> None:
    """development9 s29 (found when the dangling rule above was added): 'Hanging them out of the bed makes no
    difference' is no relief by dependency."""
    text = "My feet burn in bed. Hanging them out of the bed makes no difference."
    res = read(text, fast)
    states = {f.state for f in res.findings if f.id == "pain_relieved_by_dependency"}
    assert "present" not in states


def test_context_rules_refuse_a_lemma_pattern() -> None:
    """A LEMMA pattern in context_rules.yaml raised spaCy E155 at reading time on some texts (session 12); the
    loader refuses it."""
    from legdx.text.rules import ContextRuleSpec

    with pytest.raises(ValueError, match="LEMMA"):
        ContextRuleSpec(literal="x", category="NEGATED_EXISTENCE", direction="BACKWARD",
                        pattern=[{"LEMMA": {"IN": ["make"]}}])


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        "Q: Is one leg more swollen than the other?\nA: No, both ankles puffy by night.",
        "Is the left calf swollen? No.",
        "Nurse: Is his foot cold?\nWife: No, it's warm.",
    ],
)
def test_a_question_whether_a_leg_is_in_a_state_answered_no(text: str, fast: bool) -> None:
    """pi:57 (found when the DVT escalation made it an emergency): 'Is one leg more swollen than the other?
    No' had read a one-sided swollen calf."""
    res = read(text, fast)
    ids = ("unilateral_calf_swelling", "cold_limb")
    assert not [f for f in res.findings if f.state == "present" and f.id in ids]


@BOTH_MODES
def test_a_one_sided_swollen_calf_after_a_long_trip_is_same_day(fast: bool) -> None:
    """pw:22, session11_pg:24: Wells 'unlikely' (one item), still a same-day DVT question."""
    check_floor("My right calf has swollen up since the 12 hour flight home on Sunday.", fast, "emergency")


@BOTH_MODES
def test_swole_up_is_swollen(fast: bool) -> None:
    """pz:23: 'her right leg swole up over 2 days, tight and sore round the calf' (a dialect past)."""
    check_floor(
        "Nan's left leg swole up since Sunday, the calf is tight, sore and warm. Right one normal.",
        fast,
        "emergency",
    )


@BOTH_MODES
def test_a_long_term_catheter_is_no_new_retention(fast: bool) -> None:
    """pz:50: a catheter for years for retention is old and managed; a new deficit beside it still counts."""
    text = "Long-term catheter for six years for retention. Legs ache walking to the lounge, ease sitting."
    level, _, _ = assess(text, fast)
    assert not is_emergency(level)
    check_floor(
        "He has a long-term catheter. Since this morning he can't feel his bottom and both legs are weak.",
        fast,
        "emergency",
        "cauda_equina",
    )


@BOTH_MODES
def test_a_new_problem_after_a_past_history_is_current(fast: bool) -> None:
    """pq:11: 'PMH Ca breast 2019 with bone mets, new thoracic back pain waking her at night, legs weak'
    (', new' ends the history cue's scope as ', now' does)."""
    text = "PMH: prostate ca 2018 with bone mets, new mid-back pain at night, both legs weak since Monday."
    check_floor(text, fast, "emergency", "spinal_malignancy")


@BOTH_MODES
def test_ascending_with_words_between(fast: bool) -> None:
    """pq:26: 'ascending b/l leg weakness since Mon, today unable to stand, areflexic. Weak cough'."""
    text = "Pre-alert: 51M, ascending b/l leg weakness since Sat, areflexic, weak cough, choking on fluids."
    check_floor(text, fast, "emergency_ambulance", "guillain_barre")


@BOTH_MODES
def test_a_leg_that_went_dead_at_a_clock_time(fast: bool) -> None:
    """pq:15: 'L calf "went dead" 0900, ... foot mottled + cool, ... reduced sensation toes'."""
    text = 'Triage: 71F, R foot "went dead" 1430, mottled and cool, reduced sensation toes.'
    check_floor(text, fast, "emergency_ambulance", "acute_limb_ischemia")


@BOTH_MODES
def test_limited_english_no_bend_is_a_cannot(fast: bool) -> None:
    """pq:35: 'she no bend knee, pee is brown colour' (the 'no' had negated the brown urine)."""
    text = "my son 20 he do squats yesterday, legs very hard very pain, he no bend knee, pee is brown colour"
    check_floor(text, fast, "emergency", "rhabdomyolysis")


@BOTH_MODES
def test_a_leg_that_went_white_around_lunchtime(fast: bool) -> None:
    """pz:14 (rules alone): 'Around lunchtime she cried out and her right leg went white and cold ... can't
    wiggle her toes and says the foot is numb' (a meal time before the change is an onset)."""
    text = "Around teatime he shouted and his left leg went white and cold. He says the foot is numb."
    check_floor(text, fast, "emergency_ambulance", "acute_limb_ischemia")


@BOTH_MODES
def test_pale_urine_is_no_pale_limb(fast: bool) -> None:
    """px:49: a marathon runner's 'legs felt like dead weights this morning ... my pee is pale straw
    colour' had gone to an ambulance as acute limb ischaemia."""
    text = "Ran a marathon Sunday, this morning my legs felt like dead weights. Pee is pale straw colour."
    assert not is_emergency(assess(text, fast)[0])


@BOTH_MODES
def test_a_writer_naming_themself_with_an_age(fast: bool) -> None:
    """px:45: "Morning, it's Douglas Fairbairn, 68, ..." with a new temporal headache and jaw pain."""
    text = "Hello, this is Mary Okafor, 74. New headache at my temples this week, jaw aches chewing."
    assert read(text, fast).case.age == 74
    check_floor(text, fast, "emergency", "giant_cell_arteritis")


@BOTH_MODES
def test_hay_fever_is_no_fever(fast: bool) -> None:
    """px:50: 'Other history: asthma, hay fever, anxiety' beside back pain had been a spinal infection."""
    _, flags, _ = assess("Low back ache for a month after gardening. PMH: asthma, hay fever, anxiety.", fast)
    assert "spinal_infection" not in flags
    check_floor("Back pain since Monday, fever 38.6 and shivery; hay fever as a child.", fast, "emergency",
                "spinal_infection")


@BOTH_MODES
def test_a_toe_sore_that_has_still_not_healed(fast: bool) -> None:
    """px:21: a toe sore from new slippers that 'has still not healed despite dressings', no pulses."""
    text = "The sore on her big toe from new shoes six weeks ago has still not healed; toe cold, no pulses."
    check_floor(text, fast, "consultation_24", "chronic_limb_threatening_ischemia")
