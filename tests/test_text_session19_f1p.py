"""Session 19 (f1p): denied bladder and bowel change. 'No bladder or bowel change', 'denies any new
bladder/bowel symptoms', 'no bladder change' say that nothing is new (new_sphincter_symptoms absent, and
sphincter_dysfunction absent when both organs are named); most development parts' gold does not read them as a
specific denial of a retention or a faecal incontinence (an F1 fix, not a probe fix: no probe line of sessions
11-18 is about it).

The red-flag screen's 'bladder or bowel change' inside such a denial must stay silent (the rule's
`rules_out`), and every present sphincter, retention or saddle reading beside a denial keeps its emergency,
in both modes. 'he has no bladder or bowel control' (found while testing) is a loss of control. The
sentences are our own."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, is_emergency  # noqa: E402

DENIALS = [
    "Low back ache after lifting a sofa three days ago. No bladder or bowel change.",
    "Sciatica down the right leg for a fortnight. She denies any new bladder/bowel symptoms so far.",
    "Back pain since gardening on Sunday, no bladder or bowel disturbance, walking fine.",
    "Bowel or bladder changes: none. Back pain for a week after a fall on ice.",
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", DENIALS[:3])
def test_denied_bladder_and_bowel_change_is_nothing_new(text, fast):
    """development parts (dev11-30): the 'no bladder or bowel change' family, gold new_sphincter_symptoms and
    sphincter_dysfunction absent in 17 of 22 narratives over ten parts."""
    level, flags, st = assess(text, fast)
    assert not is_emergency(level) and "cauda_equina" not in flags, (level, flags)
    assert st.get("new_sphincter_symptoms") == {"absent"}, st
    assert st.get("sphincter_dysfunction") == {"absent"}, st
    for fid in ("new_urinary_retention_or_incontinence", "new_fecal_incontinence"):
        assert "present" not in st.get(fid, set()), (fid, st)


@pytest.mark.parametrize("fast", MODES)
def test_denied_bladder_change_alone_is_nothing_new(fast):
    """development parts: 'no bladder change' (the bladder alone), gold new_sphincter_symptoms absent alone
    (9 of 11)."""
    level, flags, st = assess("Right buttock pain for ten days after a long drive, no bladder change.", fast)
    assert not is_emergency(level), (level, flags)
    assert st.get("new_sphincter_symptoms") == {"absent"}, st
    assert "present" not in st.get("new_urinary_retention_or_incontinence", set()), st
    assert "present" not in st.get("sphincter_dysfunction", set()), st


@pytest.mark.parametrize("fast", MODES)
def test_passing_water_as_usual_still_rules_out_sphincter_loss(fast):
    """Look-alike of the split session-17 rule: voiding as usual keeps sphincter_dysfunction absent."""
    _, _, st = assess("Back pain for a week. He is passing water as usual.", fast)
    assert "absent" in st.get("sphincter_dysfunction", set()), st


EMERGENCIES = [
    # a denial of an earlier change beside a new loss: the loss wins
    "No bladder or bowel change last week, but since this morning she cannot pass urine and her back is "
    "agony.",
    # the change itself is new, not denied
    "No leg weakness, but a new bladder or bowel change since Friday with back pain.",
    # a denial beside a numb saddle
    "Back pain. No bladder or bowel problems, yet she cannot feel the toilet paper when wiping since "
    "yesterday.",
    # no control is a loss of control, not a denial
    "Back pain since lifting; since this morning he has no bladder or bowel control.",
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", EMERGENCIES)
def test_sphincter_or_saddle_alarm_beside_a_denial_stays_an_emergency(text, fast):
    """Look-alikes that must NOT lose the cauda equina emergency (safety: these ids feed the red flag)."""
    level, flags, _ = assess(text, fast)
    assert is_emergency(level) and "cauda_equina" in flags, (level, flags)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Back pain after moving house. No bladder or bowel control problems, no saddle numbness.",
        "Sore lower back for four days. No change in bladder or bowel control.",
    ],
)
def test_denied_control_problems_are_no_emergency(text, fast):
    """Look-alikes of 'he has no bladder or bowel control' (an emergency): a denied control problem is
    not one."""
    level, flags, _ = assess(text, fast)
    assert not is_emergency(level), (level, flags)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Pain down the left leg after a fall. Some urgency to pass urine over the last week.",
        "Back ache and sciatica. I have been needing the toilet urgently lately.",
    ],
)
def test_recent_urgency_is_a_new_sphincter_symptom(text, fast):
    """development parts: urgency dated to recent days or weeks, gold new_sphincter_symptoms present (13
    narratives); at least the progressive deficit's 24-hour review."""
    level, flags, st = assess(text, fast)
    assert "present" in st.get("new_sphincter_symptoms", set()), st
    assert "progressive_neurological_deficit" in flags, (level, flags)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Calves ache after 300 yards and ease when I sit. Urgency of urine over the last few years.",
        "Calves ache after 300 yards and ease when I sit. No urgency over the last week.",
    ],
)
def test_old_or_denied_urgency_is_no_new_sphincter_symptom(text, fast):
    """Look-alikes: urgency of years, or denied urgency, is no new sphincter symptom and no emergency."""
    level, flags, st = assess(text, fast)
    assert "present" not in st.get("new_sphincter_symptoms", set()), st
    assert not is_emergency(level), (level, flags)
