"""Session 15 (fix helper fxd): 'neither ... nor', 'nor', and near-negations ('barely', 'hardly', 'only
just'), in both directions: a denial ('Neither leg is swollen') and an ability lost ('can neither stand nor
walk'). Invented sentences of our own (each differs from the probe line it came from), read in both modes:
floors (at least this triage and this red flag) and look-alikes (not this finding, or not an emergency)."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import BOTH_MODES, assess, check_floor, check_not_emergency  # noqa: E402

FLOORS = [
    # /tmp/s15/neither.txt:4 and session15_qi:1: two abilities lost, 'can neither X nor Y'
    (
        "cauda_equina",
        "emergency",
        "Since this afternoon he can neither feel the toilet paper nor hold his water.",
    ),
    ("cauda_equina", "emergency", "She could neither feel her bottom nor hold her urine this morning."),
    # /tmp/s15/neither.txt:5: legs that no longer carry him, both weak, since yesterday
    (
        "cauda_equina",
        "emergency_ambulance",
        "Since yesterday she could neither stand nor walk, both legs weak.",
    ),
    (
        "cauda_equina",
        "emergency_ambulance",
        "Both legs have gone weak since yesterday and now he can't stand or walk.",
    ),
    # /tmp/s15/neither.txt:6 and session15_qi:3: 'neither leg will take his weight'
    (
        "cauda_equina",
        "emergency_ambulance",
        "Since last night neither of her legs will take her weight, both legs weak.",
    ),
    # 'nor' after a lost ability continues the list of what is lost
    ("cauda_equina", "emergency", "Since this morning I can't feel my feet nor my bottom."),
    # session15_qi:2, qi:22: a movement or feeling nearly lost in a limb gone cold and pale within hours
    (
        "acute_limb_ischemia",
        "emergency_ambulance",
        "Sudden pain in the right calf 3 hours ago, the foot is white and cold and she can barely move "
        "her toes.",
    ),
    (
        "acute_limb_ischemia",
        "emergency_ambulance",
        "His right foot went pale and cold this morning and he can hardly feel it when I touch his toes.",
    ),
    # session15_qi:5: 'hardly any feeling'
    (
        "acute_limb_ischemia",
        "emergency_ambulance",
        "Barely any feeling in her left foot since it turned white two hours ago.",
    ),
]


@BOTH_MODES
@pytest.mark.parametrize("flag,floor,text", FLOORS)
def test_session15_fxd_floor(flag, floor, text, fast):
    """Floors from /tmp/s15/neither.txt:4-6 and session15_qi:1, qi:2, qi:3, qi:5, qi:22."""
    check_floor(text, fast, floor, flag)


NOT_EMERGENCY = [
    # /tmp/s15/neither.txt:1-2 and session15_qi:34, qi:46: 'neither' denies a swollen leg
    "Neither leg is swollen.",
    "Calves ache on walking. Neither calf is swollen or red and neither foot is cold.",
    "Cramp in the right calf after 300 yards, eases when I stop; neither leg looks puffy.",
    # /tmp/s15/neither.txt:3: 'neither fever nor rigors' with back pain
    "Neither fever nor rigors. Low back ache since lifting a box on Monday.",
    "Back pain after gardening, neither feverish nor sweaty at night.",
    # session15_qi:50: 'nor' continues a denial beyond the reach of its first cue
    "No numbness or weakness in either leg at all, nor any change in my waterworks. "
    "Thighs ache after standing.",
    # a denial that is not an ability: 'can't say' lists what was not had
    "I can't say I've had fevers nor night sweats, just a stiff lower back after lifting.",
    # a walk cut short is no lost walking
    "For two years I can barely walk 200 yards before my calves ache, both legs weak on hills.",
]


@BOTH_MODES
@pytest.mark.parametrize("text", NOT_EMERGENCY)
def test_session15_fxd_look_alike_not_emergency(text, fast):
    """Look-alikes of /tmp/s15/neither.txt:1-3 and session15_qi:34, qi:46, qi:50."""
    check_not_emergency(text, fast)


NOT_PRESENT = [
    ("Neither leg is swollen.", "unilateral_calf_swelling"),
    ("Neither fever nor rigors. Back ache after lifting.", "fever_with_back_pain"),
    ("No weakness either side, nor any numbness around my bottom.", "saddle_anesthesia"),
]


@BOTH_MODES
@pytest.mark.parametrize("text,finding", NOT_PRESENT)
def test_session15_fxd_not_present(text, finding, fast):
    """/tmp/s15/neither.txt:1, :3 and session15_qi:50: what 'neither'/'nor' deny is not read as present."""
    _, _, states = assess(text, fast)
    assert "present" not in states.get(finding, set()), states
