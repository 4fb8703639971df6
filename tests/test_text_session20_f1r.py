"""Session 20 (f1r): relief by standing still and leg symptoms at rest (extraction F1, development11-31).

relieved_by_standing_still (and its ECQ Q5 alias) was read 57 and 66 times off a gold span. Its definition
is relief by standing still within about 10 minutes, without sitting: a rest alone ('eases with rest', 'fine
after a rest'; 16 readings, no gold span on development11-31) is not it, nor a relief over an hour or 15-30
minutes, nor a stop followed by walking ('if I stop and walk home it settles'), a contrast ('kept building
after he stopped rather than settling', development31 am049, the lead's example) or a bus stop.
symptoms_at_rest was read 10 times from a leg 'hung down' that was a chore, an arm, a fall or a foot-drop slap
(the concept screen's dangle rule, which also raised the chronic limb-threatening ischaemia flag).

No probe line is behind these; the sentences are our own, read in both modes, with the wordings that must
still fire."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, states  # noqa: E402


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "The ache in his calf kept building after he stopped rather than settling.",
        "Her calves ache after 200 yards and it eases with rest.",
        "His legs are fine after a rest.",
        "If I stop and walk home it settles.",
        "When standing at the bus stop her legs get worse.",
        "The cramp in her thigh settles within 10-15 min of stopping.",
        "It settles within 10-15 minutes of rest.",
        "The cramps eased within an hour of stopping.",
        "He has to stop and sit, and it takes 20 to 30 minutes to settle.",
    ],
)
def test_not_relief_by_standing_still(text, fast):
    """development11-31 (relieved_by_standing_still present, 57 spurious; ECQ Q5 66): a rest, a slow relief, a
    walk after the stop, a contrast or a bus stop is no relief by standing still within 10 minutes."""
    st = states(text, fast)
    assert "present" not in st.get("relieved_by_standing_still", set()), st
    assert "present" not in st.get("ecq_q5_gone_within_10_min", set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "The calf pain settles when she stops and stands for a minute.",
        "It goes off if he stands still.",
        "Calf pain settles within 2-3 minutes of standing.",
        "Once I stop it eases quickly.",
        "If I stand still for a minute or two it fades.",
        "The calf pain goes after 2 min rest.",
        "Settles with a short rest.",
    ],
)
def test_relief_by_standing_still_kept(text, fast):
    """The wordings the narrowed rules must still read (gold spans of development0-31: a short rest of a few
    minutes is kept)."""
    st = states(text, fast)
    assert "present" in st.get("relieved_by_standing_still", set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "About noon, while hanging out the washing, she got a sudden bad pain in the right calf.",
        "Dad's leg gave way, he's on the floor and cannot get up.",
        "Her right foot is slapping on the floor as she walks, and the leg feels weak.",
    ],
)
def test_not_leg_hung_down(text, fast):
    """development11-31 (symptoms_at_rest present, 10 spurious from the concept screen's dangle rule): a
    chore, a fall or a foot-drop slap is no leg hung down for relief."""
    _level, flags, st = assess(text, fast)
    assert "present" not in st.get("pain_relieved_by_dependency", set()), st
    assert "chronic_limb_threatening_ischemia" not in flags


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "He sleeps in his chair with the leg hanging down because the foot pain at night is terrible.",
        "At night I have to put my foot on the floor to ease the burning in my toes.",
        "The pain in my left foot wakes me at night and I hang it over the side of the bed to ease it.",
    ],
)
def test_leg_hung_down_kept(text, fast):
    """The relief by dependency of rest pain still raises chronic limb-threatening ischaemia."""
    _level, flags, st = assess(text, fast)
    assert "present" in st.get("pain_relieved_by_dependency", set()), st
    assert "chronic_limb_threatening_ischemia" in flags


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "The shin pain kept building after he stopped rather than settling.",
        "Her calf pain got worse once she finished running instead of easing.",
    ],
)
def test_pain_not_settling_after_stop(text, fast):
    """development31 am049 (the lead's example): the settling after the stop denied by a contrast is pain not
    settling with rest (read before by the fast layer alone)."""
    st = states(text, fast)
    assert "present" in st.get("pain_not_settling_with_rest", set()), st
    assert "present" not in st.get("relieved_by_standing_still", set()), st


@pytest.mark.parametrize("fast", MODES)
def test_settled_after_stop_not_pain_not_settling(fast):
    """Look-alike: the relief after the stop with the contrast the other way round."""
    st = states("The pain settled after he stopped rather than building.", fast)
    assert "present" not in st.get("pain_not_settling_with_rest", set()), st
