"""Session 19 (f1q): the course of a weakness (extraction F1, development11-30).

Families: safety-net advice about legs going weak is the red flag itself said hypothetically
(bilateral_leg_weakness_progressive hypothetical, the corpus convention); a foot that has started to
catch, trip, slap or drag within the last days or weeks is a progressive motor deficit; a weak leg said
to get worse week by week (or 'every day more bad') likewise; a weakness course stated over months is
slowly progressive weakness over months.

No probe line is behind these (the theme is the development parts' misses, counted in the report); the
sentences are our own, read in both modes, each family with a look-alike."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, states  # noqa: E402


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Sciatica for a week. Safety net: go to A&E if both of your legs start to go weak.",
        "Back pain. Advised to ring 999 if her legs become weak or she cannot pass water.",
        "Plan physio; attend ED the same day if his legs go weak.",
    ],
)
def test_safety_net_leg_weakness_is_hypothetical_progressive(text, fast):
    """development11-30 (bilateral_leg_weakness_progressive hypothetical, 17 of 17 missed): the advice
    names weakness of both legs developing over hours to days, hypothetically; it raises nothing."""
    level, flags, st = assess(text, fast)
    assert "hypothetical" in st.get("bilateral_leg_weakness_progressive", set()), st
    assert "present" not in st.get("bilateral_leg_weakness_progressive", set()), st
    assert level not in ("emergency", "emergency_ambulance"), (level, flags)


@pytest.mark.parametrize("fast", MODES)
def test_present_weakness_of_both_legs_is_not_hypothetical(fast):
    """Look-alike: weakness of both legs that is there now stays present (and is not only advice)."""
    st = states("Both legs have felt weak since Tuesday and he nearly fell on the stairs.", fast)
    assert "present" in st.get("bilateral_leg_weakness", set()), st
    assert "hypothetical" not in st.get("bilateral_leg_weakness_progressive", set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Over the past five days she has begun tripping over her left foot on the kerb.",
        "For about a week his right foot has been dragging and slapping when he walks.",
        "Right foot keeps catching on the carpet and she stumbled twice. It gets worse week by week.",
        "Since two days my left foot is floppy when I walk, the toes catch. Every day more bad.",
    ],
)
def test_foot_drop_new_over_days_or_weeks_is_progressive(text, fast):
    """development11-30 (progressive_motor_deficit present, 29 of 70 missed): a foot drop that began days
    or weeks ago, or is said to worsen week by week, is a motor deficit progressing over days to weeks."""
    level, flags, st = assess(text, fast)
    assert "present" in st.get("progressive_motor_deficit", set()), st
    assert level in ("consultation_24", "emergency", "emergency_ambulance"), (level, flags)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Over the last three days I have been unable to catch my breath climbing the stairs.",
        "For two weeks no tripping, no foot catching, only an ache in the calf when walking.",
        "Back pain for a week, getting worse week by week. Legs feel fine.",
    ],
)
def test_no_foot_drop_no_progressive_deficit(text, fast):
    """Look-alikes: a breath that cannot be caught, a denied foot catch, a worsening back pain alone."""
    st = states(text, fast)
    assert "present" not in st.get("progressive_motor_deficit", set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Six months of progressive difficulty getting out of low chairs and up the stairs.",
        "61F. 9/12 progressive weakness of the thighs, now struggles with steps.",
        "Over the past ten months he has developed difficulty rising from a squat.",
        "Over the last 8 months her left foot has started slapping on the pavement.",
        "His left foot catches on kerbs and it has got worse month by month.",
    ],
)
def test_weakness_over_months_is_slowly_progressive(text, fast):
    """development11-30 (slowly_progressive_weakness_months present, 20 of 24 missed): a weakness whose
    course is told in months."""
    st = states(text, fast)
    assert "present" in st.get("slowly_progressive_weakness_months", set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Over the past 6 months his calf pain has made walking harder and he stops every 200 m.",
        "My calf pain has got worse month by month, I stop after 100 yards.",
        "Three months of progressive calf pain on walking, eased by standing still.",
    ],
)
def test_pain_over_months_is_not_slowly_progressive_weakness(text, fast):
    """Look-alikes: a walking pain, not a weakness, worsening over months."""
    st = states(text, fast)
    assert "present" not in st.get("slowly_progressive_weakness_months", set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Twenty minutes ago her right leg just went from under her in the kitchen.",
        "Walking the dog this morning his left leg suddenly gave out and he fell against the fence.",
    ],
)
def test_leg_that_gives_out_is_new_weakness(text, fast):
    """development11-30 (new_leg_weakness present, 20 of 99 missed; stroke stories): a leg that went from
    under someone or gave out (as 'gave way' already was) is a new true weakness."""
    level, flags, st = assess(text, fast)
    assert "present" in st.get("new_leg_weakness", set()), st
    assert level in ("consultation_24", "emergency", "emergency_ambulance"), (level, flags)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "The knee has never given out or locked.",
        "Right knee pain on stairs, no giving out.",
    ],
)
def test_denied_giving_out_is_not_weakness(text, fast):
    """Look-alike: a knee that does not give out."""
    st = states(text, fast)
    assert "present" not in st.get("new_leg_weakness", set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Getting up off the low sofa has become a real struggle for her.",
        "Getting out of the bath and off the toilet is hard now.",
    ],
)
def test_hip_weakness_and_trouble_rising_is_proximal(text, fast):
    """development11-30 (proximal_leg_weakness present, 24 of 114 missed): rising from a seat told as hard
    (the finding's own definition)."""
    st = states(text, fast)
    assert "present" in st.get("proximal_leg_weakness", set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Hip flexion 5/5 and knee extension 5/5 on both sides.",
        "Getting up from a chair is no trouble at all, only the calf aches on walking.",
        "Getting out of the car is hard because of my back pain.",
    ],
)
def test_full_hip_power_and_easy_rising_not_proximal(text, fast):
    """Look-alikes: full hip power; rising denied as a difficulty."""
    st = states(text, fast)
    assert "present" not in st.get("proximal_leg_weakness", set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Known myasthenia. Fine in the morning, but by mid afternoon her legs give way on the steps.",
        "She manages the morning school run; by teatime she can not climb the stairs.",
    ],
)
def test_legs_failing_by_later_in_the_day_is_fatigable(text, fast):
    """development11-30 (fatigable_weakness present, 17 of 34 missed): legs that fail by a later hour of the
    day."""
    st = states(text, fast)
    assert "present" in st.get("fatigable_weakness", set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "By the evening my legs ache and I cannot keep them still in bed.",
        "By the evening I can't sleep for the burning in my feet.",
    ],
)
def test_evening_pain_or_restlessness_is_not_fatigable(text, fast):
    """Look-alikes: a pain or restlessness worse in the evening is not a fatigable weakness."""
    st = states(text, fast)
    assert "present" not in st.get("fatigable_weakness", set()), st


@pytest.mark.parametrize("fast", MODES)
def test_legs_like_rubber_is_weakness_of_both_legs(fast):
    """development11-30 (bilateral_leg_weakness present, 34 of 144 missed): legs that 'go to rubber'."""
    st = states("After ten minutes round the supermarket both legs go to rubber and I have to sit.", fast)
    assert "present" in st.get("bilateral_leg_weakness", set()), st
    st = states("He wears rubber boots on the farm; his legs sweat in them.", fast)
    assert "present" not in st.get("bilateral_leg_weakness", set()), st
