"""Session 13 (fx13f): telephone triage scripts and the rarer causes of the catalog's emergencies (probe files
session13_pi and session13_pj), in invented sentences of our own; each read in both modes, with
look-alikes that must not fire."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, check_floor, check_not_emergency  # noqa: E402

FLOORS = [
    # session13_pj:1, pj:4: both legs weak since hours ago with new back pain, on an anticoagulant
    # (a bleed into the spinal canal)
    (
        None,
        "emergency",
        "On rivaroxaban for a clot. New low back pain since yesterday, and since this morning both legs "
        "have gone floppy.",
    ),
    (
        None,
        "emergency",
        "I'm on blood thinners. This afternoon a sudden pain in my back and now both my legs feel wobbly.",
    ),
    # session13_pj:1 (the probe line itself)
    (
        "spinal_cord_compression",
        "emergency",
        "I'm on warfarin for my heart valve. Since lunchtime I've had a sharp pain between my shoulder "
        "blades and now both my legs feel heavy and clumsy, I stumbled twice going to the loo.",
    ),
    # session13_pj:32: cancer, new back pain, legs shaky tonight
    (
        "spinal_malignancy",
        "emergency",
        "She has breast cancer. Her back has hurt for ten days, a new pain, and tonight her legs are shaky.",
    ),
    # session13_pj:11, pj:12: a hypokalaemic periodic paralysis (weak legs within hours, a low
    # potassium before)
    (
        None,
        "emergency",
        "Woke this morning unable to lift either leg, after a huge curry last night; years ago a doctor "
        "told me my potassium was low.",
    ),
    (
        None,
        "emergency",
        "My son ate a massive plate of rice at the party, this morning both his legs are floppy. "
        "His potassium went low once before.",
    ),
    # session13_pj:18: a note's "pt 68 f" with a new temporal headache and a sore scalp
    (
        "giant_cell_arteritis",
        "emergency",
        "pt 72 f, new temporal headache for a week, scalp tender when combing.",
    ),
    # session13_pi:37: a forwarded message from a relative; 'since brekkie' is an onset
    (
        "acute_limb_ischemia",
        "emergency_ambulance",
        "text from daughter: mum 79 says since brekkie her left foot gone white and cold and she cant "
        "move her toes",
    ),
    # session13_pi:32: limited English, a white cold leg 'from one hour', 'Toes no move'
    (
        "acute_limb_ischemia",
        "emergency_ambulance",
        "My father leg, the right, strong pain from two hours. Is white, cold like ice. Toes no move.",
    ),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("flag,floor,text", FLOORS)
def test_session13_rare_floor(flag, floor, text, fast):
    check_floor(text, fast, floor, flag)


LOOK_ALIKES = [
    # session13_pj:4: an anticoagulant without new weakness, or a relative's
    "I take apixaban. My back has ached for a week. My legs are fine and I can walk a mile.",
    "Mum is on warfarin. I've had back pain for 10 years and my legs feel tired by the evening.",
    # session13_pj:32: shaky legs after a race, no cancer
    "My legs are shaky after the half marathon this morning and my back aches a bit.",
    # session13_pj:11: a low potassium long ago and a big meal, calves that ache on walking
    "My potassium went low last year on water tablets. Calves cramp after 200 yards, fine at rest.",
    "Big pasta supper last night, legs ache after walking a mile, potassium normal.",
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_session13_rare_look_alike(text, fast):
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
def test_session13_rare_patient_age_not_a_dose(fast):
    """session13_pj:18: 'pt 68 f' is an age; 'pt 68 mg' is not (no GCA without an age)."""
    _, flags, _ = assess("pt 68 mg of something, new temporal headache, scalp tender.", fast)
    assert "giant_cell_arteritis" not in flags
