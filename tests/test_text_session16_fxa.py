"""Session 16 (fxa): neurological and systemic emergencies the session-16 probes found missed (Guillain-Barre
with bulbar signs, a wake-up stroke, new sphincter loss on a myelopathy, giant cell arteritis whose age went
unread, PMR-like stiffness with the rules alone). Each floor is an invented sentence of our own (plus the
probe line where useful), read in both modes; each fix has a look-alike that must not fire."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import BOTH_MODES, assess, at_least, check_floor, is_emergency, probe_line, read  # noqa: E402

FLOORS = [
    # session16_qm:28: gone from walking to not standing within days, hands weak and a failing swallow
    (
        "bilateral",
        "emergency_ambulance",
        "Within three days she went from walking to not standing, and now her arms are weak.",
    ),
    (
        "bilateral",
        "emergency_ambulance",
        "Since Saturday my dad has gone from walking to the shops to being unable to stand.",
    ),
    # session16_qn:16: weak legs after an infection, now choking on drinks
    (
        "guillain_barre",
        "emergency_ambulance",
        "After a tummy bug ten days ago my legs have gone weak and today I choke when I try to swallow "
        "water.",
    ),
    (
        "guillain_barre",
        "emergency_ambulance",
        "Chest infection a fortnight ago; now both legs are weak and wobbly and he can't swallow his pills.",
    ),
    # session16_qq:12: a one-sided leg and hand deficit found on waking
    (
        "stroke",
        "emergency_ambulance",
        "When he woke this morning his left leg was dragging and his left hand was clumsy; he was fine at "
        "bedtime.",
    ),
    # session16_qq:34: a stream that would not start, on a known stenosis
    (
        "spinal_cord_compression",
        "emergency",
        "Stiff legs and clumsy hands; since yesterday he can't get his stream started.",
    ),
    # session16_qr:30: accidents with the bladder, told after a walking word in the same sentence
    (
        "spinal_cord_compression",
        "emergency",
        "My hands are clumsy and I walk badly, and since Monday I've had two accidents with my waterworks.",
    ),
    # session16_qq:39, qo:35: the age told as 'Mam is ..' or to the reader as 'you are ..'
    (
        "giant_cell_arteritis",
        "emergency",
        "Mam is 78. She has had a new headache at her temples and her jaw aches when she chews.",
    ),
    (
        "giant_cell_arteritis",
        "emergency",
        "Actor brief: you are 69. You have a new headache and your scalp hurts when you brush your hair.",
    ),
]


@BOTH_MODES
@pytest.mark.parametrize("flag,floor,text", FLOORS)
def test_session16_fxa_floor(flag, floor, text, fast):
    """A floor for each fixed wording (both modes). 'bilateral' stands for the flags of a rapidly
    progressive weakness of both legs (cauda equina, cord compression, Guillain-Barre)."""
    if flag == "bilateral":
        level, flags, _ = assess(text, fast)
        assert at_least(level, floor), (text, level, sorted(flags))
        assert flags & {"cauda_equina", "spinal_cord_compression", "guillain_barre"}, sorted(flags)
    else:
        check_floor(text, fast, floor, flag)


PROBE_LINES = [
    ("session16_qm.txt", 28),
    ("session16_qn.txt", 16),
    ("session16_qq.txt", 12),
    ("session16_qq.txt", 34),
    ("session16_qr.txt", 30),
    ("session16_qo.txt", 35),
    ("session16_qq.txt", 39),
    ("session16_qo.txt", 43),
]


@BOTH_MODES
@pytest.mark.parametrize("name,line", PROBE_LINES)
def test_session16_fxa_probe_line(name, line, fast):
    """The probe lines themselves (session16_qm:28, qn:16, qq:12, qq:34, qr:30, qo:35, qq:39, qo:43) reach
    their level."""
    level, text = probe_line(name, line)
    check_floor(text, fast, level)


LOOK_ALIKES = [
    # session16_qr:30: an old incontinence is not a new one
    (
        "I've had accidents with my bladder for years since the children were born, my legs are stiff when "
        "I walk.",
        "new_urinary_retention_or_incontinence",
    ),
    # session16_qq:34: a benign prostate explains a slow start; a car is no stream
    (
        "Enlarged prostate: he often can't get his stream going at night.",
        "new_urinary_retention_or_incontinence",
    ),
    (
        "He couldn't start the car this morning and then walked to work.",
        "new_urinary_retention_or_incontinence",
    ),
    # session16_qq:12: an old stroke's deficit, and the habit of waking stiff
    (
        "Since his stroke in 2019 his right foot drags and his right hand is clumsy, unchanged when he "
        "woke today.",
        "sudden_unilateral_weakness",
    ),
    (
        "When I wake up my right foot drags and my right hand is clumsy, for years now.",
        "sudden_unilateral_weakness",
    ),
    # session16_qm:28: a slow decline over a year, and a posture change
    (
        "Over the last year she has gone from walking with a stick to not standing, with her Parkinson's.",
        "bilateral_leg_weakness_progressive",
    ),
    ("In two days he went from sitting to standing with help.", "bilateral_leg_weakness_progressive"),
    # session16_qn:16: a flu with a sore throat that makes swallowing hard
    (
        "Flu last week with a sore throat, I can't swallow properly and my legs are weak and achy.",
        "bilateral_leg_weakness_progressive",
    ),
]


@BOTH_MODES
@pytest.mark.parametrize("text,finding", LOOK_ALIKES)
def test_session16_fxa_look_alike(text, finding, fast):
    """A look-alike of each fix: not the finding, and not an emergency."""
    level, flags, states = assess(text, fast)
    assert "present" not in states.get(finding, set()), states
    assert not is_emergency(level), (level, sorted(flags))


@pytest.mark.parametrize(
    "text,age",
    [
        ("Mam is 76. New headache.", 76),
        ("Granny's 81 and has a new headache.", 81),
        ("OSCE script: you are 71 and your thighs ache.", 71),
        ("If you are 65 or over you should have a flu jab.", None),
        ("When you are 70 you get a bus pass.", None),
        ("You are 3 weeks post op.", None),
    ],
)
def test_session16_fxa_age(text, age):
    """Ages told as a Northern or Scots parent's name and 'is', or to the reader ('you are 71'); not a
    condition or a threshold (session16_qq:39, qo:35)."""
    got = read(text, False).case.age
    assert got == age, got


@BOTH_MODES
def test_session16_fxa_pmr_stiffness_rules(fast):
    """session16_qo:43: stiffness of both shoulders and hips, worse in the mornings for about an hour: both
    the shoulders (inside the hips' match) and the morning stiffness's length are read; ten minutes is not."""
    _, _, states = assess(
        "He has had stiffness in both shoulders and hips for two months, worse in the mornings for about "
        "an hour.",
        fast,
    )
    assert "present" in states.get("bilateral_shoulder_aching", set()), states
    assert "present" in states.get("morning_stiffness_over_45_min", set()), states
    if not fast:
        _, _, states = assess("My knees are stiff, worse in the mornings for ten minutes.", fast)
        assert "present" not in states.get("morning_stiffness_over_45_min", set()), states
