"""Session 13 (fix helper fx13e): non-urgent look-alikes the probe files session13_pg.txt and
session13_ph.txt had read at an emergency level (safety-netting advice, a residual deficit after an old
stroke, concentrated yellow urine), in invented sentences of our own; each with the real emergency in the
same words as a floor, both modes."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, check_floor, check_not_emergency  # noqa: E402

LOOK_ALIKES = [
    # session13_pg.txt:28 and session13_ph.txt:55: dark yellow urine that clears with water is
    # concentrated urine
    (
        "After the long run my pee was dark yellow, but it went pale again once I drank some water.",
        "dark_urine_after_exercise",
    ),
    ("Urine dark yellow first thing, clear by the afternoon; never brown.", "dark_urine_after_exercise"),
    ("Dark yellow wee after the hike, legs a bit achy, otherwise fine.", "dark_urine_after_exercise"),
    # session13_ph.txt:3: safety-netting with 'seek urgent help if'
    (
        "Sciatica settling. Seek urgent help if you notice numbness around the back passage or any change in "
        "bladder control.",
        "saddle_anesthesia",
    ),
    # session13_ph.txt:12: 'Advised 999 if'
    ("Routine pulse check booked. Advised 999 if the foot suddenly goes white and cold.", "pale_limb"),
    # session13_ph.txt:49: 'see GP if'
    (
        "Rest and fluids; see your GP if one calf gets swollen and hot or the wee turns brown.",
        "unilateral_calf_swelling",
    ),
    ("Rest and fluids; see a doctor if your urine turns dark brown.", "dark_urine_after_exercise"),
    # session13_ph.txt:10: 'Re-present if'
    (
        "Restless legs much better on treatment. Re-present if the symptoms spread to the arms.",
        "ascending_symmetric_weakness_days",
    ),
    # session13_ph.txt:20: a residual hemiparesis after an old stroke, unchanged
    (
        "Stroke in 2009 with residual mild left hemiparesis, uses a stick, no change this year.",
        "sudden_unilateral_weakness",
    ),
    ("Known old stroke, residual right hemiparesis, stable for years.", "sudden_unilateral_weakness"),
    # session13_ph.txt:31: the symptoms a safety-net was about, named before 'safety-netted'
    ("Sciatica for ten days, improving; red-flag and saddle symptoms safety-netted.", "saddle_anesthesia"),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text,finding", LOOK_ALIKES)
def test_session13_over_look_alike(text, finding, fast):
    """Not an emergency, and the finding is not read as present."""
    check_not_emergency(text, fast)
    _, _, states = assess(text, fast)
    assert "present" not in states.get(finding, set()), (text, fast, states.get(finding))


FLOORS = [
    # the same words as a real emergency (session13_pg.txt:28, ph:55, ph:49)
    ("rhabdomyolysis", "emergency", "After the marathon my urine is dark brown like cola."),
    (
        "rhabdomyolysis",
        "emergency",
        "My wee was dark yellow at first, then it went brown like coke after the gym.",
    ),
    ("rhabdomyolysis", "emergency", "Since the squat session my wee has been dark, like strong tea."),
    ("rhabdomyolysis", "emergency", "Passed dark urine after the ultramarathon."),
    # ph:3, ph:31
    (
        "cauda_equina",
        "emergency",
        "Numbness around the bottom since this morning and she cannot feel the toilet paper.",
    ),
    ("cauda_equina", "emergency", "He describes saddle symptoms since yesterday and a weak stream."),
    ("cauda_equina", "emergency", "Safety-netted, but already reports new saddle numbness today."),
    # ph:12
    ("acute_limb_ischemia", "emergency", "An hour ago her foot suddenly turned white and cold and it hurts."),
    # ph:10
    (
        "guillain_barre",
        "emergency",
        "Both legs weak for three days, getting worse every day, and now my arms are weak too.",
    ),
    # ph:20
    ("stroke", "emergency_ambulance", "New weakness of the right arm and leg an hour ago."),
    (
        "stroke",
        "emergency_ambulance",
        "Old stroke in 2015 with residual right hemiparesis; new weakness of the left arm and leg "
        "since an hour ago.",
    ),
    ("stroke", "emergency_ambulance", "Right hemiparesis since this morning."),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("flag,floor,text", FLOORS)
def test_session13_over_floor(flag, floor, text, fast):
    check_floor(text, fast, floor, flag)


def test_seeing_whether_it_eases_is_no_safety_net():
    """'to see if it eases' names nobody to see: the swollen calf told after it stays present
    (the 'see your GP if' cue of session13_ph.txt:49)."""
    for fast in MODES:
        _, _, states = assess(
            "I waited to see if the swelling in my left calf would go down, it is swollen and hot.", fast
        )
        assert "present" in states.get("unilateral_calf_swelling", set()), (
            fast,
            states.get("unilateral_calf_swelling"),
        )
