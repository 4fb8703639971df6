"""Session 15 (the lead): what development29 (the blind part blind19, opened this session) had under-triaged
or not read, the one-duration trap, and the over-triage found on the way, in invented sentences of our own;
each read in both modes. Three tables: floors (a text and the least triage and flag it must raise),
look-alikes (no emergency) and readings (a finding read or not read)."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, check_floor, check_not_emergency, states  # noqa: E402

FLOORS = [
    # development29 af005 (malignant cord compression told on a call): a walking aid escalating day by day
    # is weakness of both legs getting worse fast; no wee since a time is a retention
    (
        "progressive_neurological_deficit",
        "emergency_ambulance",
        "Known myeloma. On Friday she was walking with her stick, by Sunday she needed the zimmer, and now "
        "she cannot get out of the chair.",
    ),
    (
        "progressive_neurological_deficit",
        "emergency_ambulance",
        "Went from a stick to a wheelchair in three days, back pain for a month.",
    ),
    ("cauda_equina", "emergency", "Back pain all week and he hasn't had a wee since teatime yesterday."),
    ("cauda_equina", "emergency", "She's not been for a pee since last night, sciatica both legs."),
    # session15_qa:5: a nurse's question about numbness 'between your legs', answered with a hedged yes
    ("cauda_equina", "emergency", "Nurse: Any numbness between your legs?\nPatient: I think so, a little."),
    # legs that fold under the person are a new weakness
    (
        "progressive_neurological_deficit",
        "consultation_24",
        "Two days ago his knees crumpled under him on the stairs and he fell.",
    ),
    # 'fine' then a cold foot is still a sudden change (the screen's 'fine' about an ability is not)
    (
        "acute_limb_ischemia",
        "emergency_ambulance",
        "He was fine, then at lunch his foot went cold and white and he can't feel it.",
    ),
    # the one-duration trap (found by the f1a helper): the case holds one duration, the history's, and the
    # DVT condition's same-day escalation read it as the swelling's age; a swelling of hours or days is new
    (None, "emergency", "LBP for 8 weeks. Since last night my right calf is swollen and hot."),
    (None, "emergency", "Sciatica 3 months. My left leg swelled up overnight and is tight."),
    (None, "emergency", "Claudication for two years; the right calf has been swollen for three days, warm."),
    (None, "emergency", "Bad knees for ages. Since Monday the left calf is bigger than the right."),
    # a soft bladder wording made new by 'lately' / 'this week' when something else in the text is old
    (
        None,
        "emergency",
        "Knee arthritis for years. Lately a couple of little accidents, didn't make it to the loo in time.",
    ),
    (None, "emergency", "Back pain for years. This week I don't know till my trousers are damp."),
    # an emergency beside an old, unrelated complaint: a slow course elsewhere must not hold it back
    (
        None,
        "emergency_ambulance",
        "Knee arthritis for years. Has AF. The left foot is white and icy and she can't move her toes.",
    ),
    (None, "emergency", "Long-standing knee pain. Since yesterday my calf is hot, swollen and red."),
    (None, "emergency", "Right leg red, warm, swollen since this morning."),
    # session15_qi, the lines the fxd helper left: a saddle loss as 'no feeling either side of his back
    # passage', an unfelt bowel, a leg gone weak at a collapse that is white, cold, unliftable and unfeeling,
    # 'neither leg moves' after a gut infection with a weak cough; an unchanged numbness is still numb
    ("cauda_equina", "emergency", "Back pain for 3 days; no feeling either side of her back passage."),
    ("cauda_equina", "emergency", "He could not tell whether he had opened his bowels, low back pain."),
    (
        "acute_limb_ischemia",
        "emergency_ambulance",
        "She collapsed at the shops, her leg went weak; she cant lift it or feel me touching her foot, and "
        "it is white and cold below the knee.",
    ),
    (
        "guillain_barre",
        "emergency_ambulance",
        "Weakness started in her feet 3 days ago after a stomach bug; now neither of her legs will lift and "
        "her cough is weak.",
    ),
    ("cauda_equina", "emergency", "No change in the numbness around my bottom since yesterday."),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("flag,floor,text", FLOORS)
def test_session15_floor(flag, floor, text, fast):
    check_floor(text, fast, floor, flag)


LOOK_ALIKES = [
    # 'fine' about what the toes can still do is no sudden change (the screen had read acute limb ischaemia)
    "I can feel and move them fine, the toes are just cold in winter.",
    "Walks fine, the feet are always cold, even in summer.",
    # old or two-sided swelling is no new one-sided swelling
    "Ankles puffy for months, both sides, worse in the evening.",
    "Both ankles swollen since yesterday after the long flight, no pain.",
    "Leg pain, ankles swollen both sides for months.",
    # years of the same leak stay old
    "Stress incontinence for years, I don't know till my pad is wet sometimes.",
    # the limb itself said to be so for years: no embolus
    "AF on apixaban. The left foot has been pale and cold for years, numb toes from neuropathy.",
    # a sensation said unchanged or without trouble is a normal finding (these had read as saddle anaesthesia)
    "Asked about numbness: no sensation change in the saddle area.",
    "No change in sensation around the bottom, bladder and bowels normal.",
    "No feeling problems around her bottom, bowels normal.",
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_session15_look_alike(text, fast):
    check_not_emergency(text, fast)


PROGRESSIVE = "bilateral_leg_weakness_progressive"
INFECTION = "recent_diarrhea_or_respiratory_infection"
RETENTION = "new_urinary_retention_or_incontinence"

READINGS = [
    # a way of sitting, not a weakness; aids over years, not days
    ("She likes to sit with her legs folded under her to watch television.", "new_leg_weakness", False),
    ("He has used a stick since 2019 and a frame since last year.", PROGRESSIVE, False),
    ("Walks with a stick outdoors and a frame indoors, unchanged for years.", PROGRESSIVE, False),
    # the nurse's question answered no, and safety-netting in the same words
    ("Nurse: Any numbness between your legs?\nPatient: No, none.", "saddle_anesthesia", False),
    ("If you get numbness between your legs, go to A&E straight away.", "saddle_anesthesia", False),
    # a wee after a time is no retention
    ("He has had a wee since I rang, and it was a normal amount.", RETENTION, False),
    # development29 af041: a potassium after a comma and 'it was'; not a list of tests or a time
    ("The doctor wants to talk to me about my potassium, it was 2.9.", "potassium_low", True),
    ("Potassium, which came back at 3.0, needs repeating.", "potassium_low", True),
    ("Potassium, sodium and calcium all normal at the last 3 checks.", "potassium_low", False),
    ("K, 3 days ago, was normal.", "potassium_low", False),
    # development29 af021: fasciculations in lay words (a crawling feeling is restless legs); a thinner muscle
    # is wasting, never hypertrophy (the fast layer had guessed both)
    ("There is jumping under the skin of my calves all day.", "fasciculations", True),
    ("It feels like worms under the skin in my thighs.", "fasciculations", True),
    ("A creepy crawling under the skin of my legs at night, I have to get up.", "fasciculations", False),
    ("The muscles on my calf have become thin.", "muscle_hypertrophy", False),
    ("The muscles on my calf have become thin.", "muscle_wasting", True),
    # a cold caught or had, in the verb's own forms (the reader's lemmas have no 'had' or 'caught'); feet that
    # get cold are a temperature, not an infection
    ("She had a cold 10 days ago and now her legs are weak.", INFECTION, True),
    ("He caught a cold two weeks ago.", INFECTION, True),
    ("Got a bad cold last week.", INFECTION, True),
    ("My feet get cold in winter.", INFECTION, False),
    ("He had cold legs after the swim.", INFECTION, False),
    # session15_qh:33 (rules alone): toes that can be neither felt nor moved
    ("Toes white since lunch and he cannot feel or move them.", "paralysis_limb", True),
    ("Toes white since lunch and he cannot feel or move them.", "paresthesia_limb", True),
    ("He can feel and move them normally.", "paralysis_limb", False),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text,finding,present", READINGS)
def test_session15_reading(text, finding, present, fast):
    got = states(text, fast).get(finding, set())
    assert ("present" in got) == present, got
