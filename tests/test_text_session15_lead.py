"""Session 15 (the lead): the emergency development29 (the blind part blind19, opened this session) had
under-triaged and the low potassium it had not read, in invented sentences of our own; each read in both
modes, with look-alikes that must not fire."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, check_floor, states  # noqa: E402

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
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("flag,floor,text", FLOORS)
def test_session15_floor(flag, floor, text, fast):
    check_floor(text, fast, floor, flag)


PROGRESSIVE = "bilateral_leg_weakness_progressive"
INFECTION = "recent_diarrhea_or_respiratory_infection"
RETENTION = "new_urinary_retention_or_incontinence"


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text,finding",
    [
        # a way of sitting, not a weakness
        ("She likes to sit with her legs folded under her to watch television.", "new_leg_weakness"),
        # aids over years, not days
        ("He has used a stick since 2019 and a frame since last year.", PROGRESSIVE),
        ("Walks with a stick outdoors and a frame indoors, unchanged for years.", PROGRESSIVE),
        # the same question answered no, and safety-netting in the same words
        ("Nurse: Any numbness between your legs?\nPatient: No, none.", "saddle_anesthesia"),
        ("If you get numbness between your legs, go to A&E straight away.", "saddle_anesthesia"),
        # a wee after a time is not a retention
        ("He has had a wee since I rang, and it was a normal amount.", RETENTION),
    ],
)
def test_session15_look_alike(text, finding, fast):
    assert "present" not in states(text, fast).get(finding, set())


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text,present",
    [
        ("The doctor wants to talk to me about my potassium, it was 2.9.", True),
        ("Potassium, which came back at 3.0, needs repeating.", True),
        ("Potassium, sodium and calcium all normal at the last 3 checks.", False),
        ("K, 3 days ago, was normal.", False),
    ],
)
def test_a_potassium_value_after_a_comma(text, present, fast):
    """development29 af041 (a low potassium on a raised diuretic that the reader had not read)."""
    got = states(text, fast).get("potassium_low", set())
    assert ("present" in got) == present, got


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text,finding,present",
    [
        # development29 af021: fasciculations in lay words; a crawling feeling is restless legs, not twitching
        ("There is jumping under the skin of my calves all day.", "fasciculations", True),
        ("It feels like worms under the skin in my thighs.", "fasciculations", True),
        ("A creepy crawling under the skin of my legs at night, I have to get up.", "fasciculations", False),
        # a thinner muscle is wasting, never hypertrophy (the fast layer had guessed both)
        ("The muscles on my calf have become thin.", "muscle_hypertrophy", False),
        ("The muscles on my calf have become thin.", "muscle_wasting", True),
    ],
)
def test_muscle_words_in_lay_terms(text, finding, present, fast):
    got = states(text, fast).get(finding, set())
    assert ("present" in got) == present, got


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text,finding,present",
    [
        # a cold caught or had, in the verb's own forms (the reader's lemmas have no 'had' or 'caught')
        ("She had a cold 10 days ago and now her legs are weak.", INFECTION, True),
        ("He caught a cold two weeks ago.", INFECTION, True),
        ("Got a bad cold last week.", INFECTION, True),
        # feet that get cold are a temperature, not an infection
        ("My feet get cold in winter.", INFECTION, False),
        ("He had cold legs after the swim.", INFECTION, False),
        # session15_qh:33 (rules alone): toes that can be neither felt nor moved
        ("Toes white since lunch and he cannot feel or move them.", "paralysis_limb", True),
        ("Toes white since lunch and he cannot feel or move them.", "paresthesia_limb", True),
        ("He can feel and move them normally.", "paralysis_limb", False),
    ],
)
def test_session15_readings(text, finding, present, fast):
    got = states(text, fast).get(finding, set())
    assert ("present" in got) == present, got


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        # 'fine' about what the toes can still do is no sudden change (the screen had read acute limb
        # ischaemia)
        "I can feel and move them fine, the toes are just cold in winter.",
        "Walks fine, the feet are always cold, even in summer.",
    ],
)
def test_fine_about_an_ability_is_no_sudden_change(text, fast):
    from text_readings import check_not_emergency

    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
def test_fine_then_a_cold_foot_is_still_sudden(fast):
    check_floor("He was fine, then at lunch his foot went cold and white and he can't feel it.", fast,
                "emergency_ambulance", "acute_limb_ischemia")


#: a new swelling dated to hours or days in a text whose history has a longer duration (found by the f1a
#: helper: the case holds one duration, the history's, and the DVT condition's same-day escalation had read it
#: as the swelling's age)
NEW_SWELLINGS = [
    "LBP for 8 weeks. Since last night my right calf is swollen and hot.",
    "Sciatica 3 months. My left leg swelled up overnight and is tight.",
    "Claudication for two years; the right calf has been swollen for three days and is warm.",
    "Bad knees for ages. Since Monday the left calf is bigger than the right.",
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", NEW_SWELLINGS)
def test_a_new_swelling_is_new_whatever_the_history_duration(text, fast):
    check_floor(text, fast, "emergency")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Ankles puffy for months, both sides, worse in the evening.",
        "Both ankles swollen since yesterday after the long flight, no pain.",
    ],
)
def test_old_or_both_sided_swelling_is_not_a_new_one_sided_swelling(text, fast):
    from text_readings import check_not_emergency

    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text,floor",
    [
        # a soft bladder wording made new by 'lately' / 'this week' when something else in the text is old
        (
            "Knee arthritis for years. Lately a couple of little accidents, didn't make it to the loo in "
            "time.",
            "emergency",
        ),
        ("Back pain for years. This week I don't know till my trousers are damp.", "emergency"),
    ],
)
def test_a_recent_bladder_change_beside_an_old_complaint(text, floor, fast):
    check_floor(text, fast, floor)


@pytest.mark.parametrize("fast", MODES)
def test_years_of_the_same_leak_stay_old(fast):
    from text_readings import check_not_emergency

    check_not_emergency("Stress incontinence for years, I don't know till my pad is wet sometimes.", fast)


#: an emergency told beside an old, unrelated complaint: a slow course elsewhere in the text must not hold it
#: back
OLD_AND_NEW = [
    (
        "emergency_ambulance",
        "Knee arthritis for years. Has AF. The left foot is white and icy and she can't move her toes.",
    ),
    ("emergency", "Long-standing knee pain. Since yesterday my calf is hot, swollen and red."),
    ("emergency", "Right leg red, warm, swollen since this morning."),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("floor,text", OLD_AND_NEW)
def test_an_emergency_beside_an_old_complaint(floor, text, fast):
    check_floor(text, fast, floor)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        # the limb itself said to be so for years: no embolus
        "AF on apixaban. The left foot has been pale and cold for years, numb toes from neuropathy.",
        "Leg pain, ankles swollen both sides for months.",
    ],
)
def test_a_limb_that_has_been_so_for_years(text, fast):
    from text_readings import check_not_emergency

    check_not_emergency(text, fast)


#: session15_qi (neither/nor, both directions), the lines the fxd helper left: a saddle loss told as 'no
#: feeling either side of his back passage' with an unfelt bowel; a leg that went weak at a collapse and is
#: white, cold, unliftable and unfeeling; 'neither leg moves' after a gut infection with a weak cough
QI_FLOORS = [
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
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("flag,floor,text", QI_FLOORS)
def test_session15_qi_floor(flag, floor, text, fast):
    check_floor(text, fast, floor, flag)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        # a sensation said unchanged or without trouble is a normal finding (these had read as saddle
        # anaesthesia)
        "Asked about numbness: no sensation change in the saddle area.",
        "No change in sensation around the bottom, bladder and bowels normal.",
        "No feeling problems around her bottom, bowels normal.",
    ],
)
def test_an_unchanged_saddle_sensation_is_normal(text, fast):
    from text_readings import check_not_emergency

    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
def test_an_unchanged_saddle_numbness_is_still_numb(fast):
    text = "No change in the numbness around my bottom since yesterday."
    check_floor(text, fast, "emergency", "cauda_equina")
