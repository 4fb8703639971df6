"""Session 13 (the lead): the red flags development25 and development26 (the blind parts blind14 and blind15,
opened this session) had never raised, in invented sentences of our own; each read in both modes, with a
look-alike that must not fire."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, at_least  # noqa: E402

FLOORS = [
    # development26 ab001: lost bladder sensation and 'accidents' in lay words, on a known stenosis
    (
        "cauda_equina",
        "emergency",
        "Known spinal stenosis. For three days she has not felt when her bladder is full.",
    ),
    ("cauda_equina", "emergency", "Asked about his bladder, he admits to a couple of accidents this week."),
    ("cauda_equina", "emergency", "Back pain again, and I can't tell when I need to wee any more."),
    # development26 ab001: the toilet paper feels odd when wiping
    (
        "cauda_equina",
        "emergency",
        "She says the toilet paper feels strange, as if it were someone else's skin.",
    ),
    # development26 ab009: a cold, paler foot since yesterday evening, told late in a routine PAD call
    (
        "acute_limb_ischemia",
        "emergency",
        "Routine claudication review. Since last night the left foot has felt cold and looks paler "
        "than the right.",
    ),
    (
        "acute_limb_ischemia",
        "emergency",
        "Since this morning her right foot looks paler than the left and feels cold.",
    ),
    # development25 aa035: a growing difficulty getting up from a chair over weeks
    (
        "progressive_neurological_deficit",
        "consultation_24",
        "Over the last month she has had increasing difficulty getting up from a low chair.",
    ),
    (
        "progressive_neurological_deficit",
        "consultation_24",
        "It is getting harder and harder to get up off the toilet, for about three weeks now.",
    ),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("flag,floor,text", FLOORS)
def test_session13_floor(flag, floor, text, fast):
    level, flags, _ = assess(text, fast)
    assert flag in flags and at_least(level, floor), (level, sorted(flags))


LOOK_ALIKES = [
    # 'can' without its negation is no weakness (development26 ab009)
    ("He can move his toes normally and the foot is warm.", "new_leg_weakness"),
    # a road accident is no bladder accident, even with the bladder named
    ("Bladder and bowels fine. He was in a car accident in 2019.", "new_urinary_retention_or_incontinence"),
    # a growing difficulty over months is slowly progressive weakness, not a 24-hour flag
    (
        "Over eighteen months he has had slowly progressive weakness and increasing difficulty "
        "rising from a chair.",
        "progressive_motor_deficit",
    ),
    # a foot paler on elevation in chronic PAD, no recent onset: no acute ischaemia
    ("Claudication for years; the foot looks paler than the other when raised.", "sudden_onset_leg_pain"),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text,finding", LOOK_ALIKES)
def test_session13_look_alike(text, finding, fast):
    level, flags, states = assess(text, fast)
    assert "present" not in states.get(finding, set()), states
    assert "acute_limb_ischemia" not in flags and "cauda_equina" not in flags


def test_movement_kept_but_weak_is_weakness():
    """'Can wiggle toes but weak' (development5 w05) stays a weakness once 'can' needs its negation."""
    for fast in MODES:
        _, _, states = assess("Cold mottled foot since 11:00. Can wiggle toes but weak.", fast)
        assert "present" in states.get("new_leg_weakness", set()) or "present" in states.get(
            "paralysis_limb", set()
        )
