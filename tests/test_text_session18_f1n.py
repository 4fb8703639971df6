"""Session 18 (f1n): sport, cycling and unaccustomed exercise (extraction F1, development11-30):
a point in every run ('3 km into every run'); running inside a first-minutes cramp ('in the first
couple of minutes of running'); cycling that is fine ('Cycling and swimming fine', 'fine on his
exercise bike'); a walk or march beyond the usual ('first proper hill walk in years', 'his longest
so far', 'more gardening than usual', 'a new gym').

No probe line is behind these (the theme is the development parts' missed findings, counted in the
report); the sentences are our own, read in both modes, each family with a look-alike that must not
fire."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, states  # noqa: E402


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "For a year her shins go tight and full about 4 km into every run.",
        "His calves ache roughly ten minutes into each run.",
        "My thighs stiffen and burn in the first couple of minutes of running.",
    ],
)
def test_point_in_every_run_is_symptoms_with_running(text, fast):
    """development11-30 (symptoms_with_running_or_sport present, 33 of 66 missed)."""
    assert "present" in states(text, fast).get("symptoms_with_running_or_sport", set())


@pytest.mark.parametrize("fast", MODES)
def test_run_of_bad_luck_is_no_running(fast):
    """Look-alike: a 'run' that is not running."""
    st = states("She has had a run of bad luck with her knees; the calf aches on walking.", fast)
    assert "present" not in st.get("symptoms_with_running_or_sport", set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Calf pain after 200 m on the flat. Cycling and swimming fine.",
        "Legs ache after ten minutes of walking. Exercise bike fine for 40 min.",
        "Thigh pain walking to the shops; he is fine on his exercise bike.",
        "Walking brings on the leg pain; spin classes don't bother her.",
        "Calf pain on walking, yet she can ride her exercise bike for an hour without a twinge.",
    ],
)
def test_cycling_fine_is_cycling_absent(text, fast):
    """development11-30 (cycling_provokes_same_symptoms absent, 22 of 40 missed)."""
    st = states(text, fast)
    assert st.get("cycling_provokes_same_symptoms") == {"absent"}, st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Walking fine, but cycling brings on the same calf pain.",
        "Cycling hurts too. He is fine on the flat.",
    ],
)
def test_cycling_that_hurts_is_not_absent(text, fast):
    """Look-alike: relief words before the bike, or about walking, do not deny the bicycle test."""
    st = states(text, fast)
    assert "absent" not in st.get("cycling_provokes_same_symptoms", set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Sore thighs since she did her first proper hill walk in years on Sunday.",
        "Shin pain after a 25 km march, his longest so far.",
        "Left shin burning; yesterday was the first time carrying full kit.",
        "Aching thighs after doing much more gardening than usual.",
        "He dug the allotment all weekend, far more than he usually does, and now his thighs ache.",
        "She did a circuit class at a new gym on Monday and her legs are sore.",
    ],
)
def test_beyond_the_usual_is_unaccustomed_exercise(text, fast):
    """development11-30 (recent_unaccustomed_exercise present, 22 of 56 missed)."""
    assert "present" in states(text, fast).get("recent_unaccustomed_exercise", set())


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "The longest walk he can manage is 100 m before the calf cramps.",
        "The calf pain is more than usual today.",
    ],
)
def test_usual_walks_are_no_unaccustomed_exercise(text, fast):
    """Look-alike: a walking distance and a worse pain are no unusual exercise."""
    st = states(text, fast)
    assert "present" not in st.get("recent_unaccustomed_exercise", set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Since the long flight his right calf feels tight.",
        "Her calves go tight and cramp in the first minutes of climbing stairs, since childhood.",
        "Compartment pressure was not measured.",
    ],
)
def test_tight_calf_alone_is_no_compartment_tightness(text, fast):
    """development11-30 (compartment_tightness_exercise present, 33 spurious): a tight calf with a clot or a
    lifelong cramp, or a compartment pressure named, is no compartment tightness on exercise."""
    st = states(text, fast)
    assert "present" not in st.get("compartment_tightness_exercise", set()), st


@pytest.mark.parametrize("fast", MODES)
def test_tight_shins_stay_compartment_tightness(fast):
    """Floor: shins that go tight on a run stay compartment tightness."""
    st = states("Both shins go tight about 2 km into a run and settle when he stops.", fast)
    assert "present" in st.get("compartment_tightness_exercise", set()), st
