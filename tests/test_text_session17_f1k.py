"""Session 17 (f1k): extraction of the symptom duration (symptoms_longer_than_2/6/12_weeks), from the
misses and spurious readings of development11-30 (no probe line: an F1 theme). Invented sentences of our own,
read in both modes, with look-alikes that must not read a duration (a past episode that recovered, a
medicine's, diabetes' or a planned pause's time, a job's years, a review's month)."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, states  # noqa: E402

LONG = "symptoms_longer_than_2_weeks"

READS = [
    # development23 p020: an abbreviation's full stop ('esp.') cut the sentence from its complaint
    "Pain in the left hip when walking, esp. on first steps and after a mile, for 3 yrs; worse on stairs.",
    # development14 e41, development29 af027: a duration opens the sentence, the complaint in the next
    "For the past four months I have felt like I'm dragging sandbags. Both calves ache after a short walk.",
    "Over the last nine months it has become a real struggle. My legs go heavy after ten minutes.",
    # development12 b21: a time ago, then the onset ('Six months ago she noticed she was fumbling ...')
    "Five months ago he noticed he was fumbling his keys and dropping cups.",
    # development11 a03: 'This start maybe 1 year ago' (non-native, a hedge before the time)
    "The pain in my legs when walking, this start maybe 2 year ago.",
    # development25 aa007, development14 e42: a non-native present tense for the injury that began it
    "Four weeks ago I bend to lift a crate and my back go crack, now pain down the leg.",
    # development21 q202, development27 ad037: a form's onset line with a course word before the number
    "Presenting complaint: L thigh ache on walking. Onset: gradual, 7 months.",
    "Onset / duration: insidious, about 14 months. Short shuffling steps.",
    # development13 c26, development17 q34: a note's line that opens with a bare duration
    "Referral. 10 months L buttock ache into the back of the thigh.",
    "Gait clinic. 3 yrs: gets slower and steps get shorter.",
    # development14 e19: a hyphenated duration before a complaint noun
    "An 8-week ulcer on the heel that will not heal.",
]

NOT_READS = [
    "Seen at the 6-month review; calf pain on walking since Friday.",
    "Was prescribed a 2-week course of steroids. Calf pain since yesterday.",
    "For the past 20 years I have worked as a roofer. My back hurts since Monday.",
    "Her legs were numb for four weeks and then fully recovered in 2020. Now calf pain since Tuesday.",
    "Double vision in 2018 that resolved over 6 weeks. Calf pain since Tuesday.",
    "On atorvastatin 20 mg for 3 years. Thigh aches since Tuesday.",
    "He has had type 2 diabetes for 15 years. Foot pain since yesterday.",
    "Plan: pause the simvastatin for 4 weeks and recheck CK. Thighs ache since Monday.",
    "Ten years ago he was 40. Calf pain since Sunday.",
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", READS)
def test_duration_read(text: str, fast: bool) -> None:
    assert "present" in states(text, fast).get(LONG, set()), text


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", NOT_READS)
def test_duration_look_alike_not_read(text: str, fast: bool) -> None:
    assert "present" not in states(text, fast).get(LONG, set()), text


# development6 v22, development30 aj005: a medicine started some time ago is not the complaint's onset
def test_medicine_start_not_onset() -> None:
    for fast in MODES:
        got = states("Rosuvastatin 40 mg started 9 months ago. Thighs ache since Monday.", fast)
        assert "present" not in got.get(LONG, set())
