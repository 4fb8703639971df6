"""Session 18 (fxg): email and portal threads (probe file session18_sa) and people away from help
(session18_sb): a quoted question answered on the next line after a dash or quote mark, a bare
temperature given as news, a hemiparesis told as an arm and a leg of one side, knee jerks told missing,
a calf that "blew up" after a flight, ages told as "lady of 78" or "My husband, 40 year", an ascending
tingling after a bowel infection, and a limb gone cold since teatime. Invented sentences of our own in
both modes, the probe lines fixed, and look-alikes that must not fire."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import (  # noqa: E402
    MODES,
    assess,
    at_least,
    check_floor,
    check_not_emergency,
    probe_line,
)

FLOORS = [
    # session18_sa:45 "yes" twins: a quoted question answered yes on the next line keeps its finding
    (
        "cauda_equina",
        "emergency",
        "> Any trouble passing water?\n-- yes, since this morning I cant go at all\n"
        "> Numb around the back passage?\n-- yes",
    ),
    (
        "cauda_equina",
        "emergency",
        "> Any numbness in the saddle area?\n> yes, since Tuesday\n> Sciatica?\n> both legs",
    ),
    (
        "deep_vein_thrombosis",
        "emergency",
        "> Is the left leg more swollen?\n-- yes, much fatter than the right and the calf is tender",
    ),
    # session18_sa:21: a bare temperature given as news at a clause start
    (
        "spinal_infection",
        "emergency",
        "Kidney transplant, on tacrolimus. Back ache all week. Tonight 38.9.",
    ),
    (
        "spinal_infection",
        "emergency",
        "On methotrexate, lower back pain getting worse, now 38.4, shivery.",
    ),
    # session18_sa:25: an arm and a leg of one side weak (a hemiparesis)
    (
        "stroke",
        "emergency_ambulance",
        "His left leg is dragging and he cannot grip with his left hand since lunch.",
    ),
    (
        "stroke",
        "emergency_ambulance",
        "Rang Dad just now, he can't raise his right arm and his right leg is weak.",
    ),
    # session18_sa:33: knee jerks told missing, weakness reaching the arms, legs 'going'
    (
        "guillain_barre",
        "emergency",
        "Both legs getting weaker since Monday after a tummy bug, and the GP found absent knee jerks.",
    ),
    # session18_sb:2: a calf that blew up after a flight, then pleuritic pain
    (
        "deep_vein_thrombosis",
        "emergency_ambulance",
        "After the flight from Perth my left calf ballooned, and now it hurts to breathe in deeply.",
    ),
    # session18_sb:12: 'a man of 81' as the age, new temple headache and jaw claudication
    (
        "giant_cell_arteritis",
        "emergency",
        "A man of 81 in the waiting room: new headache over the temple and his jaw aches when he chews.",
    ),
    # session18_sb:27: legs weak, hands and feet tingle, it goes up, after diarrhoea
    (
        "guillain_barre",
        "emergency",
        "My wife, 52 year, legs weak since Tuesday. Hands and feet tingle, it goes up. Diarrhoea two "
        "weeks ago.",
    ),
    # session18_sa:37/39/42 look-alikes: a dated quoted line with no resolution, or a new alarm in the newest
    # text, stays urgent
    (
        "cauda_equina",
        "emergency",
        "> March: couldn't pee after the op, catheter for a day.\n-- still can't pee properly, worse today",
    ),
    (
        "deep_vein_thrombosis",
        "emergency",
        "> Sept 2023: swollen calf, scan showed no clot.\nNow the same calf is swollen again, hot and "
        "tender, twice the size of the other.",
    ),
    (
        "spinal_infection",
        "emergency",
        "> March: fever and back pain, never cleared up.",
    ),
    # session18_sb:33: walking at lunchtime, now the leg is cold and white
    (
        "acute_limb_ischemia",
        "emergency",
        "He was pottering in the garden at lunch, now his left leg is cold and white and hurts lying "
        "down.",
    ),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("flag,floor,text", FLOORS)
def test_session18_fxg_floor(flag, floor, text, fast):
    """Each invented sentence: at least its floor, with its red flag, in both modes."""
    check_floor(text, fast, floor, flag)


PROBES = [
    ("session18_sa.txt", 21),
    ("session18_sa.txt", 25),
    ("session18_sa.txt", 33),
    ("session18_sa.txt", 37),
    ("session18_sa.txt", 39),
    ("session18_sa.txt", 42),
    ("session18_sa.txt", 45),
    ("session18_sb.txt", 2),
    ("session18_sb.txt", 12),
    ("session18_sb.txt", 27),
    ("session18_sb.txt", 33),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("name,line", PROBES)
def test_session18_fxg_probe_line(name, line, fast):
    """The probe lines this helper fixed (session18_sa:21, sa:25, sa:33, sa:37, sa:39, sa:42, sa:45,
    sb:2, sb:12, sb:27, sb:33): urgent lines at least at their level; non-urgent ones not an emergency."""
    level, text = probe_line(name, line)
    got, flags, _ = assess(text, fast)
    assert at_least(got, level), (name, line, fast, got, sorted(flags))
    if level in ("consultation", "self_care"):
        check_not_emergency(text, fast)


LOOK_ALIKES = [
    # session18_sa:45: quoted questions answered "no" on the next line, after a dash or a quote mark
    "> Any trouble passing water?\n-- no\n> Numb around the back passage?\n-- none\nJust sciatica in the "
    "left leg.",
    "Any leaking of urine or soiling?\n- no, all fine\nNumb around the back passage?\n- nope\nJust "
    "sciatica down the left leg.",
    "> Bladder or bowel trouble?\n> no\n> Weak legs?\n> no, just stiff in the mornings",
    # session18_sa:37/39/42: a dated quoted line of an older message that says it settled
    "> 2022: swollen left calf, ultrasound normal.\nAll fine since. Calves ache walking up hills.",
    "> May: couldn't pass urine after the knee op, catheter overnight, fully recovered.\nNow asking about "
    "knee pain on stairs.",
    # a calf measured, not a temperature
    "Back pain for years. Left calf now 38.5, right 35.0, no change from last month.",
    # a normal temperature given as news
    "Back pain, now 36.8, feeling better.",
    # an old stroke's hemiparesis, and an arm and a leg of different sides
    "Since his stroke in 2019 he can't lift his right arm and his right leg drags.",
    "He can't lift his right arm above his head after the shoulder op and his left leg drags from the "
    "old knee injury.",
    # ankle jerks alone, knee jerks present
    "Knee jerks present, ankle jerks absent, legs fine.",
    # a knee or both legs that blew up (no one-sided calf)
    "My right knee blew up after football.",
    "Both legs blew up after the flight, ankles puffy, gone by the morning.",
    # a man of a weight, not an age; a husband of forty years
    "A man of 90 kg with sore knees after walking.",
    "Married to my husband 40 years, his knees ache on the stairs.",
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_session18_fxg_look_alike(text, fast):
    """Each look-alike: not an emergency, in both modes."""
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
def test_quoted_answer_no_makes_absent(fast):
    """session18_sa:45: a quoted question answered "-- no" on the next line reads its finding absent."""
    _, _, states = assess("> Any numbness between the legs?\n-- no\n> Leg weakness?\n-- no", fast)
    assert "present" not in states.get("saddle_anesthesia", set()), states
    assert "absent" in states.get("saddle_anesthesia", set()), states


@pytest.mark.parametrize("fast", MODES)
def test_age_lady_of(fast):
    """session18_sb:12: 'lady of 78' is an age (the GCA flag needs one); a husband's '40 year' is an
    age and no duration of 40 years."""
    from text_readings import read

    assert read("Tour guide here: a lady of 78 with aching calves.", fast).case.age == 78
    res = read("My husband, 40 year, since Monday the legs weak.", fast)
    assert res.case.age == 40
    assert "symptom_duration_weeks" not in res.case.measurements
