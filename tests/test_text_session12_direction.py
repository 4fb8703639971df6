"""Session 12 (helper fx5): the direction of symptoms with exertion. Wording families that the reader
missed on development11-24 (symptoms_improve_with_walking, leg_symptoms_with_walking), each read in both
modes, beside look-alikes that must never read the direction backwards: relief by stopping, resting, sitting
or leaning is not an improvement with walking, and symptoms that walking brings on are not one either. Every
sentence is invented (none is a corpus or probe line); the docstrings name the development wording family
each test came from."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, states  # noqa: E402

IMPROVE = "symptoms_improve_with_walking"
WORSE = "leg_symptoms_with_walking"


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        # the warm-up of myotonia after a number of steps (development12 b14, development21 q230,
        # development24 k017)
        "After eight or ten steps the stiffness wears off and I walk normally.",
        "My legs are stiff getting up, but after a dozen paces they loosen off.",
        "Her thighs feel stronger after the first few steps.",
        # once / while / as long as he is going (development19 m21, development20 p49, p03)
        "Once she's going she's fine and can walk for miles.",
        "While I'm walking about it's fine, but sitting down it comes back.",
        "As long as I keep walking it's gone.",
        # restless legs: get up and walk, then it goes (development15 g09, development17 q09,
        # development23 p004)
        "At night I have to get up and pace the hall, and then it goes.",
        "I have to get up and walk round the bedroom, then it settles.",
        # axial spondyloarthritis (development19 m38, m24, development21 q227, q232)
        "A brisk walk loosens my back off.",
        "Walking around actually feels easier than sitting.",
        "My back is much better after a morning walk.",
        "Worse sitting, better walking about.",
        # Lambert-Eaton facilitation and McArdle's second wind (development20 p32, development17 q12, q22)
        "His legs get stronger as he gets going.",
        "She gets her second wind after a few minutes and then walks for an hour.",
        "It's better the more I do.",
    ],
)
def test_session12_better_with_walking_is_read(fast, text):
    """Floors: a walking or effort word with a getting-better word (development11-24 misses), both modes;
    never read as provocation by walking."""
    got = states(text, fast)
    assert "present" in got.get(IMPROVE, set()), (fast, got)
    assert "present" not in got.get(WORSE, set()), (fast, got)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "My calf aches after 200 yards, and after a short rest I can walk on.",
        "I stop for a bit and can carry on.",
        "After a few minutes of standing still it wears off.",
        "After 10 minutes sitting down the heaviness wears off and I can walk again.",
        "When I sit on a bench for a few minutes it goes, then I can walk again.",
        "I walk about 100 yards and then it gets better if I stand still.",
        "After five minutes of walking the cramp sets in.",
        "After a few steps my legs go like jelly.",
        "I walk 200 yards and then it stops me.",
        "The further I walk the worse it gets, and it is better after a sit down.",
        "Once I stop and lean on the trolley I'm fine.",
        "While I'm resting it's fine.",
    ],
)
def test_session12_rest_relief_is_not_improvement(fast, text):
    """Look-alikes: relief by stopping, standing still, sitting or leaning, and walking that brings symptoms
    on, are never symptoms_improve_with_walking (the direction read backwards), both modes. 'I walk about 100
    yards and then it gets better if I stand still' was read as improvement at the session's start."""
    got = states(text, fast)
    assert "present" not in got.get(IMPROVE, set()), (fast, got)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        # a worsening that grows with the distance (development11 a14, development18 h10, development20 p41)
        "Her thighs get stiffer the further she walks.",
        "The further he goes the heavier his legs feel.",
        # walking as the subject that makes a site worse (development20 p31)
        "Walking to the post box makes both calves ache.",
        "Going to the shop on foot is fine, but walking up the hill makes the thighs worse.",
        # a stiffness word with walking (development22 e042, development24 k044)
        "Legs feel stiff and heavy walking round the garden.",
        # a time of brisk walking (development12 b07, development15 g18, development22 e006)
        "Both calves cramp after ~10 min walking.",
        "After 5-10 mins of fast walking his calf cramps.",
    ],
)
def test_session12_worse_with_walking_is_read(fast, text):
    """Floors: a symptom word with a walking word in one clause, both modes; never read as improvement."""
    got = states(text, fast)
    assert "present" in got.get(WORSE, set()), (fast, got)
    assert "present" not in got.get(IMPROVE, set()), (fast, got)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "The stiffness wears off after the first few steps.",
        "Pain at night, better walking about.",
        "Restless feeling in the legs at night, walking about eases it.",
        "No pain when walking.",
    ],
)
def test_session12_improvement_or_none_is_not_provocation(fast, text):
    """Look-alikes: an improvement with walking, or walking without symptoms, is never
    leg_symptoms_with_walking present, both modes."""
    got = states(text, fast)
    assert "present" not in got.get(WORSE, set()), (fast, got)
