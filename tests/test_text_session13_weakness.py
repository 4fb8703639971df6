"""Session 13 (fx13b): weakness told by lost abilities (a chair, a walking aid, the arms, the swallow),
in the Guillain-Barre, myasthenic crisis, hypokalaemic paralysis and cancer-deficit pictures of the
session-13 probes (tests/fixtures/probes/session13_pc.txt, session13_pe.txt). Invented sentences of our
own, each read in both modes, with look-alikes that must not fire."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, check_floor, check_not_emergency  # noqa: E402

FLOORS = [
    # session13_pc.txt:14: a lost ability told as a change over weeks ('gone from walking the dog to
    # struggling to get out of a dining chair'): a worsening motor deficit
    (
        "progressive_neurological_deficit",
        "consultation_24",
        "For the past month she has gone from gardening every day to struggling to get up off the sofa. "
        "Started simvastatin in January.",
    ),
    (
        "progressive_neurological_deficit",
        "consultation_24",
        "Over three weeks he has gone from playing golf to barely managing to stand up out of his armchair.",
    ),
    # session13_pc.txt:21: one-sided weakness found on waking after going to bed well (a wake-up stroke)
    (
        "stroke",
        "emergency_ambulance",
        "Woke up at 5 am and couldn't lift my left arm, and my left leg is dragging. Went to bed fine.",
    ),
    (
        "stroke",
        "emergency_ambulance",
        "Went to bed fine last night; this morning her right leg is weak and her right hand is clumsy.",
    ),
    # session13_pc.txt:26: legs that cannot lift him off a chair and weak arms within hours, after
    # diarrhoea on a diuretic (hypokalaemic paralysis read through the four-limb weakness combine)
    (
        "guillain_barre",
        "emergency",
        "This afternoon he suddenly could not get up from the toilet and his arms are weak too; on "
        "bendroflumethiazide and has had diarrhoea for days.",
    ),
    # session13_pc.txt:29: limited English, legs 'not strong' for days, drink back out of the nose after
    # diarrhoea
    (
        "guillain_barre",
        "emergency_ambulance",
        "His legs not strong since 2 days. Water comes back out of his nose when he drinks. "
        "Had diarrhoea last week.",
    ),
    # session13_pc.txt:33: both arms needed to get up, worse each week, in a person with a cancer history
    # (MSCC)
    (
        "spinal_malignancy",
        "emergency",
        "Breast cancer five years ago. Over the past three weeks I have needed both arms to push myself up "
        "from the sofa and it is getting worse each week.",
    ),
    # session13_pe.txt:11 and :26: walking normally days ago, a stick or a frame needed today, with lost
    # reflexes, an infection or a GBS nerve-conduction pattern
    (
        "guillain_barre",
        "emergency",
        "Cycling on Sunday, today she needs a frame to get to the bathroom, ankle and knee reflexes absent.",
    ),
    (
        "guillain_barre",
        "emergency",
        "Walking normally on Monday, now needs two sticks; had a chest infection ten days ago and "
        "the reflexes are gone.",
    ),
    (
        "guillain_barre",
        "emergency",
        "NCS: acute inflammatory demyelinating polyneuropathy. Walking fine until yesterday, "
        "today needs a walker, areflexic.",
    ),
    # session13_pe.txt:13: positive AChR antibodies with a decrement, then bulbar trouble (myasthenic
    # crisis); legs tiring after a counted number of steps
    (
        "myasthenic_crisis",
        "emergency_ambulance",
        "Anti-AChR antibodies positive, repetitive nerve stimulation shows decrement. Today he "
        "chokes on water and his voice is fading.",
    ),
    (
        "myasthenic_crisis",
        "emergency_ambulance",
        "Her legs give out after 20 steps, worse by evening, and since this morning she can't "
        "swallow her pills.",
    ),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("flag,floor,text", FLOORS)
def test_weakness_floor(flag, floor, text, fast):
    """Floors from session13_pc.txt lines 14, 21, 26, 29, 33 and session13_pe.txt lines 11, 13, 26
    (see each case's comment): the flag is raised and the triage is at least the floor."""
    check_floor(text, fast, floor, flag)


NOT_EMERGENCY = [
    # session13_pc.txt:44: dropping mugs from thumb-base arthritis with stiff fingers, legs fine (the fast
    # layer had guessed an ascending weakness: Guillain-Barre)
    "I keep dropping cups because both thumbs ache at the base and my fingers are stiff for a while in the "
    "morning. My legs are fine.",
    # the drink-through-the-nose and 'not swallow' wordings: negated, or blood from the nose
    "He has not had diarrhoea and his legs are strong. He can swallow fine.",
    "No trouble swallowing, no water coming out of the nose. Legs not weak.",
    "Blood coming out of his nose this morning after a sneeze, legs fine.",
    # a walking aid after an injury; a long-standing difficulty with a chair and a frame
    "Walking normally on Friday and today needs a stick because of a sprained ankle.",
    "My mother struggled to get up from a chair for years because of her knees; she uses a frame now.",
    # waking with a stiff neck is no stroke; legs that tire after a walk and ease with rest are no crisis
    "Woke up with a stiff neck, otherwise fine.",
    "Her legs tire after 200 steps and ease with rest. No swallowing or breathing trouble.",
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", NOT_EMERGENCY)
def test_weakness_look_alike_not_emergency(text, fast):
    """Look-alikes of the floors above (session13_pc.txt:44 and the wordings of pc:21, pc:29, pe:11,
    pe:13): not an emergency."""
    check_not_emergency(text, fast)


LOOK_ALIKES = [
    # session13_pe.txt:13: negative antibodies are no myasthenia
    ("AChR antibodies negative, RNS normal. Legs tire on hills.", "known_myasthenia_gravis"),
    # session13_pc.txt:29: a negated swallowing trouble stays negated
    ("He can swallow normally and nothing comes out of his nose.", "dysphagia"),
    # session13_pe.txt:11: a stick after a sprain is no new motor deficit
    ("Jogging last week, sprained her ankle, needs a stick today.", "progressive_motor_deficit"),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text,finding", LOOK_ALIKES)
def test_weakness_look_alike_finding(text, finding, fast):
    """Look-alikes of session13_pe.txt:11, :13 and session13_pc.txt:29: the finding is not read as present."""
    _, _, states = assess(text, fast)
    assert "present" not in states.get(finding, set()), states


@pytest.mark.parametrize("fast", MODES)
def test_aman_is_a_gbs_pattern(fast):
    """session13_pe.txt:26: 'acute motor axonal neuropathy' is the GBS nerve-conduction pattern, not a
    length-dependent polyneuropathy."""
    _, _, states = assess("EMG: acute motor axonal neuropathy, low motor amplitudes.", fast)
    assert "present" in states.get("ncs_gbs_pattern", set()), states
    assert "present" not in states.get("ncs_length_dependent_polyneuropathy", set()), states
