"""Session 15 (f1a): extraction of the derived duration findings (symptoms_longer_than_2/6/12_weeks) from a
complaint dated by the event that began it, the answer to 'How long?', and a time in a sentence that names the
change by walking or 'came on'. Not a safety fix: the misses came from the development parts' error count
(development2 x18, development19 m11, development27 ad047, development18 h24, development16 l20 ...), not
from a probe line. Invented sentences of our own, read in both modes. A duration said without a number
('for years', 'since I was a kid') is not read: most corpus authors do not annotate it (6 of 62 'for
years' readings were gold)."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, states  # noqa: E402

W2, W6, W12 = "symptoms_longer_than_2_weeks", "symptoms_longer_than_6_weeks", "symptoms_longer_than_12_weeks"

# text -> the duration findings it must state present (and those it must not)
READS = [
    # a complaint dated by the event that began it
    ("Bent to pick up the shopping 4 weeks ago, low back pain into the left thigh.", {W2}, {W6}),
    ("He has had a burning right leg since he started the new job 10 weeks ago.", {W2, W6}, {W12}),
    ("Lumbar injection 5 weeks ago. Since then her back pain has been worse.", {W2}, {W6}),
    # the answer to 'How long?'
    ("Nurse: How long has it been like this? Pt: Maybe 3 months, worse lately.", {W2, W6, W12}, set()),
    # a time in a sentence without a symptom word that names the change ('came on ... over the past year')
    ("Came on slowly over the last year.", {W2, W6, W12}, set()),
    ("Over the past year or so his walking has changed.", {W2, W6, W12}, set()),
]

# look-alikes: a long time that is not the complaint's duration
NOT_READ = [
    "He smoked for years and now his calf hurts when he walks to the corner.",
    "Forty years of smoking; calf pain on walking since Monday.",
    "Ex-smoker, 40 years of smoking, left calf pain for 3 days.",
    "She has been on statins for years; her thighs ache since Saturday.",
    "Had breast cancer 6 years ago, treated. New back pain since yesterday.",
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
