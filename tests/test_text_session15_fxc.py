"""Session 15 (fxc): a new change against a known baseline, devices, at work. Floors (text -> at least this
triage and this red flag, both reading modes) and look-alikes (an old or lifelong state that must not read as
a new one), each in invented sentences of our own, naming the probe line it came from."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, check_floor, check_not_emergency, is_emergency  # noqa: E402

FLOORS = [
    # session15_qe:32: a 'no' of the control must not reach a numb bottom reported after 'and said'
    (
        "cauda_equina",
        "emergency",
        "He has no feeling of needing to go, and says his backside has gone numb since Friday.",
    ),
    # session15_qe:32: control lost NOW on top of an old leak (pads), with no organ named
    (
        "cauda_equina",
        "emergency",
        "She has used pads for a long-standing stress leak. Since Tuesday she now has no control at all.",
    ),
    (
        "cauda_equina",
        "emergency",
        "Wears pads for an old dribble after his prostate op, but has now lost all control.",
    ),
    # session15_qe:44: a sensory level that has moved is new, even in a known cord injury
    (
        "spinal_cord_compression",
        "emergency",
        "Known T11 incomplete cord injury. Since yesterday the sensory level has risen to T8.",
    ),
    # session15_qe:48: a lifelong incontinence does not hide a new retention after ', now'
    (
        "cauda_equina",
        "emergency",
        "Incontinent since childhood, now he cannot pass urine at all since last night.",
    ),
    # session15_qf:3: no Doppler signal at a foot artery, with a numb leg since a meal today
    (
        "acute_limb_ischemia",
        "emergency_ambulance",
        "Handheld Doppler on the right foot: no signal at the PT, weak at DP. "
        "Her foot went numb and cold around "
        "teatime and she cannot move her toes.",
    ),
    (
        "acute_limb_ischemia",
        "emergency",
        "Her left foot went white at about breakfast and feels like ice.",
    ),
    # session15_qg:18: an age in words between commas after who the person is
    (
        "giant_cell_arteritis",
        "emergency",
        "Retired postman, seventy-two, new pain in the left temple for a week and it hurts to chew.",
    ),
    (
        "giant_cell_arteritis",
        "emergency",
        "Shop owner, 68, has a new headache and tender scalp on the right.",
    ),
    # session15_qg:27: both calves hard as wood after a crush, with stretch pain
    (
        "acute_compartment_syndrome",
        "emergency_ambulance",
        "Pinned under a fallen pallet for an hour. "
        "His calves are rock hard and he yells when I bend his toes.",
    ),
    # session15_qg:36: speech that has gone slurred (a change)
    (
        "stroke",
        "emergency_ambulance",
        "Twenty minutes ago her left arm went weak and her words have gone all slurred.",
    ),
    (
        "stroke",
        "emergency_ambulance",
        "Farmer, 71, right leg dragging, and his speech went slurry this afternoon.",
    ),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("flag,floor,text", FLOORS)
def test_session15_fxc_floor(flag, floor, text, fast):
    check_floor(text, fast, floor, flag)


LOOK_ALIKES = [
    # session15_qe:44: an old sensory level, unchanged at every review
    "Incomplete T10 spinal cord injury from 2009. Sensory level reviewed yearly, still T10. "
    "Bladder routine working.",
    # session15_qe:48: a lifelong incontinence
    "Autism and learning disability, 29, incontinent of urine since childhood, uses pads. "
    "No back pain, walking as usual.",
    "She has wet herself all her life and wears pads day and night; nothing has changed.",
    # session15_qe:32: pads and control lost long ago (no 'now') is not a new loss
    "Uses pads for years, no control at all, as it has been since her hysterectomy in 2005. "
    "Knees ache on stairs.",
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_session15_fxc_look_alike(text, fast):
    check_not_emergency(text, fast)


def test_session15_fxc_fatigable_speech_is_no_stroke():
    """session15_qg:36's look-alike: a speech that habitually goes slurred with talking (a fatigable
    dysarthria) is not read by the rules as a speech disturbance (the fast semantic layer reads one there,
    before and after this change: left to its guard)."""
    _, _, states = assess(
        "After talking a while her speech goes all slurry and her eyelids droop by evening.", False
    )
    assert "speech_disturbance" not in states, states


@pytest.mark.parametrize("fast", MODES)
def test_session15_fxc_calves_ache_at_lunchtime(fast):
    """session15_qf:3's look-alike: calves that ache when walking at lunchtime name no sudden onset."""
    level, flags, states = assess(
        "My calves ache at lunchtime when I walk to the shop, easing when I stop.", fast
    )
    assert not is_emergency(level), (level, flags)
    assert "sudden_onset_leg_pain" not in states
