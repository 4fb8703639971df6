"""Session 23 (bw): lay wordings of a bladder or bowel that 'went'.

British and other Englishes say a loss of bladder or bowel control as a bladder or bowel that 'went',
'has gone', 'let go', 'packed in' or 'up', 'gave out' or 'way', 'failed' or 'has a mind of its own', 'I
lost my water', 'I couldn't hold it, it just went'. With back pain or sciatica that is a possible cauda
equina, an emergency (catalog.md). Until this session none of them was read ('I've had sciatica for years
and my bladder went this morning' was triaged a consultation in both modes; found by a helper this
session, no corpus or probe line). Look-alikes: a return, a test or a move ('went back to normal', 'went
through a scan'), an urge or a pain that went, a symptom in the bladder that went, someone else's
bladder, a pregnancy's waters, a past episode told as years or a long time ago, a loss dated from an
operation years ago. The sentences are our own; both modes."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, check_floor, check_not_emergency, states  # noqa: E402

URGENT = [
    "I've had sciatica for years and my bladder went this morning.",
    "My back is in bits and my bladder has gone.",
    "Low back pain for ten days, then last night my bladder just went.",
    "My bowels went in the night and my back is agony.",
    "My bowels let go on the way to the bathroom, sore back since Friday.",
    "My bladder let go in the queue at the shop, my back has been bad all week.",
    "My waterworks packed in two days ago and my back is bad.",
    "Sciatica down my right leg and my waterworks have packed up since Sunday.",
    "My waterworks gave out yesterday and my lower back is killing me.",
    "I lost my water in the car this morning, back pain down my leg.",
    "My bladder gave way this afternoon, sciatica in my left leg.",
    "I couldn't hold it, it just went, and my back has been bad for a week.",
    "My bladder has failed, I have back pain and sciatica.",
    "My bladder has a mind of its own since Monday and my back is bad.",
    "My bowels gave way this morning and my back hurts.",
    "My back went and then my bladder went too.",
    "Bad back pain and my bowels have gone.",
    "My bladder's packed in, bad back.",
    "My bladder and bowels went last night, my back is very sore.",
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", URGENT)
def test_bladder_or_bowel_went_is_urgent(text, fast):
    """A bladder or bowel that went, with back pain or sciatica: a loss of sphincter control, the cauda equina
    flag at an emergency."""
    check_floor(text, fast, "emergency", "cauda_equina")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("My bladder went this morning.", "new_urinary_retention_or_incontinence"),
        ("My waterworks have packed in.", "new_urinary_retention_or_incontinence"),
        ("My bowels let go on the bus.", "new_fecal_incontinence"),
        ("My bladder gave out this morning.", "new_urinary_retention_or_incontinence"),
        ("I lost my water on the bus.", "new_urinary_retention_or_incontinence"),
        ("I couldn't hold it, it just came out.", "sphincter_dysfunction"),
    ],
)
def test_the_wording_alone_is_read(text, finding, fast):
    """Without back pain the wording is still read as the finding (present), with a sphincter dysfunction."""
    got = states(text, fast)
    assert "present" in got.get(finding, set()), got
    assert "present" in got.get("sphincter_dysfunction", set()), got


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "My bladder went back to normal after the antibiotics. Back pain for years.",
        "My bowels went back to normal after the laxatives, my back is sore.",
        "The urge went after a few minutes, my back aches.",
        "The pain went after I emptied my bladder, my back aches.",
        "My bladder went through a scan last week and was fine. Sore back.",
        "My waterworks are fine, it is just the back pain.",
        "The burning in my bladder went after the antibiotics, my back aches.",
        "My mum's bladder went last year, she is in a home now. My back aches.",
        "My husband's waterworks packed in after his prostate op. My back aches.",
        "I couldn't hold the cup, it just went flying. My back aches.",
        "She lost her waters at 38 weeks and has back pain.",
        "My bladder went years ago after my prostate op, nothing new. Back pain.",
        "My bladder went a long time ago after childbirth, it is the same as ever. Back pain.",
        "Since my prostate op years ago my waterworks have packed in, I wear pads. Back pain.",
        "My bladder has had a mind of its own all my life. Back pain.",
        "I have always had a bladder that has a mind of its own. Back pain.",
    ],
)
def test_look_alikes_are_not_emergencies(text, fast):
    """A return, a test, an urge or a pain that went, someone else's bladder, a pregnancy's waters, a past or
    life-long incontinence: no emergency."""
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
def test_since_op_years_ago_ends_at_now(fast):
    """The cue of a loss dated from an operation years ago ends at ', now': a new loss after it stays new."""
    check_floor(
        "Since my prostate op years ago I leak a little, now my bladder went completely and my back is bad.",
        fast,
        "emergency",
        "cauda_equina",
    )
