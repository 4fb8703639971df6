"""Session 17 (f1h): denials the reader did not read as absent findings (extraction F1, development11-30):
a general bladder-and-bowel denial also rules out new bladder or bowel symptoms; a bladder "same as always";
the feet said not to be numb; "afebrile" and a fever denied in a red-flag screen.

No probe line is behind these (the theme is the development parts' missed denials, counted in the report);
the sentences are our own, read in both modes, each family with a look-alike where a present emergency
finding beside the denial must survive."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, check_floor, states  # noqa: E402


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Low back pain for a fortnight. Bladder and bowels normal.",
        "Sore back since lifting. No bladder problems, no weakness.",
        "Back ache. His waterworks are the same as always.",
        "Back pain. Passing water and opening her bowels as usual.",
        "Back pain. Bladder: no change from the usual small leak on coughing.",
        "Back pain. Wees and poos are normal.",
    ],
)
def test_general_bladder_denial_rules_out_new_sphincter_symptoms(text, fast):
    """development11-30 (new_sphincter_symptoms absent, 65 of 101 missed): a general bladder or bowel denial
    says there is no new bladder or bowel symptom, besides no retention or incontinence."""
    st = states(text, fast)
    assert st.get("new_sphincter_symptoms") == {"absent"}, st
    assert "present" not in st.get("sphincter_dysfunction", set()), st


@pytest.mark.parametrize("fast", MODES)
def test_incontinence_denial_alone_keeps_urgency_open(fast):
    """Look-alike: 'no incontinence' denies loss of control only; urgency may still be there."""
    st = states("Back pain. No incontinence.", fast)
    assert "absent" not in st.get("new_sphincter_symptoms", set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Back pain with sciatica. No bowel problems, but she can't pass urine since last night.",
        "Back pain and sciatica. Bladder fine; her saddle area has gone numb since yesterday.",
        "Back pain. Bowels same as ever, but since yesterday he has wet himself twice without noticing.",
    ],
)
def test_denial_beside_a_present_sphincter_emergency(text, fast):
    """Safety look-alike: a bladder or bowel denial never swallows a present cauda equina sign beside it."""
    check_floor(text, fast, "emergency", "cauda_equina")


@pytest.mark.parametrize(
    "text",
    [
        "Back pain, legs weaker over a month. Bladder and bowels normal. "
        "New urgency to pee since the weakness started.",
    ],
)
def test_implied_denial_leaves_a_present_guess(text):
    """Safety: the absent new_sphincter_symptoms implied by a general denial does not stop the fast semantic
    layer from reading a new urgency said elsewhere (present beats absent)."""
    level, flags, st = assess(text, True)
    assert "present" in st.get("new_sphincter_symptoms", set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Her feet aren't numb and she walks a mile.",
        "My feet are not numb and there are no sores.",
    ],
)
def test_feet_said_not_numb(text, fast):
    """development11-30 (stocking_numbness_or_burning absent, 38 of 43 missed): the feet said not to be numb.
    (A bare 'no numbness' is not read as the feet's: the development gold is split on it, 34 to 58.)"""
    assert states(text, fast).get("stocking_numbness_or_burning") == {"absent"}


@pytest.mark.parametrize("fast", MODES)
def test_feet_not_numb_but_burning(fast):
    """Look-alike: feet not numb but burning at night are burning feet."""
    st = states("Her feet are not numb, but her feet burn at night.", fast)
    assert "present" in st.get("stocking_numbness_or_burning", set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Low back pain for ten days. Afebrile, no weight loss.",
        "Legs weak. No back pain, no fever, no cancer history.",
    ],
)
def test_fever_denied_rules_out_fever_with_back_pain(text, fast):
    """development11-30 (fever_with_back_pain absent, 28 of 59 missed): 'afebrile', and a fever denied in a
    screen that asks about the back."""
    assert states(text, fast).get("fever_with_back_pain") == {"absent"}


@pytest.mark.parametrize("fast", MODES)
def test_afebrile_today_but_fevers_said(fast):
    """Safety look-alike: fevers said beside back pain stay a spinal-infection flag even when afebrile now."""
    check_floor("Back pain for a week with fevers and rigors at home; afebrile in clinic today.", fast,
                "consultation_24")


@pytest.mark.parametrize("fast", MODES)
def test_chronic_urgency_as_before_keeps_the_urgency(fast):
    """Look-alike (development11 a23's wording family): 'bladder urgency as before' is an old urgency,
    not a bladder said to be normal; the urgency stays read."""
    st = states("Her bladder urgency is as before, on tablets for years.", fast)
    assert "present" in st.get("urinary_urgency", set()), st
