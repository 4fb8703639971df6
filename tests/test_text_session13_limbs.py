"""Session 13 (fix helper fx13c): limbs by colour, temperature, swelling and feeling (acute limb
ischaemia, DVT and PE). Invented sentences of our own, each read in both modes: floors (at least this
triage with this red flag) and look-alikes (no emergency, or not this finding), each naming the probe
line it came from."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, at_least, check_floor, check_not_emergency  # noqa: E402

FLOORS = [
    # session13_pd:8: sensory loss told as a leg that 'belongs to some one else', or the ground not
    # felt under the foot
    (
        "acute_limb_ischemia",
        "emergency_ambulance",
        "Her foot went white and icy an hour ago and now she says it feels like it belongs to "
        "some body else.",
    ),
    (
        "acute_limb_ischemia",
        "emergency_ambulance",
        "Since lunchtime his right leg is pale and cold and he cannot feel anything under his foot.",
    ),
    # session13_pd:17: the whole leg swollen 'thigh to foot' (without 'from') with a swollen leg
    (
        "deep_vein_thrombosis",
        "emergency",
        "On chemotherapy. Her left leg has swelled up since the weekend, now swollen groin to ankle "
        "and aching.",
    ),
    # session13_pd:18: a calf swollen above or below a plaster cast
    (
        "deep_vein_thrombosis",
        "emergency",
        "Right calf below the plaster boot is swollen and tender, other calf normal, cast on for a week.",
    ),
    # session13_pd:21: one sock that leaves a mark, and surface veins showing more than usual
    (
        "deep_vein_thrombosis",
        "emergency",
        "Her right sock leaves a deep mark at the ankle and the right calf is swollen since Tuesday.",
    ),
    (
        "deep_vein_thrombosis",
        "emergency",
        "Left calf swollen and the superficial veins standing out more than before on that leg.",
    ),
    # session13_pe:7: a scan-proven DVT with a PE feature (a KB route: the DVT flag's PE branch)
    (
        "deep_vein_thrombosis",
        "emergency_ambulance",
        "Ultrasound confirmed a DVT in the popliteal vein yesterday; today she coughed up blood.",
    ),
    (
        "deep_vein_thrombosis",
        "emergency_ambulance",
        "Duplex: occlusive thrombus in the femoral vein.\nNow breathless all of a sudden and coughing blood.",
    ),
    # the probe lines themselves
    (
        "acute_limb_ischemia",
        "emergency_ambulance",
        "my husbands leg has gone white and wax see like a candle since tea time, he says it feels "
        "like it belongs to some one else and he cant feel the flaw under his foot. hes sixty six and "
        "smokes",
    ),
    (
        "deep_vein_thrombosis",
        "emergency",
        "Lorry driver, 56, long hauls. Two days ago noticed his left sock leaves a deep groove, calf "
        "hard and sore along the back, surface veins on the shin showing more than usual. Right leg "
        "fine. No chest symptoms.",
    ),
    (
        "deep_vein_thrombosis",
        "emergency_ambulance",
        "D-dimer 3.8 mg/L FEU HH\nDuplex: occlusive thrombus L peroneal + post tib veins extending "
        "into popliteal\nnow he's texting me from the bus that he's puffed going upstairs and coughed "
        "up a bit of blood",
    ),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("flag,floor,text", FLOORS)
def test_limbs_floor(flag, floor, text, fast):
    check_floor(text, fast, floor, flag)


@pytest.mark.parametrize("fast", MODES)
def test_calf_above_cast_is_swollen(fast):
    """session13_pd:18: 'the calf above the cast is all puffy' is a swollen calf (a same-day DVT question)."""
    text = "Ankle in plaster ten days, the calf above the cast is all puffy and warm, other side normal."
    level, _, states = assess(text, fast)
    assert "present" in states.get("unilateral_calf_swelling", set()), states
    assert at_least(level, "emergency"), level


NOT_EMERGENCY = [
    # session13_pd:46: a footballer's dead leg (a bruised thigh), foot warm and walking
    "Took a knee to the quad at five-a-side last night, proper dead leg, bruise on the thigh, but "
    "the foot is warm.",
    "Got a dead leg off a tackle at rugby yesterday, thigh bruised and purple, foot warm, walking fine.",
    # session13_pd:17 (look-alike): both legs swollen thigh to foot for months is oedema, not one leg's clot
    "Both legs swollen thigh to foot for months, heart failure.",
    # session13_pd:21 (look-alike): socks that mark both ankles; varicose veins bulging more after standing
    "Both socks leave marks on his ankles in the evening.",
    "Varicose veins on the shin bulging more than usual after standing all day.",
    # session13_pd:18 (look-alike): the calf above the cast not swollen
    "Calf above the cast not swollen, just itchy under the plaster.",
    # session13_pd:8 (look-alike): long-standing diabetic numbness, nothing sudden
    "My feet have been numb for years from diabetes, I can't feel the carpet under my feet.",
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", NOT_EMERGENCY)
def test_limbs_not_emergency(text, fast):
    check_not_emergency(text, fast)


LOOK_ALIKES = [
    # session13_pe:7 (look-alike): a scan booked to confirm a DVT is no DVT on ultrasound
    ("Ultrasound to confirm a DVT is booked for tomorrow.", "proximal_dvt_on_ultrasound"),
    ("The duplex showed no clot in either leg, calf still sore.", "proximal_dvt_on_ultrasound"),
    # session13_pd:46 (look-alike): the footballer's dead leg is no sensory loss
    ("Proper dead leg after a knee in the thigh at training yesterday.", "paresthesia_limb"),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text,finding", LOOK_ALIKES)
def test_limbs_look_alike(text, finding, fast):
    _, _, states = assess(text, fast)
    assert "present" not in states.get(finding, set()), states


@pytest.mark.parametrize("fast", MODES)
def test_dead_leg_that_went_white_is_still_ischaemia(fast):
    """session13_pd:46 (the other side): a leg that went dead, white and cold this morning stays an
    ambulance."""
    text = "Woke up this morning with a dead leg, the foot is white and cold and he can't wiggle his toes."
    level, flags, _ = assess(text, fast)
    assert "acute_limb_ischemia" in flags and at_least(level, "emergency_ambulance"), (level, sorted(flags))
