"""Session 19 (f1o): walking itself (extraction F1, development11-30).

A claudication distance said to be the same each time was missed 37 of 76 times: the same landmark with a
hedge between ('always about the same spot'), the pain that comes back at the same point, a distance then
'every time' or 'on every single run', 'starts reliably', 'always at about 4 km', 'at 6 km like always'. And
'has to stop' alone was read as leg symptoms with walking 31 times, never on a gold span (mostly the end of
a run).

No probe line is behind these (the theme is the development parts' misses and spurious readings, counted in
the report); the sentences are our own, read in both modes, each family with look-alikes that must not fire
(a place on the body, a denied reproducibility, a stop that is not a walk)."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, states  # noqa: E402


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Her right calf tightens on the way to the post office, always roughly the same spot, by the bakery.",
        "He stops, the ache goes, and then it returns at the same point on the way home.",
        "The thigh cramp comes on at about 250 yards every time he walks.",
        "Both shins go tight at around the 4 km mark on every single run.",
        "Calf pain starts reliably after ten minutes of brisk walking.",
        "Shin tightness when running, always at about 5 km.",
        "His left shin seized at 8 km like always.",
        "The pain comes back always at almost exactly the same point on the hill.",
    ],
)
def test_reproducible_claudication_distance(text, fast):
    """development11-30 (reproducible_claudication_distance present, 37 of 76 missed): the onset said to be at
    the same place, distance or time each time."""
    st = states(text, fast)
    assert "present" in st.get("reproducible_claudication_distance", set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "The rash is always in the same place on her shin.",
        "The calf pain does not come on at the same point every time; some days 50 m, some days a mile.",
        "She returns to the same clinic every time her ulcer flares.",
    ],
)
def test_reproducible_distance_look_alikes(text, fast):
    """Look-alikes: a place on the body, a denied reproducibility, a clinic visited each time."""
    st = states(text, fast)
    assert "present" not in st.get("reproducible_claudication_distance", set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "About 20 minutes into each tempo run the front of both shins burns until she has to stop.",
        "The traffic was so heavy that he had to stop twice on the motorway.",
        "He walked in and said the traffic was so heavy that he had to stop twice.",
    ],
)
def test_has_to_stop_alone_is_no_walking_symptom(text, fast):
    """development11-30 ('has to stop' read as leg_symptoms_with_walking 31 times, never on a gold span): a
    stop alone names no walk."""
    st = states(text, fast)
    assert "present" not in st.get("leg_symptoms_with_walking", set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "After about 300 yards of walking his calf cramps and he has to stop.",
        "She has to stop walking after two lamp posts because both calves ache.",
        "we walk to the park most days and about halfway his right calf cramps so badly he has to stop.",
    ],
)
def test_walking_stop_still_reads(text, fast):
    """The walking wordings around a stop still read leg symptoms with walking."""
    st = states(text, fast)
    assert "present" in st.get("leg_symptoms_with_walking", set()), st
