"""Session 16 (f1d): extraction F1 of the walking items (development11-29 misses and spurious
readings; no probe line). ECQ question 1 (pain or discomfort in the legs on walking) is not read from a
walking mention whose sentence names only a motor failure (weakness, a dragging foot, legs giving way),
while leg symptoms with walking still are; a walk of a stated distance or time as the condition of the
complaint is leg symptoms with walking. Invented sentences of our own, read in both modes."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, states  # noqa: E402

Q1 = "ecq_q1_pain_on_walking"
LSWW = "leg_symptoms_with_walking"

MOTOR_ONLY = [
    # development18/26 family (not quoted): weakness growing with the walk
    "Her legs get weaker the further she walks and she has to sit on the wall.",
    # development13/29 family: a foot that drags after a walk of some length
    "After about 600 m of walking his right foot starts to drag and he trips on the kerb.",
    # development21/27 family: legs that give way on a walk, pain denied
    "My legs give way when I walk round the supermarket, weakness, not pain.",
]

DISCOMFORT = [
    # pain, and the sensory discomforts the question's 'discomfort' covers
    "His calves ache when he walks and it goes when he stops.",
    "Both legs go heavy and numb after ten minutes of walking.",
    # weakness together with pain: still a pain answer
    "Her thighs burn and feel weak when she walks uphill.",
]

DISTANCE = [
    "Her calves ache when she walks more than about 200 metres.",
    "Whenever I walk briskly for more than 15-20 minutes the left thigh goes tight.",
    "Aching in both buttocks on walking >150 m, eased by sitting.",
    "Walking tolerance ~300 m because of calf pain.",
    "Pt: Walking more than 10 minutes, the backs of my legs ache.",
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", MOTOR_ONLY)
def test_motor_failure_on_walking_is_no_ecq_q1(text: str, fast: bool) -> None:
    st = states(text, fast)
    assert "present" in st.get(LSWW, set()), st
    assert "present" not in st.get(Q1, set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", DISCOMFORT)
def test_pain_or_discomfort_on_walking_is_ecq_q1(text: str, fast: bool) -> None:
    st = states(text, fast)
    assert "present" in st.get(Q1, set()), st


@pytest.mark.parametrize("fast", MODES)
def test_denied_walking_pain_stays_ecq_q1_no(fast: bool) -> None:
    """Look-alike of the filter: the filter is for present mentions only; a denial with 'no numbness, no
    weakness' in its sentence still answers ECQ Q1 no."""
    st = states("No pain in the legs on walking, no weakness, no numbness.", fast)
    assert "absent" in st.get(Q1, set()), st
    assert "present" not in st.get(Q1, set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", DISTANCE)
def test_walk_of_a_stated_distance_or_time(text: str, fast: bool) -> None:
    st = states(text, fast)
    assert "present" in st.get(LSWW, set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        # a walk that eases the complaint, and a pastime with a distance
        "When I walk more than 10 minutes the stiffness gets better.",
        "She enjoys walking more than 5 miles a day and has no leg pain.",
        # a distance walked without symptoms
        "He can walk more than 2 miles without any pain in his legs.",
    ],
)
def test_walk_distance_look_alikes(text: str, fast: bool) -> None:
    st = states(text, fast)
    assert "present" not in st.get(LSWW, set()), st
