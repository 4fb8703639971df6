"""Session 17 (fxa): corrections, retractions and amended entries; asides, P.S. lines and footnotes. The
probe lines (session17_ra, session17_re) that were under-triaged: a huge hot calf with haemoptysis, a
weakness climbing over days (with lost reflexes), bowel accidents and a numb seat area told by the
patient's daughter, a back 'on fire' with a fever after a spinal injection. Each floor is an invented
sentence of our own (plus the probe line), read in both modes; each fix has a look-alike that must not
fire."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, check_floor, check_not_emergency, probe_line  # noqa: E402

FLOORS = [
    # session17_ra:7: one named calf huge with heat or soreness, and blood coughed up
    (
        "deep_vein_thrombosis",
        "emergency_ambulance",
        "Apologies, wrong side earlier: it is my right calf that is massive, red and tender since the "
        "long drive, and tonight I coughed up blood.",
    ),
    ("deep_vein_thrombosis", "emergency", "My left leg is huge and hot since Tuesday and hurts to squeeze."),
    # session17_ra:10 and re:11: both legs weak over days and the weakness told as moving upwards
    (
        "guillain_barre",
        "emergency",
        "Both legs weak since the weekend; it began in his toes and is creeping upwards.",
    ),
    (
        "guillain_barre",
        "emergency_ambulance",
        "Her legs have gone floppy from the toes up since Thursday and she now chokes on water.",
    ),
    # session17_ra:10: reflexes an examiner could not get, with both legs weak over days
    (
        "guillain_barre",
        "emergency",
        "Over three days both legs have gone weak and the doctor could not find any ankle jerks.",
    ),
    # session17_ra:21: a relative named as the source of the message is no family history
    (
        "cauda_equina",
        "emergency",
        "Message from the patient's daughter: he has been wetting himself since yesterday.",
    ),
    (
        "cauda_equina",
        "emergency",
        "Collateral history from his son: new bowel accidents this week, numb seat area.",
    ),
    # session17_re:31: a back on fire or in bits, with a fever, after a spinal injection
    (
        "spinal_infection",
        "emergency",
        "My back is in bits since the spinal injection on Monday and I'm burning up.",
    ),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("flag,floor,text", FLOORS)
def test_session17_fxa_floor(flag, floor, text, fast):
    check_floor(text, fast, floor, flag)


PROBES = [
    ("session17_ra.txt", 7, "deep_vein_thrombosis"),
    ("session17_ra.txt", 10, "guillain_barre"),
    ("session17_ra.txt", 21, "cauda_equina"),
    ("session17_re.txt", 11, "guillain_barre"),
    ("session17_re.txt", 31, "spinal_infection"),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("name,line,flag", PROBES)
def test_session17_fxa_probe_line(name, line, flag, fast):
    """The probe lines themselves (session17_ra:7, ra:10, ra:21, re:11, re:31), at their level, both modes."""
    level, text = probe_line(name, line)
    check_floor(text, fast, level, flag)


LOOK_ALIKES = [
    # session17_ra:7: a huge calf alone is a muscle's size
    "My right calf is huge from years of cycling, no pain, I just want to ask about calf ache on long walks.",
    # session17_ra:10, re:11: a numbness creeping upwards over years
    "Numbness has crept upwards from my toes over three years, both legs a bit weak, I'm diabetic.",
    # session17_ra:10: reflexes the examiner could get
    "The physio could get his knee reflexes easily, legs ache on walking for years.",
    # session17_ra:44: a swollen leg re-stated as both legs
    "Swollen leg meaning both legs, worse by evening and fine by morning, since the new blood pressure "
    "tablet.",
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_session17_fxa_look_alike(text, fast):
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
def test_session17_fxa_family_history_stays(fast):
    """session17_ra:21: a relative's own illness is still a family history ('My mother had a DVT at 60')."""
    _, _, states = assess("My mother had a DVT at 60. My calves ache on walking.", fast)
    assert "present" not in states.get("previous_dvt", set()), states


@pytest.mark.parametrize("fast", MODES)
def test_session17_fxa_probe_ra44(fast):
    """session17_ra:44: a swollen leg re-stated as both ankles, mild and symmetrical, is no emergency."""
    _, text = probe_line("session17_ra.txt", 44)
    check_not_emergency(text, fast)
