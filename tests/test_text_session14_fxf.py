"""Session 14 (fx14f): Guillain-Barre and stroke in lay and limited English, and look-alikes above the legs
(an old Bell's palsy, restless legs spreading to the arms). Invented sentences of our own, each read in both
modes; the probe lines they came from are named per entry."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import BOTH_MODES, assess, check_floor, check_not_emergency  # noqa: E402

FLOORS = [
    # session14_pu:26: a stomach illness in lay words ('belly bug'), stairs then a jar, tingling hands, feet
    (
        "guillain_barre",
        "emergency",
        "Had a sickness bug ten days ago. Can't get up the stairs since Sunday and now can't open a bottle, "
        "tingling in my feet and hands.",
    ),
    (
        "guillain_barre",
        "emergency",
        "cant climb stairs since wed, today cant open a jar either. pins n needles in toes n fingers. "
        "had a bad belly bug 2 wks ago. 34 m. no breathing probs",
    ),
    # session14_pu:23: feet that 'started tingling', legs weak, fingers numb and a kettle too heavy to grip
    (
        "guillain_barre",
        "emergency",
        "Norovirus last week. Since Monday his toes went numb and his legs got weak, and today he can't grip "
        "his mug.",
    ),
    # session14_pu:28: a relative who names himself first; arms floppy after weak legs and a cold; a failed
    # single-breath count
    (
        "guillain_barre",
        "emergency_ambulance",
        "Daughter here. Mum got weak legs on Saturday after a cold, now her arms are floppy and she cannot "
        "count to ten in one breath.",
    ),
    # session14_pu:4: one hand and one leg 'no strong' in limited English, with an onset an hour ago
    (
        "stroke",
        "emergency_ambulance",
        "Right arm no strong, leg right also no strong. Start 30 minute before.",
    ),
    (
        "stroke",
        "emergency_ambulance",
        "Please help. Leg left no strong, hand left also no strong, I see two of everything. Start one hour "
        "before, I was walking in the market. Age 59.",
    ),
    # a droop that came back after an old Bell's palsy stays a stroke sign when it is new again
    ("stroke", "emergency_ambulance", "Had Bell's palsy years ago. Today my face droops on the left."),
    # a Bell's palsy the writer only suspects does not explain a new droop
    ("stroke", "emergency_ambulance", "I think I have Bell's palsy, my face is drooping since this morning."),
    # the lead (merge review): a past Bell's palsy dated by its year, then a droop 'now' (a Bell's-palsy
    # history cue of this branch reached the droop here, because the year's own cue overlaps ', now' and hid
    # it: the cue was dropped, and session14_pu:38 left as a known over-triage)
    (
        "stroke",
        "emergency_ambulance",
        "I had Bell's palsy in 2015, now my face droops on the left since an hour ago.",
    ),
]


@BOTH_MODES
@pytest.mark.parametrize("flag,floor,text", FLOORS)
def test_session14_fxf_floor(flag, floor, text, fast):
    check_floor(text, fast, floor, flag)


NOT_EMERGENCY = [
    # session14_ps:51: restless legs' urge spreading to the arms (augmentation) is no ascending weakness
    "Restless legs on ropinirole for years, but now the urge starts mid-afternoon instead of bedtime and has "
    "spread to my arms. Walking still helps for a bit.",
    "On pramipexole for restless legs; the urges have crept up to my arms in the evenings lately.",
    "The itchy rash spread to my arms and chest over the weekend. Calves cramp when I walk.",
    # a cold walk is weather, not an infection; a normal single-breath count is no breathing weakness
    "After a cold, wet walk my calves ached. I can count to thirty in one breath.",
]


@BOTH_MODES
@pytest.mark.parametrize("text", NOT_EMERGENCY)
def test_session14_fxf_not_emergency(text, fast):
    check_not_emergency(text, fast)


LOOK_ALIKES = [
    # a rash spreading to the arms is no weakness ascending (session14_ps:51's look-alike)
    ("The rash has spread to my arms now.", "ascending_symmetric_weakness_days"),
    # a cold day with a comma after 'cold' is weather (session14_pu:28's look-alike)
    ("It was a cold, wet morning and my calves ached.", "recent_diarrhea_or_respiratory_infection"),
    # counting in one breath without difficulty (session14_pu:28's look-alike)
    ("She can count to twenty in one breath.", "dyspnea_or_weak_cough"),
    # an arm that is strong (session14_pu:4's look-alike)
    ("Left arm strong, right arm strong, no weakness.", "sudden_unilateral_weakness"),
]


@BOTH_MODES
@pytest.mark.parametrize("text,finding", LOOK_ALIKES)
def test_session14_fxf_look_alike(text, finding, fast):
    _, _, states = assess(text, fast)
    assert "present" not in states.get(finding, set()), states
