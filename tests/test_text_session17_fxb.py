"""Session 17 (fix helper fxb): painless emergencies where 'no pain' or 'pain better' sits beside the alarm
(session17_rc), and colour and skin on darker skin, in poor light, on video or in photos (session17_rd).
Invented sentences of our own (each differs from the probe line it came from), and the probe lines fixed,
read in both modes: floors (at least this triage and this red flag) and look-alikes (not an emergency, or
not this finding)."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import BOTH_MODES, assess, check_floor, check_not_emergency, probe_line  # noqa: E402

FLOORS = [
    # session17_rc:4: a change dated to a meal time ('turned pale and cold at breakfast'), the colour before
    # the cold
    (
        "acute_limb_ischemia",
        "emergency",
        "No pain in it at all, but his left foot turned white and cold during lunch. "
        "He has an irregular heartbeat.",
    ),
    # session17_rc:6: normal at a meal time, now cold and grey, a foot not moved when asked
    (
        "acute_limb_ischemia",
        "emergency_ambulance",
        "Nursing home call: her left leg is cold and grey below the knee, she was OK at lunch, and she "
        "won't move her left foot when asked. She isn't in any pain.",
    ),
    # session17_rc:7: touch not felt, told with 'when'
    (
        "acute_limb_ischemia",
        "emergency_ambulance",
        "Her foot went icy and white an hour ago, no pain, but she can't feel it when I press on her toes.",
    ),
    # session17_rc:14: a course told by weekdays with the site after the day, after a stomach bug
    (
        "guillain_barre",
        "emergency",
        "Nothing hurts. On Friday her feet felt weak, by Sunday her knees were giving way, and she had "
        "diarrhoea ten days ago.",
    ),
    # session17_rc:21 (rules alone): an epidural steroid injection named with a word between
    (
        "spinal_infection",
        "emergency",
        "Had a caudal epidural ten days ago, the back pain is much better, but my right leg has gone weak.",
    ),
    # session17_rd:20: a side named cold without its limb, a numb foot, an onset hours ago
    (
        "acute_limb_ischemia",
        "emergency_ambulance",
        "Both feet look the same on the video. The left one is ice cold since two hours ago and he "
        "cannot feel the ground with it.",
    ),
    # session17_rd:26: a cool, numb foot after a cardiac catheter via the groin this morning
    (
        "acute_limb_ischemia",
        "emergency_ambulance",
        "Post coronary angiogram via L femoral this am. L foot now cool, colour hard to judge, reduced "
        "sensation over the toes.",
    ),
    # session17_rd:30: toes gone dark that are weeping and smell, colour hard to judge on dark skin
    (
        "chronic_limb_threatening_ischemia",
        "emergency",
        "Her toes have gone darker and are soggy and weeping, a foul smell. Can't see redness on her skin. "
        "Diabetic.",
    ),
]


@pytest.mark.parametrize("flag,floor,text", FLOORS)
@BOTH_MODES
def test_session17_fxb_floor(flag, floor, text, fast):
    check_floor(text, fast, floor, flag)


PROBES = [
    ("session17_rc.txt", 4),
    ("session17_rc.txt", 6),
    ("session17_rc.txt", 7),
    ("session17_rc.txt", 14),
    ("session17_rc.txt", 21),
    ("session17_rd.txt", 5),
    ("session17_rd.txt", 20),
    ("session17_rd.txt", 26),
    ("session17_rd.txt", 30),
]


@pytest.mark.parametrize("name,line", PROBES)
@BOTH_MODES
def test_session17_fxb_probe_line(name, line, fast):
    """The probe lines this helper fixed reach their level in both modes."""
    level, text = probe_line(name, line)
    check_floor(text, fast, level)


LOOK_ALIKES = [
    # a meal time in a text with a slow course, and a meal time without a change
    "Every winter my feet turned pale and cold at breakfast time when I walk the dog, both of them, "
    "for years now.",
    "I take my tablets at breakfast. My feet are always cold and pale in winter, both the same, no numbness.",
    "He was normal at tea time but now complains of an aching knee after walking to the shop.",
    # a side named cold that is a hand, beside long-standing numb feet
    "My hands: the right has been freezing all winter. My feet feel numb at night for years with diabetes.",
    # an arterial procedure long ago, a chronic numb cold foot
    "Angiogram in 2019 for chest pain. Feet cold and numb for years from diabetes, both the same.",
    "Had a cardiac cath last year. Since then my calves ache after 200 yards and ease when I stand still.",
    # toes that go dusky in the cold and recover; a smell without a wound
    "My toes go dark and dusky when it's freezing outside, back to normal once warm. Calves ache on hills.",
    "Sweaty feet with a bad smell after football, no wounds, skin intact, feeling fine.",
    # an old epidural
    "Epidural steroid injection in 2015 helped my sciatica. Now aching calves walking uphill.",
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
@BOTH_MODES
def test_session17_fxb_look_alike(text, fast):
    check_not_emergency(text, fast)


FAMILY = [
    # session17_rd:5: a message from the patient's son makes 'his father (74)' the patient; a relative's own
    # history stays a family history
    ("Patient's son has diabetes. Patient 60, back pain for years. His father (80) had a stroke.", "stroke"),
]


@pytest.mark.parametrize("text,flag", FAMILY)
@BOTH_MODES
def test_session17_fxb_family_history_kept(text, flag, fast):
    _, flags, _ = assess(text, fast)
    assert flag not in flags, (text, fast, sorted(flags))


@BOTH_MODES
def test_session17_fxb_relative_header_reads_patient(fast):
    """session17_rd:5 (rules alone): 'Photo sent by patient's son: ... his father (74) now can't lift the
    foot'
    reads the weakness as the patient's, not a family history."""
    text = (
        "Message from patient's daughter: her mother (81) went cold in the right foot suddenly at 3pm "
        "and now can't lift the foot."
    )
    level, flags, states = assess(text, fast)
    assert "family" not in states.get("new_leg_weakness", set()), states
    assert level == "emergency_ambulance", (level, sorted(flags))


@BOTH_MODES
def test_session17_fxb_whatsapp_uncle_is_patient(fast):
    """session17_rd:30: 'whatsapp from carer: uncle ...' is about the patient."""
    _, _, states = assess(
        "WhatsApp from carer: uncle foot gone cold since 2 hours and he can't feel me touching it.", fast
    )
    assert "family" not in states.get("cold_limb", set()), states
