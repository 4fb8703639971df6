"""Session 19 (fxo): negation across clauses (probe file session19_sg) and two leftovers of f1p.

A denial that reached past ', only' into what there is; 'without feeling it coming' read as denying the
sciatica after it; an unread age ('at seventy-four his jaw aches': giant cell arteritis needs one); a
cancer said to be gone NOW read as denied; a bladder scan volume not read; a 'denies' list whose
conjunction lay inside the screen's longer reading; 'not incontinent' leaving the screen's 'incontinent,
has not' as a sphincter loss; a rush for the toilet (urgency, a new sphincter symptom) read as a
retention or incontinence; a denial that reached past ', says'.

Floors and look-alikes in both modes; the sentences are our own unless the docstring names the probe
line."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import (  # noqa: E402
    MODES,
    assess,
    at_least,
    check_floor,
    check_not_emergency,
    is_emergency,
    probe_line,
)

FAST = pytest.mark.parametrize("fast", MODES, ids=["fast", "rules"])


@FAST
@pytest.mark.parametrize(
    "text",
    [
        "No pins and needles, no fever, only she has wet herself twice since lunch without realising, "
        "and her back pain goes down both legs.",
        "No numbness, no fever - only I've had two bowel accidents today without feeling it coming.",
    ],
)
def test_only_after_a_denied_list_turns_to_what_there_is(text, fast):
    """session19_sg:10: ', only' ends the list's 'no'; 'without feeling it coming' denies the warning
    only."""
    check_floor(text, fast, "emergency", "cauda_equina")


@FAST
@pytest.mark.parametrize(
    "text",
    [
        "No weakness, only an ache in both calves after 300 yards that goes when I stop.",
        "No fever, no weight loss, only my left calf cramps walking uphill.",
    ],
)
def test_only_after_a_denied_list_keeps_the_denial_before_it(text, fast):
    """session19_sg:10, look-alike: what follows 'only' is present, the list before it stays denied."""
    level, flags, st = assess(text, fast)
    assert not is_emergency(level), (level, flags)
    assert "present" not in st.get("new_leg_weakness", set()), st


@FAST
def test_bladder_scan_volume_is_a_retention(fast):
    """session19_sg:11: a bladder scan of 500 ml or more (not said to be after voiding) is a retained
    bladder."""
    check_floor(
        "ED triage: denies fever, denies trauma. Bladder scan shows 820 mL, leg pain on walking for a week.",
        fast,
        "emergency",
        "cauda_equina",
    )
    level, text = probe_line("session19_sg.txt", 11)
    check_floor(text, fast, level)


@FAST
def test_small_bladder_scan_is_no_retention(fast):
    """session19_sg:11, look-alike: 'bladder scan 250 ml' is not read as a retention."""
    text = "Bladder scan 250 ml, passing urine normally. Calves ache after 200 m."
    level, flags, st = assess(text, fast)
    assert not is_emergency(level), (level, flags)
    assert "present" not in st.get("new_urinary_retention_or_incontinence", set()), st


@FAST
def test_cancer_gone_now_is_a_past_cancer(fast):
    """session19_sg:13 (rules alone): 'no sign of the cancer any more' is a cancer history, with new
    night back pain and legs giving way (spinal malignancy, emergency with the new weakness)."""
    check_floor(
        "No sign of the cancer any more since the bowel surgery, but I have a new backache that keeps "
        "me up at night and my legs have started giving way.",
        fast,
        "emergency",
        "spinal_malignancy",
    )
    level, text = probe_line("session19_sg.txt", 13)
    check_floor(text, fast, level)


@FAST
@pytest.mark.parametrize(
    "text",
    [
        "No cancer now or in the past. Back pain for ten days after lifting, no night pain.",
        "No cancer, no weight loss. Low back pain for two years, worse on walking.",
    ],
)
def test_denied_cancer_is_no_cancer_history(text, fast):
    """session19_sg:13, look-alike: a cancer denied now and ever, or plainly, is no history."""
    _level, _flags, st = assess(text, fast)
    assert "present" not in st.get("cancer_history", set()), st
    assert "historical" not in st.get("cancer_history", set()), st


@FAST
def test_age_at_which_is_read(fast):
    """session19_sg:18: 'at eighty-one her ...' states the age (giant cell arteritis needs age >= 50)."""
    check_floor(
        "Not a headache really, but at eighty-one her jaw tires halfway through a meal and the scalp "
        "is tender to a comb.",
        fast,
        "emergency",
        "giant_cell_arteritis",
    )
    level, text = probe_line("session19_sg.txt", 18)
    check_floor(text, fast, level)


@FAST
def test_age_at_a_past_event_is_not_the_age(fast):
    """session19_sg:18, look-alike: 'At 30 I had a DVT' is no age of 30 now (the GCA flag needs a
    known age)."""
    level, flags, _ = assess("At 30 I had a DVT. Jaw aches when I chew lately.", fast)
    assert "giant_cell_arteritis" not in flags, (level, flags)


@FAST
def test_denied_list_with_conjunction_inside_a_longer_reading(fast):
    """session19_sg:40: a 'denies' list whose last items 'urinary retention or faecal incontinence'
    the screen reads as one span is denied to its end (a spinal stenosis, not a cauda equina
    emergency)."""
    check_not_emergency(
        "Denies fever, weight loss, night sweats, saddle numbness, bowel incontinence or urinary "
        "retention. Aching buttocks and thighs on walking for a year, eased by sitting.",
        fast,
    )
    _level, text = probe_line("session19_sg.txt", 40)
    check_not_emergency(text, fast)


@FAST
def test_not_incontinent_is_no_sphincter_loss(fast):
    """session19_sg:52: 'is not incontinent, has not fallen' is no sphincter loss."""
    check_not_emergency(
        "District nurse: she's not incontinent, hasn't had any falls, skin intact. Her calves ache "
        "walking to the shops.",
        fast,
    )
    _level, text = probe_line("session19_sg.txt", 52)
    check_not_emergency(text, fast)


@FAST
def test_not_incontinent_then_a_retention_is_still_an_emergency(fast):
    """session19_sg:52, the urgent twin: a retention in the next sentence is still read."""
    check_floor(
        "He is not incontinent. Since this morning he can't pass urine at all and his back aches.",
        fast,
        "emergency",
        "cauda_equina",
    )


@FAST
def test_new_rush_for_the_toilet_is_urgency_not_retention(fast):
    """f1p (development29 af020): a new rush for the toilet is a new sphincter symptom
    (consultation_24 via a progressive deficit), not a retention or incontinence."""
    text = "She has to rush to the loo these days, which is new, and her hands are clumsy."
    level, flags, st = assess(text, fast)
    assert not is_emergency(level), (level, flags)
    assert at_least(level, "consultation_24"), (level, flags)
    assert "present" in st.get("new_sphincter_symptoms", set()), st


@FAST
@pytest.mark.parametrize(
    "text",
    [
        "Since Monday he has to rush to the toilet and can't get there in time, and his legs are weak.",
        "Since yesterday she has to rush to the loo and has wet herself twice.",
    ],
)
def test_rush_with_a_loss_is_still_an_emergency(text, fast):
    """f1p, the urgent twin: a rush with a loss of control stays a cauda equina emergency."""
    check_floor(text, fast, "emergency", "cauda_equina")


@FAST
@pytest.mark.parametrize(
    "text",
    [
        "Denies any bladder change, says her bottom has felt numb since yesterday.",
        "He denies bowel problems, and adds that he can't feel the paper when he wipes since this morning.",
    ],
)
def test_denial_does_not_reach_what_she_says_next(text, fast):
    """f1p's finding ('She denies any bladder change, says she cannot feel the toilet paper when
    wiping'): a reporting verb after a comma opens a new clause; the saddle numbness after it is said,
    not denied."""
    check_floor(text, fast, "emergency", "cauda_equina")


@FAST
def test_denial_before_says_stays_a_denial(fast):
    """f1p, look-alike: what is denied before ', says' stays denied."""
    text = "Denies saddle numbness or bladder change, says his calves ache after 200 yards."
    level, flags, st = assess(text, fast)
    assert not is_emergency(level), (level, flags)
    assert "present" not in st.get("saddle_anesthesia", set()), st
