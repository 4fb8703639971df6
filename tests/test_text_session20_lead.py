"""Session 20, the lead: blind25 is opened (development31); its one red-flag miss was a new weakness of both
legs told in the perfect ('since yesterday his legs have given way after a few steps'), which only the fast
layer read: the target rules knew 'gave', 'give', 'gives' and 'giving way' but not 'given way'."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, check_floor, states  # noqa: E402

_GIVEN_WAY = [
    "Known myasthenia. Since yesterday his legs have given way after a few steps; he could not climb stairs.",
    "Her right knee has given way twice since Monday and she now catches her toes.",
    "Mum's legs have given way under her this afternoon.",
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", _GIVEN_WAY)
def test_a_leg_that_has_given_way_is_a_new_weakness(text, fast):
    check_floor(text, fast, "consultation_24", "progressive_neurological_deficit")
    assert "present" in states(text, fast).get("new_leg_weakness", set())


@pytest.mark.parametrize("fast", MODES)
def test_legs_that_have_not_given_way_are_no_new_weakness(fast):
    text = "Back ache after gardening; his legs have not given way and he walks as far as before."
    level, flags, st = assess(text, fast)
    assert "progressive_neurological_deficit" not in flags
    assert "present" not in st.get("new_leg_weakness", set())


# development31 am049 with the rules alone: the compartment syndrome's sign written as an examination sentence
_PASSIVE = [
    "Tense, woody anterior compartment. Passive plantar flexion of the left toes causes severe pain.",
    "Calf tense and swollen after the cast; passive extension of his toes produces excruciating pain.",
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", _PASSIVE)
def test_severe_pain_caused_by_passive_toe_movement_is_the_stretch_sign(text, fast):
    check_floor(text, fast, "emergency", "acute_compartment_syndrome")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Passive movements of the hip cause mild pain at end range; known osteoarthritis.",
        "Passive flexion of the knee causes no pain and the calf is soft.",
    ],
)
def test_mild_or_no_pain_on_passive_movement_is_no_stretch_sign(text, fast):
    assert "present" not in states(text, fast).get("pain_on_passive_stretch", set())


# development31 (letters with drug lists): the fast layer guessed immunosuppression from any drug list and
# from myasthenia on pyridostigmine alone; a guess now needs a word of the definition in its sentence
_NOT_IMMUNO = [
    "Medication: metformin, empagliflozin, insulin degludec, rosuvastatin 20 mg, ramipril, aspirin 75 mg.",
    "58F known MG on pyridostigmine, walks the dog daily.",
]
_IMMUNO = [
    "Kidney transplant 2019, on tacrolimus and mycophenolate.",
    "Rheumatoid arthritis on adalimumab injections every fortnight.",
    "She has HIV.",
    "Known HIV, well controlled.",
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", _NOT_IMMUNO)
def test_a_drug_list_without_an_immunosuppressant_is_no_immunosuppression(text, fast):
    assert "present" not in states(text, fast).get("immunosuppression", set())


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", _IMMUNO)
def test_immunosuppressants_transplant_and_hiv_are_immunosuppression(text, fast):
    assert "present" in states(text, fast).get("immunosuppression", set())


@pytest.mark.parametrize("fast", MODES)
def test_back_pain_and_fever_on_a_transplant_drug_still_raise_spinal_infection(fast):
    text = "On tacrolimus since the liver transplant. Back pain for 4 days, fever 38.6."
    check_floor(text, fast, "emergency", "spinal_infection")


# the fast layer's guesses that were never gold over the development parts, each against the finding's
# definition: a cancer back pain needs a cancer, absent reflexes a reflex, a cool leg a leg (not the weather)
@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("2 weeks of worsening mid-thoracic back pain, awake at night.", "cancer_history_new_back_pain"),
        ("Exam: vibration absent at toes and malleoli, monofilament absent at 6/10 sites.", "areflexia"),
        ("It comes back to normal once I cool down and rest in the shade.", "cool_skin_affected_leg"),
        ("The aches are worse in the cold and better in summer.", "cool_skin_affected_leg"),
    ],
)
def test_fast_guesses_without_their_defining_words_are_dropped(text, finding):
    assert "present" not in states(text, True).get(finding, set())


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    ("text", "floor", "flag"),
    [
        ("Breast cancer 2015. Two weeks of worsening mid-thoracic back pain, awake at night.",
         "consultation_24", "spinal_malignancy"),
        ("Legs weak since Tuesday after a stomach bug. Reflexes absent at ankles and knees.", "emergency",
         "guillain_barre"),
        ("Sudden pain in the right calf an hour ago, the foot is cold and white and the toes are numb.",
         "emergency", "acute_limb_ischemia"),
    ],
)
def test_the_same_findings_with_their_words_still_raise_their_flags(text, floor, flag, fast):
    check_floor(text, fast, floor, flag)


# found while checking fxs's conditionals: a foot told as having gone cold and white and now numb, no time,
# read consultation in both modes (the same with 'this morning' or 'suddenly' read an ambulance)
_GONE_COLD = [
    "My foot has gone cold and white and I can't feel my toes.",
    "I was told that if the foot went cold to call 999. It's gone cold and white and I can't feel my toes.",
    "His foot has gone cold, white and numb.",
    "Her left leg has turned white and cold and she cannot move her toes.",
]
_NOT_GONE_COLD = [
    "My feet have gone cold and white every winter for years and the toes go numb, known PAD.",
    "If my foot goes cold and white and numb I should call 999.",
    "It has gone cold, grey and wet outside and my knees ache.",
    "My foot has gone cold since the heating broke, no numbness.",
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", _GONE_COLD)
def test_a_limb_gone_cold_white_and_numb_is_acute_limb_ischaemia(text, fast):
    check_floor(text, fast, "emergency_ambulance", "acute_limb_ischemia")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", _NOT_GONE_COLD)
def test_cold_feet_for_years_a_warning_or_the_weather_are_no_acute_ischaemia(text, fast):
    level, flags, _ = assess(text, fast)
    assert "acute_limb_ischemia" not in flags, (text, level)


# seen by fxv: a helper concept of session 13 ('but this one is new', for a known headache that changed) hid
# the back pain it spanned, and with a known cancer the spinal malignancy flag was missed
@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Known prostate cancer. No change in my bladder but the back pain is new since last week.",
        "Breast cancer in 2019. Legs fine but the back pain is new this month.",
    ],
)
def test_a_new_back_pain_after_but_with_cancer_is_a_spinal_malignancy(text, fast):
    check_floor(text, fast, "consultation_24", "spinal_malignancy")
