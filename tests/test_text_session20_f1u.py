"""Session 20 (f1u): walking findings missed (extraction F1, development11-31).

leg_symptoms_with_walking present was missed 63 of 396 times and symptoms_improve_with_walking
present 32 of 118. Families fixed here: a walk past a distance or a time told with a conjunction
('whenever he walks more than 100 metres'), a symptom word right before a short walk, a few steps
or a walk to a place ('legs tire after a few steps', 'giving out walking round the supermarket'),
'hurts to walk on', a loaded march; and on the better side the second wind told as slowing down
then carrying on further or with less trouble, and the warm-up ('once warmed up', 'after ten or so
steps he walks normally').

No probe line is behind these (the theme is the development parts' misses); the sentences are our
own, read in both modes, each family with look-alikes that must not fire: a walk that eases the
symptom must not read as provoked by walking, and a stop-and-carry-on (claudication) must not read
as better with walking."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, states  # noqa: E402

WALK = "leg_symptoms_with_walking"
BETTER = "symptoms_improve_with_walking"


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Her calves ache whenever she walks more than 200 yards.",
        "The thigh pain is brought on by walking more than ten minutes.",
        "Both legs go numb once he has walked about 150 metres.",
        "Buttock tightness after 5-10 min of brisk walking.",
        "Her legs feel like jelly after a short walk.",
        "Her legs go like jelly after a few steps.",
        "Her thighs keep giving out walking round the market.",
        "His calf is sore and worse when he tries to walk up the lane.",
        "The swollen ankle hurts to walk on.",
        "Aching in the right shin during loaded marches.",
    ],
)
def test_walking_brings_symptoms(text, fast):
    """development11-31 (leg_symptoms_with_walking present, 63 of 396 missed): a walk bringing it."""
    st = states(text, fast)
    assert "present" in st.get(WALK, set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "She can walk more than two miles without any leg pain.",
        "The stiffness eases off after a short walk.",
        "She is fine walking round the market.",
        "When she walks more than a mile the ache gets better.",
        "He finished a 15-mile loaded march last week with no trouble.",
        "The restless ache eases when I walk round the kitchen.",
    ],
)
def test_walk_that_does_not_bring_symptoms(text, fast):
    """Look-alikes: a walk that eases it, a denied pain, a march without trouble: not provoked."""
    st = states(text, fast)
    assert "present" not in st.get(WALK, set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "If she slows to a stroll for a couple of minutes she can then carry on for much longer.",
        "If he slows right down for a minute, he can then carry on with far less difficulty.",
        "Her legs are stiff at first but she can keep going once warmed up.",
        "He trips on the first few steps, but after ten or so steps he walks normally.",
    ],
)
def test_better_with_walking(text, fast):
    """development11-31 (symptoms_improve_with_walking present, 32 of 118 missed): second wind and warm-up."""
    st = states(text, fast)
    assert "present" in st.get(BETTER, set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "After a few steps his calf cramps and he has to stop and rest.",
        "If he stops for a minute the calf pain goes and he can carry on for another 100 yards.",
    ],
)
def test_claudication_not_better_with_walking(text, fast):
    """Look-alikes: claudication that a stop relieves is not better with walking (the key direction)."""
    st = states(text, fast)
    assert "present" not in st.get(BETTER, set()), st
