"""Session 15 (fix helper fxa): limbs, compartments, stroke and Guillain-Barre told with hedges and clock
times. Invented sentences of our own, each read in both modes: floors (at least this triage with this red
flag) and look-alikes (no emergency, or not this finding), each naming the probe line it came from."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, check_floor, check_not_emergency  # noqa: E402

FLOORS = [
    # session15_qb:29: 'this arvo' (this afternoon), 'blue n freezing', a pinch not felt, a sudden pain first
    (
        "acute_limb_ischemia",
        "emergency_ambulance",
        "omg mums foot gone blue n freezing since bout 5 this arvo, she cant feel me pinching it n cant "
        "move her toes, she said sudden sharp pain first. shes 79",
    ),
    (
        "acute_limb_ischemia",
        "emergency_ambulance",
        "Grandad's leg went white and cold at 14:20, sudden severe pain, and he can't feel me touching "
        "his foot.",
    ),
    # session15_qb:2: an onset at a 24-hour clock time, a sudden cramp, pins and needles without a site
    (
        "acute_limb_ischemia",
        "emergency_ambulance",
        "Started 09:40, sudden cramp in my left calf walking to the shop, never had it before. Now 11:15 and "
        "the foot is pale and blotchy, pins and needles all over it and I can't push down on the pedal.",
    ),
    (
        "acute_limb_ischemia",
        "emergency_ambulance",
        "Began at 16:05 with a sudden pain in the right shin. The foot has gone pale and cold since, and "
        "there are pins and needles in it now.",
    ),
    # session15_qa:6: toes that feel fuzzy or woolly, softened
    (
        "acute_limb_ischemia",
        "emergency_ambulance",
        "Since 07:30 her right foot has been pale and icy and her toes feel sort of woolly.",
    ),
    (
        "acute_limb_ischemia",
        "emergency_ambulance",
        "I'm sure it's fine but my left foot went a bit cold and pale about two hours ago while walking the "
        "dog, and now the toes feel kind of fuzzy. I do have atrial fibrillation.",
    ),
    # session15_qa:19: tight and shiny, painkillers not touching it, hedges that do not deny
    (
        "acute_compartment_syndrome",
        "emergency_ambulance",
        "Fell off his bike this morning, the calf is tense and shiny, and the tablets aren't touching "
        "the pain.",
    ),
    (
        "acute_compartment_syndrome",
        "emergency_ambulance",
        "Might be overreacting. Son, 19, took a kick to the shin at 4pm, now it's really tight and shiny, "
        "painkillers aren't touching it, and he yells if I bend his toes back. He says it's just a bad "
        "bruise.",
    ),
    # session15_qb:25: pain worse lying still than walking, beside a hard swollen shin
    (
        "acute_compartment_syndrome",
        "emergency_ambulance",
        "Played five-a-side at lunch. Tonight my calf is hard and swollen and it hurts more resting than "
        "walking.",
    ),
    # session15_qa:26: slurred speech softened by 'maybe', 'a bit'
    (
        "stroke",
        "emergency_ambulance",
        "Dad, 71, his words sound a bit slurred and his right arm is weak since lunch.",
    ),
    (
        "stroke",
        "emergency_ambulance",
        "mom is 76 she said her left leg feels kinda heavy since breakfast and shes dragging it when she "
        "walks, speech maybe a little slurry, maybe shes just tired call back please",
    ),
    # session15_qb:27: an infection dated weeks ago at the head of a clause, then both legs weak over days
    (
        "guillain_barre",
        "emergency",
        "Had covid about 10 days ago. Since Monday both legs weak and now I can't climb the stairs.",
    ),
    (
        "guillain_barre",
        "emergency",
        "Gastro two weeks ago. Since Thursday my legs have gone weak and wobbly.",
    ),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("flag,floor,text", FLOORS)
def test_fxa_floor(flag, floor, text, fast):
    check_floor(text, fast, floor, flag)


NOT_EMERGENCY = [
    # session15_qa:51: a headache of 20 years, the same as always, at 57 (no new headache)
    "Same tension headaches I've had for 20 years, nothing new, no jaw ache chewing, eyesight fine. Age 57. "
    "Main thing is my right hip aches in the groin walking uphill.",
    "Tension headaches for years, same as always. Age 66. Calves ache walking uphill.",
    # session15_qb:39: a leg swollen since an old clot (post-thrombotic), not a new DVT
    "My left leg has been swollen ever since my DVT in 2016; it aches after long walks and settles with my "
    "feet up.",
    "Her right calf has been bigger since the clot in 2015 and feels heavy by the evening.",
    # session15_qb:2 look-alike: a dose and a year are no clock time
    "Started 12.5 mg amlodipine in 2019, calves ache after 200 yards.",
    # session15_qa:19, qb:25 look-alikes: painkillers that help, pain worse walking than at rest
    "Painkillers are helping the shin splints, it's tight after running and settles with rest.",
    "Calf aches, pain worse walking than lying still, settles with rest.",
    # session15_qa:26 look-alike: speech denied to be slurred
    "Her speech is not slurred at all, she is just tired, and her left calf aches walking.",
    # session15_qb:27 look-alike: a flu weeks ago with legs fine
    "Flu two weeks ago, legs fine, just a cough.",
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", NOT_EMERGENCY)
def test_fxa_not_emergency(text, fast):
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
def test_freezing_foot_is_cold_not_gait(fast):
    """session15_qb:29: a foot 'gone blue n freezing' is cold, not freezing of gait; freezing in doorways
    still is."""
    _, _, states = assess("Her foot went blue n freezing an hour ago.", fast)
    assert "present" in states.get("cold_limb", set()), states
    assert "present" not in states.get("shuffling_gait_or_freezing", set()), states
    _, _, states = assess("He keeps freezing in doorways and shuffles.", fast)
    assert "present" in states.get("shuffling_gait_or_freezing", set()), states


@pytest.mark.parametrize("fast", MODES)
def test_old_headache_that_changed_is_new(fast):
    """session15_qa:51 look-alike: headaches for 20 years that have now changed are a new headache."""
    check_floor("Headaches for 20 years but this one is new and different, right temple. Age 67.", fast,
                "emergency", "giant_cell_arteritis")
