"""Session 14 (fx14d): bladder, bowel and saddle wordings in negation-heavy and limited English that the probe
files session14_pp.txt and session14_pr.txt found unread, and the look-alikes (session14_pp, pq, pr) that had
been read as a cauda equina or a progressing deficit. Invented sentences of our own (plus a probe line where
useful), each read in both modes: a floor (the red flag and at least emergency) or a look-alike (not an
emergency, the finding not read as present). The probe line each case comes from is its first item."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, check_floor, check_not_emergency  # noqa: E402

FLOORS = [
    # incontinence said as no longer able to hold it (voice to text spells 'wee' as 'whee')
    ("session14_pr:11", "Since Friday I'm no longer able to hold my wee, and my back is agony."),
    ("session14_pr:11", "she can no longer hold her water and both legs have gone numb"),
    ("session14_pr:11", "voice note: cant walk far, back bad, and im not able to hold my whee anymore"),
    ("session14_pr:11", "He has been unable to control his bladder since the weekend. Low back pain."),
    # straining with only a trickle
    ("session14_pr:24", "Since Tuesday I strain and strain and only a few drops come. My back is sore."),
    ("session14_pr:24", "When I try to go only a dribble comes out, and my lower back aches."),
    # limited English: 'no can' for 'cannot'; lost bladder sensation; a saddle that does not feel
    ("session14_pp:21", "Urine: no can pee since yesterday. Back very pain."),
    ("session14_pr:25", "My husband no can feel when he need toilet, back bad two day."),
    ("session14_pr:25", "Back bad. I no feel my bottom since Monday."),
    ("session14_pp:21", "Bottom skin: feel like not mine, since Sunday. Back pain."),
    ("session14_pp:21", "My bum feels like it is someone else's since the back went."),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("probe,text", FLOORS)
def test_fxd_floor(probe, text, fast):
    """A bladder or saddle wording of the probe line ``probe``: cauda equina, at least emergency."""
    check_floor(text, fast, "emergency", "cauda_equina")


_RETENTION = "new_urinary_retention_or_incontinence"
_COLUMN = (
    "Screening\nLow back pain yes\nCalf ache walking yes\nLoss of bladder control no\nNumb bum no\nFever no"
)
_LETTER = (
    "Clinic letter: old R foot drop since 2015 microdiscectomy, wears a splint. Calf cramp walking 200 m."
)

LOOK_ALIKES = [
    # a negated complaint is not 'not able to pass water'
    ("session14_pr:48", "I don't have any trouble passing urine. Legs ache after the shops.", _RETENTION),
    (
        "session14_pr:48",
        "No I don't have any problems passing water, I've never had an accident. My back only aches when I "
        "stand at the sink and it eases in the chair.",
        _RETENTION,
    ),
    # a yes/no column answered 'no' with no colon
    (
        "session14_pp:43",
        _COLUMN,
        "saddle_anesthesia",
    ),
    (
        "session14_pp:43",
        _COLUMN,
        _RETENTION,
    ),
    # an old foot drop after a dated operation
    (
        "session14_pq:40",
        _LETTER,
        "new_leg_weakness",
    ),
    (
        "session14_pq:40",
        _LETTER,
        "recent_spinal_procedure",
    ),
    # a past residual volume dated to a year and followed by an arrow
    (
        "session14_pq:46",
        "Post-void residual 700 mL in 2020 → prostate resection, now 30 mL. Thigh ache walking.",
        _RETENTION,
    ),
    # 'No, can ...' answers a question: a comma after 'no' is no limited-English 'cannot'
    ("session14_pp:21", "Trouble with urine? No, can pee fine. Back aches when I walk far.", _RETENTION),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("probe,text,finding", LOOK_ALIKES)
def test_fxd_look_alike(probe, text, finding, fast):
    """A look-alike of the probe line ``probe``: not an emergency, ``finding`` not read as present."""
    check_not_emergency(text, fast)
    _, _, states = assess(text, fast)
    assert "present" not in states.get(finding, set()), (text, fast, states.get(finding))


FLOORS_KEPT = [
    # the same column answered 'yes' keeps the red flag
    ("session14_pp:43", "Screening\nLow back pain yes\nNumb bum yes\nBladder problems no\nFever no"),
    # a year without an arrow before the volume: a residual measured now stays retention
    ("session14_pq:46", "Bladder scan after voiding today: PVR 650 mL. New back pain, numb saddle."),
    # the side word after 'old' is no cue on a new deficit named after an unrelated old thing
    ("session14_pq:40", "old injury, numb bum now since yesterday"),
    # 'old' as a lay intensifier, or voice to text's 'sad old' for 'saddle', is no old deficit
    ("session14_pq:40", "Back bad since Friday and a funny old numbness round my bottom today."),
    ("session14_pq:40", "back went on sunday and now ive got sad old numbness round my back passage"),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("probe,text", FLOORS_KEPT)
def test_fxd_floor_kept(probe, text, fast):
    """The floor a look-alike fix of ``probe`` must keep: cauda equina, at least emergency."""
    check_floor(text, fast, "emergency", "cauda_equina")
