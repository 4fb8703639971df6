"""Session 18 (f1l): where the leg symptoms are and on which side (extraction F1, development11-30).

SSHQ Q1 (numbness or pain from the thighs or buttocks down to the calves or shins) was missed 24 of 29 times;
the thigh named as where a leg symptom is worst, a symptom's path that starts in the buttock, both legs named
with a path, and a symptom that goes down the backs of both legs were missed too.

No probe line is behind these (the theme is the development parts' missed sites, counted in the report); the
sentences are our own, read in both modes, each family with look-alikes that must not fire (a swelling's
extent, a statin's or a long walk's sore thighs and calves, one leg's sciatica, a denial, a relative, a rash,
the bottom of the stairs)."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, is_emergency, states  # noqa: E402


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "For a year his legs go heavy and numb from the bum down to the shins after a short walk.",
        "Tingling from the buttocks into both calves when she walks to the shop.",
        "Retired joiner, b/l thigh ache spreading into both calves after 300 m on the flat.",
        "Walking 200 yards, his thighs and shins go numb and tingly.",
        "Aching and pins and needles from the thighs down to the shins on standing at the sink.",
    ],
)
def test_sshq_q1_thigh_or_buttock_to_calf_path(text, fast):
    """development11-30 (sshq_q1 present, 24 of 29 missed): a numb or painful path from the buttocks or thighs
    down to the calves, shins, ankles or feet is the SSHQ item."""
    st = states(text, fast)
    assert "present" in st.get("sshq_q1", set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Her right leg is swollen from the thigh down to the ankle since the flight.",
        "Both thighs and calves ache like after a marathon since the statin was increased.",
        "Pain shooting down the back of the right thigh into the calf since lifting a box.",
        "My thighs and calves were stiff and sore for two days after the hill walk.",
    ],
)
def test_sshq_q1_look_alikes(text, fast):
    """Look-alikes: a swelling's extent, a statin's or a long walk's sore thighs and calves (no numbness,
    tingling or burning), and one leg's sciatica into one calf are not the SSHQ item."""
    st = states(text, fast)
    assert "present" not in st.get("sshq_q1", set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "He denies any numbness from the thighs down to the shins.",
        "His mother had numbness from the buttocks to the feet when she walked.",
    ],
)
def test_sshq_q1_denied_or_relative(text, fast):
    """Look-alikes: a denied path and a relative's path are no present SSHQ item (ConText reads them)."""
    st = states(text, fast)
    assert "present" not in st.get("sshq_q1", set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "After ten minutes of walking the right leg gets a bursting feeling, worst in the thigh.",
        "When I walk up to the station my legs feel heavy, particularly the thighs.",
        "Brisk walking brings on a tight pain in the whole left leg, thigh worst, and he has to stop.",
    ],
)
def test_thigh_named_as_worst_site(text, fast):
    """development11-30 (thigh_pain_location and ecq_q6_thigh present, a venous claudication's 'whole leg,
    especially the thigh'): the thigh named as where the walking symptom is worst is the thigh site, and the
    ECQ site when walking brings it on."""
    st = states(text, fast)
    assert "present" in st.get("thigh_pain_location", set()), st
    assert "present" in st.get("ecq_q6_thigh", set()), st


@pytest.mark.parametrize("fast", MODES)
def test_thigh_worst_site_not_a_colour(fast):
    """Look-alike: a colour (or a swelling) that follows the emphasised thigh is no thigh pain."""
    st = states("Since this morning the leg looks odd, mostly the thigh is pale and mottled.", fast)
    assert "present" not in st.get("thigh_pain_location", set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Both legs ache from the backside down to the knees when I walk to the shops.",
        "It begins in my left buttock and runs down to my heel.",
    ],
)
def test_path_from_the_buttock_names_the_buttock(text, fast):
    """development11-30 (gluteal_pain_location present, 16 missed): a symptom's path that starts in the
    buttock names the buttock as a site."""
    st = states(text, fast)
    assert "present" in st.get("gluteal_pain_location", set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "The ache starts at the bottom of my back and stays there.",
        "I walked from the bottom of the hill to the top without stopping.",
    ],
)
def test_bottom_of_the_back_or_hill_is_no_buttock(text, fast):
    """Look-alikes: 'the bottom of my back' and 'the bottom of the hill' are no buttock site."""
    st = states(text, fast)
    assert "present" not in st.get("gluteal_pain_location", set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Both legs, from the bottom down to the ankles, go numb after a short walk.",
        "after five minutes both legs from the buttocks down to the calves go heavy",
        "It starts in my backside and goes down the backs of both legs when I walk.",
    ],
)
def test_both_legs_with_a_path(text, fast):
    """development11-30 (bilateral_buttock_or_leg_pain present, 52 missed): both legs named with a symptom's
    path, or a symptom going down the backs of both legs, is pain in both legs."""
    level, flags, st = assess(text, fast)
    assert "present" in st.get("bilateral_buttock_or_leg_pain", set()), st
    assert not is_emergency(level), (level, flags)


@pytest.mark.parametrize("fast", MODES)
def test_rash_down_both_legs_is_no_leg_pain(fast):
    """Look-alike: a rash down the backs of both legs is no pain in both legs."""
    st = states("She has a red rash down the backs of both legs.", fast)
    assert "present" not in st.get("bilateral_buttock_or_leg_pain", set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "I was worried about a clot, but both my calves look the same size and nothing is red.",
        "O/E calves soft and equal, no tenderness along the veins.",
        "Knee sore after the game. Both calves look the same, not hot.",
    ],
)
def test_calves_the_same_size_deny_one_sided_swelling(text, fast):
    """development11-30 (unilateral_calf_swelling absent, 24 of 51 missed): calves or legs said to be the same
    size or equal deny a one-sided calf swelling."""
    st = states(text, fast)
    assert "absent" in st.get("unilateral_calf_swelling", set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Both legs look the same colour in the photo.",
        "My thighs ache after the hill walk. Both legs the same.",
    ],
)
def test_legs_the_same_colour_or_symptom_is_no_size(text, fast):
    """Look-alikes: legs the same colour, or a symptom the same in both legs, say nothing of their size."""
    st = states(text, fast)
    assert "absent" not in st.get("unilateral_calf_swelling", set()), st


@pytest.mark.parametrize("fast", MODES)
def test_swollen_calf_beside_a_past_equal_size_stays_an_emergency(fast):
    """Safety look-alike: a swollen, tender calf after a flight stays a DVT emergency when the text also says
    the legs used to be the same size."""
    level, flags, _ = assess(
        "Since the long flight her left calf is swollen and tender, 4 cm bigger than the right; "
        "her legs used to be the same size.",
        fast,
    )
    assert is_emergency(level), (level, flags)
    assert "deep_vein_thrombosis" in flags, (level, flags)
