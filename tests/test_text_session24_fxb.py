"""Session 24 (fxb): probe lines of session24_xa, xb and xc that were under-triaged or over-read.

An urgency told with its leaks (an urge incontinence) in a cervical myelopathy; South Asian notes' 'LBA'
(low back ache) with a fever in someone who injects; a German-style age ('72-j. female', '71 J., m.') before
a GCA picture; a potassium called critically or dangerously low with weak legs and no value; legs too weak
to get off the toilet. The look-alikes: a fear of a named illness ('paranoid about Guillain-Barre'), the
topics of a teaching session, an old illness told as 'residua' or 'sequelae'. The sentences are our own
unless a docstring names the probe line; both modes."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, check_floor, check_not_emergency, probe_line, states  # noqa: E402


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Neck stiff for years, hands getting clumsy this month, and since Monday bladder urgency with leaks.",
        "Her walking is worse every day and she has new urgency and accidents since the weekend; Hoffmann "
        "positive.",
        "Known cervical stenosis. Legs stiff, new urge with some leakage over the last four days.",
    ],
)
def test_urgency_with_leaks_is_loss_of_control(text, fast):
    """session24_xc:12: an urgency told with its leaks or accidents is an urge incontinence, a loss of bladder
    control: with a worsening gait or hands it is an emergency (cord compression)."""
    check_floor(text, fast, "emergency")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Bladder urgency with leaks when I cough or sneeze, for years since the kids. Legs fine.",
        "Some urgency, no leaks, no numbness. Ache in both calves after a mile.",
    ],
)
def test_old_or_denied_leak_is_not_emergency(text, fast):
    """Look-alikes: a stress leak of years, and a denied leak."""
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "28 yo M, injects heroin, c/o LBA for 5 days, T 38.6. Spine tender at L4.",
        "IVDU, severe LBA since last week, febrile at home.",
    ],
)
def test_lba_is_low_back_ache(text, fast):
    """session24_xc:13 (rules alone): 'LBA' is low back ache; with a fever, a spinal infection (emergency)."""
    check_floor(text, fast, "emergency", "spinal_infection")


@pytest.mark.parametrize("fast", MODES)
def test_lba_alone_is_back_pain(fast):
    assert "present" in states("c/o LBA x 3 months, worse bending.", fast).get("back_pain", set())


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Anamnesis: 68-j. female, new headache over the right temple for a week, jaw aches when chewing.",
        "74 J., m. New temporal headache since 5 days and blurred vision in the left eye this morning.",
    ],
)
def test_german_style_age_reads_for_gca(text, fast):
    """session24_xc:39: the age written 'NN-j.' or 'NN J.' before a sex word is read, so a new headache with
    jaw pain or a visual disturbance over 50 is the GCA flag (emergency)."""
    check_floor(text, fast, "emergency", "giant_cell_arteritis")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    ("text", "age"),
    [("Anamnesis: 72-j. female with known PMR.", 72), ("71 J., m. Pain in the right calf.", 71),
     ("Shocked at 150 J, then a new headache.", None), ("Joined 20 j ago, knee pain.", None)],
)
def test_german_style_age(text, age, fast):
    """The age 'NN-j.' or 'NN J.' is read only before a sex or patient word (a 'J' alone is joules or a
    name)."""
    from text_readings import read

    assert read(text, fast).case.age == age


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "The surgery rang: her potassium is dangerously low. Both legs have gone weak and she can't stand up "
        "from the sofa.",
        "Potassium critically low on the bloods, he's on a diuretic, and his legs are like jelly today.",
    ],
)
def test_critical_potassium_with_weak_legs(text, fast):
    """session24_xa:39: a potassium called critically or dangerously low with weak legs, no value given:
    severe hypokalaemia with weakness (facts.md 5.3: emergency)."""
    check_floor(text, fast, "emergency")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "My potassium was a bit low last year on a water tablet. Calves ache after half a mile, ease when I "
        "stop.",
        "Potassium dangerously low in 2019 after a tummy bug, fine since. Knees stiff in the morning for "
        "years.",
    ],
)
def test_potassium_look_alikes(text, fast):
    """Look-alikes: a mildly low potassium of last year with claudication; an old low potassium, no weak
    legs."""
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
def test_potassium_with_a_degree_word_is_read(fast):
    got = states("Her potassium is very low and she is tired.", fast)
    assert "present" in got.get("potassium_low", set()), got


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    ["His thighs are too weak to get him off the toilet.", "Her legs are too weak to climb the stairs now."],
)
def test_too_weak_to_rise(text, fast):
    """session24_xa:40: legs or thighs too weak to rise from a seat or climb stairs are proximal
    weakness."""
    got = states(text, fast)
    assert "present" in got.get("proximal_leg_weakness", set()), got


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Known polymyositis. Since Tuesday she chokes on her tea and her thighs are too weak to get her off "
        "the toilet.",
        "Dermatomyositis on azathioprine; this week he can't get up from a chair and he chokes on his "
        "drinks.",
    ],
)
def test_myositis_with_dysphagia(text, fast):
    """session24_xa:40: proximal leg weakness with dysphagia (a myopathy reaching the swallowing muscles) is
    an emergency (facts.md 5.3; the knowledge base's inflammatory myopathy escalation)."""
    check_floor(text, fast, "emergency")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Statin for years, thighs ache and I struggle a bit getting out of low chairs. Swallowing fine.",
        "Heartburn and food sometimes sticks for years. Calves cramp after 300 yards, ease on standing "
        "still.",
    ],
)
def test_myopathy_look_alikes(text, fast):
    """Look-alikes: proximal weakness with swallowing denied; a long reflux with claudication."""
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        # session24_xb:54 stands for these
        "I was terrified of Guillain-Barre after a stomach bug. Three weeks on, legs normal, reflexes fine.",
        "Frightened of cauda equina because my friend had it. My back is a bit stiff after gardening, "
        "nothing else.",
    ],
)
def test_a_feared_illness_is_no_finding(text, fast):
    """session24_xb:54: a condition feared ('paranoid about', 'terrified of', 'frightened of') is no
    finding."""
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
def test_fear_then_own_symptoms_keep_urgency(fast):
    """The fear cue does not hide symptoms told in their own sentence."""
    check_floor(
        "I was terrified of Guillain-Barre after the diarrhoea. Now my feet then my thighs have gone weak "
        "over three days and I can't feel my knees reflexes, the GP says they are absent.",
        fast,
        "emergency",
    )


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "I give a lecture on spinal red flags to physios: cauda equina, saddle numbness, urinary retention. "
        "My own "
        "trouble is a stiff ankle from an old sprain.",
        "Our teaching session covered saddle anaesthesia, incontinence and foot drop. I just have tired "
        "calves.",
    ],
)
def test_teaching_topics_are_not_findings(text, fast):
    """session24_xb:47: the topics of a teaching session or lecture are named, not had."""
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
def test_teacher_with_own_cauda_equina_stays_urgent(fast):
    """A teacher's own symptoms in the next sentence are read as ever."""
    check_floor(
        "I teach about cauda equina to nurses. Since this morning my bottom is numb, I can't pass urine and "
        "my back is "
        "agony.",
        fast,
        "emergency",
        "cauda_equina",
    )


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Past GBS 2018, ventilated. Now mild foot numbness, stable for years. Imp: GBS residua.",
        "Guillain-Barre sequelae, unchanged since 2020: feet a bit numb, ankles slightly weak, walks 2 km.",
    ],
)
def test_residua_of_an_old_illness(text, fast):
    """session24_xc:50: an illness named before 'residua' or 'sequelae' is the old illness, not a new
    attack."""
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
def test_new_attack_after_old_gbs_stays_urgent(fast):
    """A new ascending weakness after an old GBS is still read (the cue reaches back only over its
    illness)."""
    check_floor(
        "GBS residua from 2015. Since Tuesday numb feet then weak knees, now weak thighs, both sides.",
        fast,
        "emergency",
    )


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    ("name", "line"),
    [("session24_xc.txt", 12), ("session24_xc.txt", 13), ("session24_xc.txt", 39), ("session24_xa.txt", 39),
     ("session24_xa.txt", 40)],
)
def test_probe_lines(name, line, fast):
    """The urgent probe lines themselves (session24_xc:12, 13, 39; session24_xa:39, 40)."""
    level, text = probe_line(name, line)
    check_floor(text, fast, level)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    ("name", "line"), [("session24_xb.txt", 47), ("session24_xb.txt", 54), ("session24_xc.txt", 50)]
)
def test_probe_look_alikes(name, line, fast):
    """The look-alike probe lines themselves (session24_xb:47, 54; session24_xc:50)."""
    _level, text = probe_line(name, line)
    check_not_emergency(text, fast)
    level, _flags, _ = assess(text, fast)
    assert level != "emergency_ambulance"
