"""Session 14 (fx14n): limbs, compartments, clots and stroke told in fresh images, round 2 (probe file
session14_pz).

Simile frames keyed on the word that carries the meaning: 'cold as a <thing>', a limb 'white as a
<thing>' (not a sheet or a ghost), a limb 'dead as a <thing>', a leg that feels shut in a freezer,
'<N> hours back', a foot that cannot press the clutch, a calf or shin 'hard as a <thing>' or 'like a tyre
pumped ...', pain that goes on 'even lying still', rust or blood streaks in the spit, one side of the face
that 'slid down', 'half of everything vanished'; each floor read in both modes, with look-alikes that must
not fire."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, check_floor, check_not_emergency  # noqa: E402

FLOORS = [
    # session14_pz:12: white and cold as things, 'hours back', toes that will not move
    (
        "acute_limb_ischemia",
        "emergency_ambulance",
        "His right foot turned white as a peeled potato three hours back, cold as a tin bath, and he "
        "cannot move his toes.",
    ),
    # session14_pz:13: a leg that feels as if in the freezer, a foot gone numb, an hour ago
    (
        "acute_limb_ischemia",
        "emergency_ambulance",
        "Half an hour ago my left foot went numb and pale. It feels like it's been left in the chest freezer "
        "overnight.",
    ),
    # session14_pz:14: a sudden cold leg that cannot work a pedal
    (
        "acute_limb_ischemia",
        "emergency_ambulance",
        "It came on suddenly an hour ago, my leg went cold and I could not push the brake pedal with that "
        "foot.",
    ),
    # session14_pz:31: a shin hard as a thing and pain that goes on even at rest, after a kick
    (
        "acute_compartment_syndrome",
        "emergency_ambulance",
        "Took a kick to the shin in training this morning. Now the shin is hard as a conker and the pain "
        "is like a blowtorch even lying flat on the bed.",
    ),
    # session14_pz:32: a calf like an over-pumped tyre under a cast, painkillers useless
    (
        "acute_compartment_syndrome",
        "emergency_ambulance",
        "My son's leg was put in plaster today. His calf feels like a balloon about to burst and the "
        "painkillers are doing nothing at all.",
    ),
    # session14_pz:20: a swollen leg after surgery with blood streaks in the spit
    (
        "deep_vein_thrombosis",
        "emergency_ambulance",
        "Two weeks after my knee replacement the left calf is swollen and this evening my phlegm has "
        "blood streaks in it.",
    ),
    # session14_pz:25: one side of the face slipping
    (
        "stroke",
        "emergency_ambulance",
        "Twenty minutes ago one side of his face slipped, like melting wax, and his right leg gave way.",
    ),
    # session14_pz:27: half of the world gone
    (
        "stroke",
        "emergency_ambulance",
        "While I was reading just now the right half of the world disappeared and my right leg feels clumsy.",
    ),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("flag,floor,text", FLOORS)
def test_fxn_floor(flag, floor, text, fast):
    check_floor(text, fast, floor, flag)


NOT_EMERGENCY = [
    # session14_pz:12 (look-alike): feet cold as ice for years, no sudden change
    "My feet have been cold as ice every winter for years and my toes go white in the cold.",
    # session14_pz:31 (look-alike): a bruise hard as a rock after a knock weeks ago
    "I banged my shin on the coffee table three weeks ago and the bruise is hard as a rock but it is "
    "getting smaller.",
    # session14_pz:25 (look-alike): a face that fell at bad news
    "His face fell when the doctor said the knee needed surgery. He walks with a stick.",
    # session14_pz:20 (look-alike): no blood in the spit, no swelling
    "I have a chesty cough with no blood streaks in my phlegm, and my legs ache after a long walk.",
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", NOT_EMERGENCY)
def test_fxn_not_emergency(text, fast):
    check_not_emergency(text, fast)


LOOK_ALIKES = [
    # session14_pz:12 (look-alike): 'white as a sheet' is a face
    ("He went white as a sheet when he saw the bill. His calves ache walking uphill.", "pale_limb"),
    # session14_pz:27 (look-alike): half of the leg numb is no visual loss
    ("Half of my leg went numb for a minute after sitting cross-legged.", "sudden_visual_loss"),
    # session14_pz:20 (look-alike): denied blood in the sputum
    ("No blood streaks in the sputum. Calf swollen after the flight.", "hemoptysis"),
    # session14_pz:31 (look-alike): a relative's leg hard as a rock
    ("My brother's calf was hard as a rock after his football injury years ago; mine just aches walking.",
     "acute_compartment_syndrome"),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text,finding", LOOK_ALIKES)
def test_fxn_look_alike(text, finding, fast):
    _, flags, states = assess(text, fast)
    assert "present" not in states.get(finding, set()) and finding not in flags, (states, flags)
