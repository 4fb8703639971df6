"""Session 16 (fix helper fxb): limb and clot emergencies of the session-16 probes: markup left in a pasted
log, a word cut by a line break, a relative's call logged by an operator, a pulse that was felt and is now
lost, waking screaming at a clock time, a swollen, hard and tight calf, toes that hurt when straightened, and
pink-stained spit. Invented sentences of our own, each read in both modes: floors (at least this triage with
this red flag) and look-alikes (no emergency, or not this finding), each naming the probe line it came
from."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, check_floor, check_not_emergency, read  # noqa: E402

FLOORS = [
    # session16_qn:5: an operator's call log ("daughter reports mum ...") is not a family history; "&amp;"
    # decoded
    (
        "acute_limb_ischemia",
        "emergency_ambulance",
        "CALL 14:10 op3 son reports dad 81 right foot gone pale and icy since lunch , cant feel it "
        "&amp; cant wiggle his toes",
    ),
    (
        "acute_limb_ischemia",
        "emergency_ambulance",
        "Triage line: wife states husband 74 left leg went white and cold since this morning, he says it "
        "feels dead and he can't move the toes",
    ),
    # session16_qn:7: a word cut by a line break ("numb\nness"), a pulse felt before and absent now
    (
        "acute_limb_ischemia",
        "emergency_ambulance",
        "Ward note: post femoral bypass day 1, sudden pain R foot, foot pale and cold, pedal pulse "
        "previously palpable now absent, numb-\nness of the toes",
    ),
    (
        "acute_limb_ischemia",
        "emergency_ambulance",
        "Pt c/o sudden pain L foot at 02:00, foot cold &amp; pale,\nnumb\nness of toes",
    ),
    # session16_qq:8: woken screaming at a clock time, both legs cold and mottled, cannot move them or feel
    # a touch
    (
        "acute_limb_ischemia",
        "emergency_ambulance",
        "My wife woke up screaming at about 3am. Both her legs are cold and mottled from the hips down, she "
        "cannot move them and cannot feel me touching her feet.",
    ),
    (
        "acute_limb_ischemia",
        "emergency_ambulance",
        "He woke at 4am with his left leg cold and white, and he can't feel his foot at all.",
    ),
    # session16_qq:16: a calf 'swollen, hard and tight' beside pain on passive stretch
    (
        "acute_compartment_syndrome",
        "emergency_ambulance",
        "I was stuck on the floor for hours after a fall. My shin is swollen, firm and tight and it hurts "
        "far more when the nurse pulls my toes down.",
    ),
    # session16_qr:37: toes that hurt when someone straightens them, with painkillers that do nothing
    (
        "acute_compartment_syndrome",
        "emergency_ambulance",
        "Her ankle was put in plaster this morning. Painkillers do nothing and her toes hurt badly when we "
        "carefully straighten them.",
    ),
    # session16_qp:18: pink-stained or red-streaked spit with a one-sided swollen leg (PE with a DVT)
    (
        "deep_vein_thrombosis",
        "emergency_ambulance",
        "Since the operation his right calf is swollen. Today he coughed up some red-streaked phlegm.",
    ),
    (
        "deep_vein_thrombosis",
        "emergency_ambulance",
        "Resident 90, left leg swollen to the groin since Monday. This morning pink tinged sputum and "
        "breathing fast.",
    ),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("flag,floor,text", FLOORS)
def test_fxb_floor(flag, floor, text, fast):
    check_floor(text, fast, floor, flag)


NOT_EMERGENCY = [
    # session16_qq:8 look-alikes: cold feet in winter with normal feeling; a blotchy livedo for years
    "My feet are always cold in winter. I woke up at 3am for the toilet and could feel and move them fine.",
    "He woke up screaming at 2am from a nightmare; his legs are fine and warm.",
    "Both legs have had a lacy blotchy pattern for years, worse in the cold, feeling normal, I can walk a "
    "mile.",
    # session16_qq:16, qr:37 look-alikes: a sore calf after a run that eases with stretching
    "My calf aches after my run yesterday and eases when I stretch it.",
    "My calf is tight after long runs and it eases when I stretch it.",
    "My toes hurt when I point them in my new ballet shoes; fine once the shoes are off.",
    # session16_qp:18 look-alikes: a normal sats reading, a cough with clear spit
    "Ankles a little swollen both sides by evening. Sats 98% on air, breathing normal, coughing up clear "
    "spit.",
    # session16_qn:7 look-alike: a pulse absent before and felt now
    "Claudication at 200 yards; foot pulses previously absent, now palpable after the stent.",
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", NOT_EMERGENCY)
def test_fxb_not_emergency(text, fast):
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
def test_family_history_is_still_family(fast):
    """session16_qn:5 look-alike: a patient writing about a relative's past illness keeps it a family
    history."""
    text = "My daughter says my mum had a clot in her leg at 60. I have aching calves when I walk."
    _, _, states = assess(text, fast)
    assert "present" not in states.get("deep_vein_thrombosis", set()), states


def test_markup_spans_point_into_the_original():
    """session16_qn:5, qn:7: the normaliser decodes '&amp;' and joins 'numb\\nness'; spans read afterwards
    still point into the user's text, and a joined word maps back to both of its parts."""
    from legdx.text.reader import get_reader

    text = "Foot pale &amp; cold since 2pm, numb\nness of toes &amp; can't move them"
    norm, om = get_reader(fast_semantic=False).normalizer.normalize(text)
    assert "&amp;" not in norm and "numbness" in norm, norm
    i = norm.index("numbness")
    s, e = om.to_orig(i, i + len("numbness"))
    assert text[s:e] == "numb\nness"
    i = norm.index("cold")
    s, e = om.to_orig(i, i + 4)
    assert text[s:e] == "cold"
    res = read(text, False)
    assert res.findings
    for f in res.findings:
        assert text[f.span[0] : f.span[1]] == f.text, f
    # 'foot\npain' is two words: no join when the whole is not a word of the rules
    norm, _ = get_reader(fast_semantic=False).normalizer.normalize("left foot\npain since noon")
    assert "foot\npain" in norm, norm


@pytest.mark.parametrize("fast", MODES)
def test_pink_frothy_sputum_is_not_haemoptysis(fast):
    """session16_qp:18 look-alike: the stain word is needed; 'pink frothy sputum' is not read as coughing
    blood."""
    _, _, states = assess("Breathless lying flat, coughing pink frothy sputum, both ankles swollen.", fast)
    assert "present" not in states.get("hemoptysis", set()), states
