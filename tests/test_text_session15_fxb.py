"""Session 15 (fix helper fxb): spinal emergencies told with hedges, by a relative, and in clinicians'
impressions and plans. Invented sentences of our own (each differs from the probe line it came from), read in
both modes: floors (at least this triage and this red flag) and look-alikes (not this finding, or not an
emergency)."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import BOTH_MODES, assess, check_floor, check_not_emergency  # noqa: E402

FLOORS = [
    # session15_qc:30: a relative who is the subject of a present symptom is the patient, and the reason
    # given with 'cos' for ruling something out is told as a fact
    ("cauda_equina", "emergency", "they want to rule out a spinal problem cos mum cant pee since last night"),
    (
        "cauda_equina",
        "emergency",
        "Doctor wants to exclude CES because my dad can't pass urine since yesterday.",
    ),
    # session15_qa:10: a hedge, then a relative who had cancer and whose back and legs are the story now
    (
        "spinal_malignancy",
        "emergency",
        "Probably nothing, but Mum had breast cancer and now her upper back aches at night and her legs "
        "have gone wobbly this week.",
    ),
    # session15_qc:25: a post-void residual in 'mils', after 'not excluded'
    ("cauda_equina", "emergency", "Cauda equina not excluded; post void residual 480 mils on bladder scan."),
    # session15_qc:32: an incontinence said to be new
    ("cauda_equina", "emergency", "Upgoing toes, brisk knee jerks and new urge incontinence this week."),
    # session15_qa:12: accidents, not reaching the toilet in time
    (
        "cauda_equina",
        "emergency",
        "My fingers are a bit clumsy and recently I've had a few small accidents, "
        "I couldn't get to the toilet in time.",
    ),
    # session15_qc:23: a weaker anal squeeze; pads needed since a recent day
    ("cauda_equina", "emergency", "On PR the anal squeeze is reduced."),
    ("cauda_equina", "emergency", "She has been wearing pads since Friday, which is new for her."),
    # session15_qa:3: a hedged lay saddle numbness
    ("cauda_equina", "emergency", "Since the disc went, everything down there feels kind of muffled."),
    # session15_qc:6: a person with cancer whose legs went weak days ago, without back pain
    (
        "spinal_malignancy",
        "emergency",
        "Known myeloma. Since Saturday both legs feel weak and wobbly and she nearly fell.",
    ),
    # session15_qc:13 (rules alone): legs weak over days until unable to walk, now choking
    (
        None,
        "emergency_ambulance",
        "His legs went weak over four days, he can't walk to the toilet now "
        "and he chokes on drinks since today.",
    ),
]


@BOTH_MODES
@pytest.mark.parametrize("flag,floor,text", FLOORS)
def test_session15_fxb_floor(flag, floor, text, fast):
    check_floor(text, fast, floor, flag)


FAMILY_KEPT = [
    # the relative's own past illness, told by a writer who speaks of his or her own symptoms
    ("My father had prostate cancer; I have back pain at night.", "cancer_history"),
    ("My mother had a DVT at 50 and now my calf is swollen.", "previous_dvt"),
    (
        "Not sure if it matters, but my dad had bowel cancer. I have had backache for a month.",
        "cancer_history",
    ),
]


@BOTH_MODES
@pytest.mark.parametrize("text,finding", FAMILY_KEPT)
def test_session15_fxb_family_history_kept(text, finding, fast):
    """session15_qc:30 and qa:10 look-alikes: a relative who had an illness is a family history."""
    _, _, states = assess(text, fast)
    assert "present" not in states.get(finding, set()), states


NOT_PRESENT = [
    # session15_qc:52: a volume before voiding, a small residual
    (
        "Bladder scan before voiding 480 ml, strong urge, residual after voiding 30 ml, "
        "saddle sensation normal.",
        "new_urinary_retention_or_incontinence",
    ),
    # session15_qa:12: urge incontinence for years, not new
    (
        "Urge incontinence for years, sometimes I don't make it to the toilet in time "
        "and have a few little accidents.",
        "new_urinary_retention_or_incontinence",
    ),
    # session15_qc:23: pads since an operation years ago; a normal anal tone
    (
        "PR: anal tone normal, squeeze good. Has worn pads since her hysterectomy in 2009.",
        "sphincter_dysfunction",
    ),
    # session15_qc:6: legs weak for years after polio, with an old cancer
    (
        "History of breast cancer, in remission. Both legs have been weak for 5 years since polio, "
        "reviewed today.",
        "new_leg_weakness",
    ),
    # development8 t22: a relative as the object of the writer's action
    ("One week ago I lifted my son and got pain in my left buttock going down the leg.", None),
]


@BOTH_MODES
@pytest.mark.parametrize("text,finding", NOT_PRESENT)
def test_session15_fxb_look_alike(text, finding, fast):
    if finding is None:
        _, _, states = assess(text, fast)
        assert "family" not in {s for v in states.values() for s in v}, states
        return
    _, _, states = assess(text, fast)
    assert "present" not in states.get(finding, set()), states
    check_not_emergency(text, fast)


@BOTH_MODES
def test_session15_fxb_garbled_my_in_relative_text(fast):
    """session11_ph:30 (kept OK after the family cue change): a relative's message whose only 'my' is inside a
    garbled word still speaks of the relative ('my daughter has my a sthenia ...')."""
    check_floor(
        "my daughter has my a sthenia gravis, after a few minutes talking her voice fades, tonight she "
        "chokes on water and her legs give way.",
        fast,
        "emergency_ambulance",
    )
