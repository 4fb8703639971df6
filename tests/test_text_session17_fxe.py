"""Session 17 (fxe): ambiguous abbreviations whose alarming sense flips with context, and who the patient
is. The probe lines (session17_ri, session17_rk) that were under-triaged: 'CP (cerebral palsy)' read as chest
pain beside a foot gone white and icy after breakfast; an oxygen saturation of 87% beside a swollen calf; a
queried diagnosis as a note's heading ('?CES:') that made the findings after it possible; 'LOC' (loss of
consciousness) with a swollen leg; a patient who walked on Monday and cannot stand today (rules alone); a
carer's client whose foot went white since her afternoon walk and whose toes do not move. Each floor is an
invented sentence of our own (plus the probe line), read in both modes; each fix has a look-alike that must
not fire."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, check_floor, check_not_emergency, probe_line  # noqa: E402

FLOORS = [
    # session17_ri:23: a change found by staff at a meal time, in a foot gone pale and cold and numb
    (
        "acute_limb_ischemia",
        "emergency_ambulance",
        "After lunch the carers found her left foot white and freezing, and she cannot feel pinprick on it.",
    ),
    # session17_rk:22: 'since her afternoon walk', and toes that are not moving
    (
        "acute_limb_ischemia",
        "emergency_ambulance",
        "Since his morning walk his left foot is pale and cold, and his toes are not moving at all.",
    ),
    # session17_ri:30: an oxygen saturation of 92% or less beside a swollen, tender calf
    (
        "deep_vein_thrombosis",
        "emergency_ambulance",
        "SpO2 89% on air. Left calf swollen and tender for a week after the flight.",
    ),
    # session17_ri:35: LOC (loss of consciousness) with a swollen leg
    (
        "deep_vein_thrombosis",
        "emergency_ambulance",
        "Brief LOC in the kitchen this morning. Right calf swollen 3 cm more than the left since Sunday.",
    ),
    # session17_ri:33: a queried diagnosis as a heading: what follows the colon was found
    (
        "cauda_equina",
        "emergency",
        "?CES: pain down both legs since last night, also present lying still.",
    ),
    (
        "deep_vein_thrombosis",
        "emergency",
        "Query DVT: left calf swollen and tender along the deep veins.",
    ),
    # session17_rk:7 (rules alone): walked on a named day, cannot stand today, reflexes gone
    (
        "guillain_barre",
        "emergency",
        "He walked to the bus stop on Saturday, today he can't stand, knee and ankle reflexes absent.",
    ),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("flag,floor,text", FLOORS)
def test_session17_fxe_floor(flag, floor, text, fast):
    check_floor(text, fast, floor, flag)


PROBES = [
    ("session17_ri.txt", 23, "acute_limb_ischemia"),
    ("session17_ri.txt", 30, "deep_vein_thrombosis"),
    ("session17_ri.txt", 33, "cauda_equina"),
    ("session17_ri.txt", 35, "deep_vein_thrombosis"),
    ("session17_rk.txt", 7, "guillain_barre"),
    ("session17_rk.txt", 22, "acute_limb_ischemia"),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("name,line,flag", PROBES)
def test_session17_fxe_probe_line(name, line, flag, fast):
    """The probe lines themselves (session17_ri:23, ri:30, ri:33, ri:35, rk:7, rk:22), at their level, in
    both modes."""
    level, text = probe_line(name, line)
    check_floor(text, fast, level, flag)


LOOK_ALIKES = [
    # session17_ri:30: a normal saturation, and a low one that is a COPD baseline without a swollen leg
    "Sats 97% on RA. Swollen right ankle after a sprain yesterday, no calf tenderness.",
    "COPD, sats 88% on air which is his baseline. Calves ache after 200 m and ease standing still.",
    # session17_ri:30: a transferrin saturation is no oxygen saturation
    "Transferrin saturation 15%, ferritin 40. Legs restless at night, better walking, weak for years.",
    # session17_ri:23: a meal time with no change found
    "My calves ache after breakfast walks and ease when I stand still. 70, smoker.",
    # session17_rk:22: a part of the day with an old ache
    "Since her morning walk her knees ache a bit, as they have for years.",
    # session17_rk:7: walked on Monday, cannot walk far today (a walking distance)
    "He walked to the shop on Monday, today can't walk far because of knee pain from OA, stiff 10 min.",
    # session17_ri:33: a queried diagnosis whose findings after the colon are denied
    "?DVT: calf scan clear, D-dimer negative. Calf ache on walking goes when he stops.",
    # session17_ri:23: the gloss of an abbreviation wins
    "Had PE (pre-eclampsia) in 1990. Now 60, calves cramp after 300 m and ease when I stop.",
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_session17_fxe_look_alike(text, fast):
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
def test_session17_fxe_cp_gloss_is_no_chest_pain(fast):
    """session17_ri:23: 'CP (cerebral palsy)' is no chest pain (beside a swollen calf it had made a pulmonary
    embolism); an unglossed 'new pleuritic CP' still is."""
    _, _, states = assess("Has CP (cerebral palsy), uses a walker.", fast)
    assert "present" not in states.get("pleuritic_chest_pain", set()), states
    level, _, _ = assess("R calf swollen and tender, new pleuritic CP since this morning.", fast)
    assert level == "emergency_ambulance", level


@pytest.mark.parametrize("fast", MODES)
def test_session17_fxe_query_heading_keeps_the_query(fast):
    """session17_ri:33: '?GBS:' queries the diagnosis itself (GBS read as a weakness ascending is possible,
    not present); only the findings after the colon are read as found."""
    _, _, states = assess("?GBS: tingling feet.", fast)
    assert "present" not in states.get("ascending_symmetric_weakness_days", set()), states


@pytest.mark.parametrize("fast", MODES)
def test_session17_fxe_no_loc(fast):
    """session17_ri:35: 'no LOC' after a fall is no syncope."""
    _, _, states = assess("Fell last month, no LOC, no injury. Swollen left calf since the fall.", fast)
    assert "present" not in states.get("syncope", set()), states


@pytest.mark.parametrize("fast", MODES)
def test_session17_fxe_transferrin_saturation_is_no_hypoxia(fast):
    """session17_ri:30: a low transferrin saturation beside a puffy calf is no breathlessness of a pulmonary
    embolism (only an oxygen saturation is read)."""
    _, _, states = assess("Transferrin saturation 15%, ferritin 40. Left calf a bit puffy.", fast)
    assert "present" not in states.get("dyspnea_sudden", set()), states
