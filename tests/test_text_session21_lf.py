"""Session 21 (lf): look-alikes read too urgently, left at the end of session 20.

Cold-provoked colour change of the toes (Raynaud's) is no rest pain; a burning of both feet at night is a
neuropathy's, not ischaemic rest pain; what a relative's or the writer's own past illness 'was' is no present
diagnosis; a person 'on the floor' is no leg hung down for relief. Each look-alike has a floor beside it: the
urgent wording still reads urgent. The sentences are our own (each test names the leftover it stands for);
both modes."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, check_floor  # noqa: E402

CLTI = "chronic_limb_threatening_ischemia"


# --- 1. Raynaud's: toes white and numb in the cold ------------------------------------------------------
@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Every winter my toes go white and numb in the cold wind, Raynaud's for ten years.",
        "My toes turn white and numb in the cold and come back when I warm them up; it has been "
        "Raynaud's for years.",
    ],
)
def test_toes_white_in_the_cold_is_no_rest_pain(text, fast):
    """Session 20's leftover ("My toes went white and numb in the cold for years, Raynaud's" reached the
    limb-ischaemia flag): a foot pain pattern ending 'in the' read any place as night; 'in the cold' is no
    night or bed."""
    level, flags, found = assess(text, fast)
    assert CLTI not in flags, (text, fast, level, sorted(flags))
    assert "rest_pain_forefoot_night" not in found, (text, fast, found)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "For a month my toes have ached in the night and kept me awake.",
        "My left foot has hurt during the night for three weeks.",
    ],
)
def test_toes_aching_in_the_night_is_rest_pain(text, fast):
    """Floor beside the Raynaud's look-alike: 'in the night' and 'during the night' still read as rest pain
    (chronic limb-threatening ischaemia, within 24 hours)."""
    check_floor(text, fast, "consultation_24", CLTI)


# --- 2. burning feet at night in diabetes ---------------------------------------------------------------
@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "I'm type 2 diabetic and get burning feet at night.",
        "Diabetic for 20 years; burning pain in both feet at night, like walking on hot sand.",
        "Sugar diabetes for years and the burning in my feet is worst at night in bed.",
    ],
)
def test_burning_feet_at_night_is_no_rest_pain(text, fast):
    """Session 20's leftover (burning feet at night in a person with diabetes read as ischaemic rest pain): a
    burning of both feet at night is the neuropathy's symmetric distal burning (a stocking burning), not the
    limb-ischaemia flag."""
    level, flags, found = assess(text, fast)
    assert CLTI not in flags, (text, fast, level, sorted(flags))
    assert "present" in found.get("stocking_numbness_or_burning", set()), (text, fast, found)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "I'm diabetic and my left foot hurts at night unless I hang it over the side of the bed.",
        "Diabetic, and for three weeks burning feet at night that only ease when I hang them out of bed.",
        "Burning pain in my right forefoot at night for a month.",
    ],
)
def test_diabetic_foot_pain_at_night_eased_by_hanging_down_is_rest_pain(text, fast):
    """Floor beside the burning-feet look-alike: a diabetic's foot pain at night eased by hanging the leg
    down, and a burning in one forefoot at night, still raise the limb-ischaemia flag."""
    check_floor(text, fast, "consultation_24", CLTI)


# --- 4. 'Mum is on the floor' ---------------------------------------------------------------------------
@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Mum's right leg gave way in the kitchen and Mum is on the floor.",
        "Grandad has been on the floor since 10pm after his leg gave way.",
        "Her left leg buckled and my wife is on the floor, she can't get up.",
    ],
)
def test_a_person_on_the_floor_is_no_leg_hung_down(text, fast):
    """Session 20's leftover ("Mum is on the floor" still counted as a leg hung down, dependency relief of
    rest pain): a person on the floor is a fall."""
    level, flags, found = assess(text, fast)
    assert "pain_relieved_by_dependency" not in found, (text, fast, found)
    assert CLTI not in flags, (text, fast, level, sorted(flags))


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "The pain in my left foot eases when I sit with the leg on the floor.",
        "My right foot aches at night and I have to put it on the floor to settle it.",
    ],
)
def test_a_foot_put_on_the_floor_is_a_leg_hung_down(text, fast):
    """Floor beside the fall look-alike: a painful foot or leg put on the floor for relief is still dependency
    relief (the limb-ischaemia flag)."""
    check_floor(text, fast, "consultation_24", CLTI)
