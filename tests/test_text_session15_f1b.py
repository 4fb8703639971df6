"""Session 15 (f1b): extraction on patients' own words (lay narratives of development10-28; not a safety fix).

Three wording families, each read in both modes with look-alikes that must not fire:
durations told without a clinician's number form ('Is 2 year', 'for years', 'ever since I was a kid',
'since last winter', ', maybe 10 months'); a walk told by where it goes, with the symptom after a comma
('When I walk to the bus stop, about 5 minutes, my calf ...'); and a short stop told by its length and
what follows ('I stop and wait little and it go', 'stops for a minute or so and carries on'). The
sentences are invented; the comments name the development narratives whose wording family they stand for."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, states  # noqa: E402

LONG = "symptoms_longer_than_12_weeks"

# (text, finding, state) that must be read, in both modes
READS = [
    # development26 ab036 / ab043 (non-native): a number and a singular unit after a plain lead word
    ("Both my legs get heavy when I walk. Already 4 year like this, slowly more.", LONG, "present"),
    ("My calves ache on the hill. Is 3 year now getting worse.", LONG, "present"),
    # development20 p05 / development28 ag025: a bare duration sentence after the complaint
    ("Numb feet and my back is sore. Problem 2 year.", LONG, "present"),
    ("My thighs ache and I feel so tired. About 5 months.", LONG, "present"),
    # development19 m37 / development12 b49: ', maybe N months' / ', so about N months' after a course word
    ("It came on around last spring, maybe 9 months, both knees.", LONG, "present"),
    ("It started round about June, so about 7 months. The ache is in my right calf.", LONG, "present"),
    # development23 p046: 'over like N years'
    ("My feet have been burning, slowly getting worse over like 3 years.", LONG, "present"),
    # development27 ad023 / development25 aa020: the walking itself is the complaint
    ("Over the past year or so her walking has got slower and slower.", LONG, "present"),
    # development28 ag007 / development15 g02: 'for years' with no number
    ("The aching in my left shin has been like this for years.", LONG, "present"),
    ("His hands have been clumsy for months.", "symptoms_longer_than_6_weeks", "present"),
    # development28 ag022 / ag023, development16 l28: a complaint since childhood
    ("Ever since I was a little girl my legs cramp when I run.", LONG, "present"),
    ("My thighs have gone stiff on the first steps since primary school.", LONG, "present"),
    # development28 ag003 / ag011, development16 l10: a season or a feast named as the last one
    ("Both legs go numb when I walk, since last autumn.", LONG, "present"),
    ("My back has ached since the summer before last.", LONG, "present"),
    # development28 ag037 / ag003, development18 h36: a walk told by where it goes, the symptom after a comma
    ("When I walk to the chemist, my right calf goes tight.", "leg_symptoms_with_walking", "present"),
    (
        "Every time I walk up to the allotment, ten minutes or so, both thighs ache.",
        "leg_symptoms_with_walking",
        "present",
    ),
    ("When I walk, my bum and the backs of my legs go numb.", "leg_symptoms_with_walking", "present"),
    ("I walk to the paper shop and both my calves start to cramp.", "leg_symptoms_with_walking", "present"),
    # development27 ad050 / development26 ab050 / development25 aa039: a short stop and the symptom goes
    (
        "My calf cramps after 300 metre. I stop and wait little and the pain go.",
        "relieved_by_standing_still",
        "present",
    ),
    (
        "My left calf burns at the corner. I stop 1 minute, stand, then it is gone.",
        "relieved_by_standing_still",
        "present",
    ),
    # development11 a13 / development16 l03: a short stop and walking on
    (
        "His calf aches at 400 yards; he stops for a minute or so and carries on.",
        "relieved_by_standing_still",
        "present",
    ),
    # development28 ag002 / development18 h36: standing a minute or two, 'off again' / 'like nothing happened'
    (
        "Her calf cramps on the way to church. She stands still a minute or two and then she's off again.",
        "relieved_by_standing_still",
        "present",
    ),
    # development11 a16: 'she stops and it passes'
    (
        "He gets pain in both calves walking the dog, he stops and it passes.",
        "relieved_by_standing_still",
        "present",
    ),
]


@pytest.mark.parametrize("fast", MODES, ids=["fast", "rules"])
@pytest.mark.parametrize(("text", "finding", "state"), READS)
def test_lay_wording_read(text: str, finding: str, state: str, fast: bool) -> None:
    got = states(text, fast)
    assert state in got.get(finding, set()), (text, fast, got.get(finding))


# (text, finding, state) that must NOT be read (rules alone: the fast layer may read more on its own)
LOOKALIKES = [
    # an age after 'is', not a duration (development26 ab036's frame)
    ("My husband is 72 years. His legs ache when he walks.", LONG, "present"),
    # a past event, not a duration
    ("My legs ache. I had a clot in my leg three years ago.", LONG, "present"),
    # years spent well, and a habit in another sentence from the complaint
    ("He has played rugby for years without any trouble.", LONG, "present"),
    ("My legs ache. I smoked for years.", LONG, "present"),
    # a negated clause (development22 e049's frame: a numb foot that has not hurt for years)
    ("Her foot is red and hot, but it has not hurt for years because the feeling went.", LONG, "present"),
    # "since last Christmas" is left alone (it may be weeks ago in January)
    ("My knee has ached since last Christmas, a few weeks now, not before.", LONG, "present"),
    # a walk that does not bring the symptom on
    ("I walk to the shop every day without any pain in my legs.", "leg_symptoms_with_walking", "present"),
    ("When I walk to the shop, my legs feel fine, no ache at all.", "leg_symptoms_with_walking", "present"),
    ("When I walk, the ache in my knee gets better.", "leg_symptoms_with_walking", "present"),
    # relief that needs a seat is not relief by standing still; 'stopping does little' stays a denial
    (
        "My legs ache walking. If I stand a few minutes nothing changes, I must sit on a bench and it goes.",
        "relieved_by_standing_still",
        "present",
    ),
    ("My calves ache walking. I stop and wait little and it go.", "relieved_by_standing_still", "absent"),
]


@pytest.mark.parametrize(("text", "finding", "state"), LOOKALIKES)
def test_lay_wording_lookalike(text: str, finding: str, state: str) -> None:
    got = states(text, False)
    assert state not in got.get(finding, set()), (text, got.get(finding))


def test_stopping_does_little_is_still_a_denial() -> None:
    """The 'little' of 'stopping does little' still denies relief by standing (rule kept, narrowed)."""
    for fast in MODES:
        assert "absent" in states("Stopping does little for the calf pain.", fast).get(
            "relieved_by_standing_still", set()
        )
