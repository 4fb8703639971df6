"""Session 17 (fxd): comparisons with before or with someone else, and numbers written approximately, as
bounds or without units (probe files session17_rf and session17_rh). Each floor and look-alike is read in both
modes; the sentences are our own, and the probe lines fixed are read as they are."""

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
    read,
)

FLOORS = [
    # session17_rf:30: one leg weak with the face gone numb (a second focal sign)
    ("stroke", "emergency_ambulance", "Getting off the bus his right leg went weak and his cheek went numb."),
    (
        "stroke",
        "emergency_ambulance",
        "Her left leg has gone heavy and there is numbness down the left side of her face.",
    ),
    # session17_rf:30: one leg weak, told as like a stroke or TIA before
    (
        "stroke",
        "emergency_ambulance",
        "My right leg went weak on the stairs, just like when I had my stroke.",
    ),
    ("stroke", "emergency_ambulance", "Left leg gone heavy, same as my last TIA, and it is not wearing off."),
    # session17_rh:38: a potassium written as a bound, with legs folding as she walks
    (
        None,
        "emergency",
        "Bloods last Tuesday said his potassium was below 2.5 and now his knees keep folding on the way "
        "to the kitchen.",
    ),
    (
        "progressive_neurological_deficit",
        "consultation_24",
        "She can't get to the door without her legs folding.",
    ),
    # session17_rh:8: a bound corrected by the reading itself
    (
        None,
        "emergency",
        "Missed dialysis on Monday. The GP said potassium over 6, I think it was 6.9, and both legs feel "
        "like jelly.",
    ),
    # session17_rh:37: a weakness climbing day by day
    (
        "guillain_barre",
        "emergency",
        "Had the flu last week. The weakness is creeping up day by day, now it has reached her thighs.",
    ),
    # session17_rh:25 (rules alone): a ward sister writing; a diagnosis suspected before the observed weakness
    (
        "guillain_barre",
        "emergency_ambulance",
        "Charge sister: query Guillain-Barre, suspected, legs weak over three days, now hands weak too, "
        "and he is choking on his drinks.",
    ),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("flag,floor,text", FLOORS)
def test_session17_fxd_floor(flag, floor, text, fast):
    check_floor(text, fast, floor, flag)


LOOK_ALIKES = [
    # session17_rf:30: the likeness negated; a one-sided weakness of months, a numb face from the dentist
    "My left leg feels a bit weak after long walks, but it is nothing like my TIA and it has been the same "
    "for months.",
    "Left leg weak for six months since my back operation. My face was numb from the dentist this morning.",
    # session17_rh:38: a way of sitting
    "She likes to sit with her legs folded on the sofa; knees ache a little after walking to the shops.",
    # session17_rh:40: the age after 'now' is no weakness spreading to the thighs
    "Did a marathon years ago. Now 52, thighs feel heavy on long hill walks, urine normal, no swelling.",
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_session17_fxd_look_alike(text, fast):
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
def test_session17_fxd_potassium_bounds(fast):
    """session17_rh:38, rh:8: 'K+ below 2.5' is a value just under 2.5 (a stated assumption); 'over 6' is 6;
    a bound corrected by the reading ('over 6, think it read 6.8') is the reading; 'Now 48 hours' is no
    age."""
    got = {m.id: m for m in read("Hospital letter says K+ below 2.5 last week.", fast).measurements}
    assert got["potassium"].value < 2.5 and got["potassium"].assumptions
    got = {m.id: m for m in read("Her potassium was over 6 on the gas.", fast).measurements}
    assert got["potassium"].value == 6.0
    got = {m.id: m for m in read("Nurse says potassium over 6, think it read 6.8.", fast).measurements}
    assert got["potassium"].value == 6.8
    assert read("Ran the marathon. Now 48, legs heavy on walks.", fast).case.age == 48
    assert read("Legs weak on Monday. Now 48 hours later they are worse.", fast).case.age is None


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "name,line",
    [
        ("session17_rf.txt", 30),
        ("session17_rh.txt", 8),
        ("session17_rh.txt", 25),
        ("session17_rh.txt", 37),
        ("session17_rh.txt", 38),
    ],
)
def test_session17_fxd_probe_lines(name, line, fast):
    """The probe lines fixed, at their level."""
    level, text = probe_line(name, line)
    got, flags, _ = assess(text, fast)
    assert at_least(got, level), (name, line, fast, got, sorted(flags))


@pytest.mark.parametrize("fast", MODES)
def test_session17_fxd_probe_over(fast):
    """session17_rh:40: a CK in the thousands two years ago after a marathon, 'Now 48, thighs feel heavy': no
    emergency."""
    _level, text = probe_line("session17_rh.txt", 40)
    check_not_emergency(text, fast)
