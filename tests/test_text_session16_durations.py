"""Session 16 (the lead): the duration rules of session 15's f1a helper come back (a complaint dated by the
event that began it, the answer to 'How long?', a time in a sentence naming walking or 'came on'). They were
undone in session 15 because the case holds one symptom duration, the history's, and the DVT condition read
it as the swelling's; that trap was closed by the finding leg_swelling_recent_onset. Audited again before
they came back: no triage level or red flag changed on any development part or any probe line of sessions
11-15, in either mode. The floors below put an emergency beside each kind of dated history (a stroke, a
cauda equina, an acute limb ischaemia, Guillain-Barre, a DVT), since the reader's own combines look at the
duration findings too. Invented sentences of our own, read in both modes."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, check_floor, states  # noqa: E402

W2, W6, W12 = "symptoms_longer_than_2_weeks", "symptoms_longer_than_6_weeks", "symptoms_longer_than_12_weeks"

# text -> the duration findings it must state present (and those it must not)
READS = [
    ("Bent to pick up the shopping 4 weeks ago, low back pain into the left thigh.", {W2}, {W6}),
    ("He has had a burning right leg since he started the new job 10 weeks ago.", {W2, W6}, {W12}),
    ("Lumbar injection 5 weeks ago. Since then her back pain has been worse.", {W2}, {W6}),
    ("Nurse: How long has it been like this? Pt: Maybe 3 months, worse lately.", {W2, W6, W12}, set()),
    ("Came on slowly over the last year.", {W2, W6, W12}, set()),
    ("Over the past year or so his walking has changed.", {W2, W6, W12}, set()),
]

NOT_READ = [
    "He smoked for years and now his calf hurts when he walks to the corner.",
    "She has been on statins for years; her thighs ache since Saturday.",
    "He smoked heavily for years; his calf aches at the shops.",
    "Had breast cancer 6 years ago, treated. New back pain since yesterday.",
]

# an emergency of today beside a history dated by the event that began it or by a 'How long?' answer
FLOORS = [
    ("Lifted a heavy box 8 weeks ago, back has ached since. This morning his right arm and leg went weak and "
     "his speech is slurred.", "emergency_ambulance", "stroke"),
    ("How long? About 3 months the back pain. Today her left side is weak and she cannot get her words out.",
     "emergency_ambulance", "stroke"),
    ("Back went 3 wks ago lifting the kids' bike. Since this morning I keep wetting myself without knowing "
     "and my bottom is numb.", "emergency", "cauda_equina"),
    ("Since she moved house 2 months ago her back has ached. Yesterday she had a couple of little accidents, "
     "not making the loo in time, and both legs are weak.", "emergency", "cauda_equina"),
    ("Lumbar injection 7 weeks ago. Since then her back pain has been worse, and from last night she cannot "
     "pass urine.", "emergency", "cauda_equina"),
    ("How long has this gone on? Since last season, about 8 months, the calf ache. Now suddenly the foot is "
     "white, cold and numb and he can't move his toes.", "emergency_ambulance", "acute_limb_ischemia"),
    ("Bent down 4 weeks ago and felt my back go. Two days later the tingling started in my feet, now both "
     "legs are weak, climbing up to my hips, and I'm short of breath.",
     "emergency_ambulance", "guillain_barre"),
    ("Since I lifted my son into the car, about 3 weeks ago, my back hurts. His calf is now swollen, red and "
     "tender, the other is fine.", "emergency", "deep_vein_thrombosis"),
]

@pytest.mark.parametrize("fast", MODES, ids=["fast", "rules"])
@pytest.mark.parametrize(("text", "present", "not_present"), READS)
def test_duration_read(text: str, present: set[str], not_present: set[str], fast: bool) -> None:
    got = states(text, fast)
    for fid in present:
        assert "present" in got.get(fid, set()), (text, fid, fast, got)
    for fid in not_present:
        assert "present" not in got.get(fid, set()), (text, fid, fast, got)


@pytest.mark.parametrize("fast", MODES, ids=["fast", "rules"])
@pytest.mark.parametrize("text", NOT_READ)
def test_long_time_not_the_complaint(text: str, fast: bool) -> None:
    got = states(text, fast)
    assert "present" not in got.get(W12, set()), (text, fast, got)


@pytest.mark.parametrize("fast", MODES, ids=["fast", "rules"])
@pytest.mark.parametrize(("text", "floor", "flag"), FLOORS)
def test_emergency_beside_a_dated_history(text: str, floor: str, flag: str, fast: bool) -> None:
    check_floor(text, fast, floor, flag)
