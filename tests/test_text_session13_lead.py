"""Session 13 (the lead): the red flags development25 and development26 (the blind parts blind14 and blind15,
opened this session) had never raised, in invented sentences of our own; each read in both modes, with a
look-alike that must not fire."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, at_least, check_floor, check_not_emergency, read  # noqa: E402

FLOORS = [
    # development26 ab001: lost bladder sensation and 'accidents' in lay words, on a known stenosis
    (
        "cauda_equina",
        "emergency",
        "Known spinal stenosis. For three days she has not felt when her bladder is full.",
    ),
    ("cauda_equina", "emergency", "Asked about his bladder, he admits to a couple of accidents this week."),
    ("cauda_equina", "emergency", "Back pain again, and I can't tell when I need to wee any more."),
    # development26 ab001: the toilet paper feels odd when wiping
    (
        "cauda_equina",
        "emergency",
        "She says the toilet paper feels strange, as if it were someone else's skin.",
    ),
    # development26 ab009: a cold, paler foot since yesterday evening, told late in a routine PAD call
    (
        "acute_limb_ischemia",
        "emergency",
        "Routine claudication review. Since last night the left foot has felt cold and looks paler "
        "than the right.",
    ),
    (
        "acute_limb_ischemia",
        "emergency",
        "Since this morning her right foot looks paler than the left and feels cold.",
    ),
    # development25 aa035: a growing difficulty getting up from a chair over weeks
    (
        "progressive_neurological_deficit",
        "consultation_24",
        "Over the last month she has had increasing difficulty getting up from a low chair.",
    ),
    (
        "progressive_neurological_deficit",
        "consultation_24",
        "It is getting harder and harder to get up off the toilet, for about three weeks now.",
    ),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("flag,floor,text", FLOORS)
def test_session13_floor(flag, floor, text, fast):
    check_floor(text, fast, floor, flag)


LOOK_ALIKES = [
    # 'can' without its negation is no weakness (development26 ab009)
    ("He can move his toes normally and the foot is warm.", "new_leg_weakness"),
    # a road accident is no bladder accident, even with the bladder named
    ("Bladder and bowels fine. He was in a car accident in 2019.", "new_urinary_retention_or_incontinence"),
    # a growing difficulty over months is slowly progressive weakness, not a 24-hour flag
    (
        "Over eighteen months he has had slowly progressive weakness and increasing difficulty "
        "rising from a chair.",
        "progressive_motor_deficit",
    ),
    # a foot paler on elevation in chronic PAD, no recent onset: no acute ischaemia
    ("Claudication for years; the foot looks paler than the other when raised.", "sudden_onset_leg_pain"),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text,finding", LOOK_ALIKES)
def test_session13_look_alike(text, finding, fast):
    level, flags, states = assess(text, fast)
    assert "present" not in states.get(finding, set()), states
    assert "acute_limb_ischemia" not in flags and "cauda_equina" not in flags


def test_movement_kept_but_weak_is_weakness():
    """'Can wiggle toes but weak' (development5 w05) stays a weakness once 'can' needs its negation."""
    for fast in MODES:
        _, _, states = assess("Cold mottled foot since 11:00. Can wiggle toes but weak.", fast)
        assert "present" in states.get("new_leg_weakness", set()) or "present" in states.get(
            "paralysis_limb", set()
        )


DURATIONS = [
    # numbers thirteen to nineteen in words (development25 aa001)
    ("Eighteen months of heaviness and aching in both buttocks.", 78.21),
    # 'hx' without 'of' (development19 m34)
    ("76F. 2 yr hx bilat leg heaviness and numbness.", 104.36),
    # an approximate onset (development23 p001) and an approximate listed duration (development24 k001)
    ("Thigh ache with tingling into both calves when walking, onset ~2 yrs ago.", 104.36),
    ("Buttock pain going down to the calves when walking, approx 18 months, now limited to 200 m.", 78.21),
    # an injury that began it, and a site before the onset verb (development20 p47, p31)
    ("Three weeks ago I bent down to pick up my toddler and felt a sharp pain in my back.", 3.0),
    ("About ten weeks ago both my thighs began to ache.", 10.0),
    # 'x3 wks', a duration 'now' after the symptom's sentence, 'since about a month ago' (development14 e23,
    # development16 l11, development13 c09)
    ("Pain in the middle of the back x3 wks, worse lying down.", 3.0),
    ("It's my back, between the shoulder blades. About three weeks now. I thought I'd slept funny.", 3.0),
    ("Since about a month ago both thighs and calves ache.", 4.345),
]


@pytest.mark.parametrize("text,weeks", DURATIONS)
def test_session13_durations(text, weeks):
    got = [m.value for m in read(text, False).measurements if m.id == "symptom_duration_weeks"]
    assert got and abs(got[0] - weeks) < 0.01, got


@pytest.mark.parametrize(
    "text",
    [
        # a past event without an onset dates the event, not the symptoms
        "Two years ago he had a stent put in. Calf pain on walking.",
        # a duration in a sentence with no symptom (married, worked) is no symptom duration
        "Married for 30 years. Calf pain on walking.",
    ],
)
def test_no_symptom_duration(text):
    res = read(text, False)
    assert not [m for m in res.measurements if m.id == "symptom_duration_weeks"]


REVIEW_LOOK_ALIKES = [
    # 'numbness in my legs' / 'in my back' is no saddle anaesthesia (an emergency since session 11)
    "I have numbness in my legs when I walk far.",
    "Numbness in my back and legs after gardening.",
    # 'can't say I have noticed' says none was noticed
    "I can't say I have noticed any numbness around my bottom.",
    "Can't say I have had any trouble with my bladder.",
    # a spinal operation years back is not recent: with sciatica it is no spinal infection
    "Microdiscectomy in 2014. Now shooting pain down the left leg again.",
    "She had spinal surgery 10 years ago and now the pain shoots down her leg.",
    "Had a microdiscectomy in 2014, and the sciatica is back this month.",
    # a red wee explained by beetroot after 'then' (probe session13_pa:46)
    "My wee was red on Tuesday and I panicked, then remembered the beetroot salad. No muscle pain.",
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", REVIEW_LOOK_ALIKES)
def test_session13_review_look_alikes_are_not_emergencies(text, fast):
    level, flags, _ = assess(text, fast)
    assert not {"cauda_equina", "spinal_infection"} & flags, (level, sorted(flags))
    assert level not in ("emergency", "emergency_ambulance"), (level, sorted(flags))


REVIEW_FLOORS = [
    # the saddle and the back passage still count
    ("cauda_equina", "emergency", "Back pain and numbness between my legs since yesterday."),
    ("cauda_equina", "emergency", "Sciatica, and now numb in the back passage."),
    # a recent operation stays recent, also beside an old one
    ("spinal_infection", "emergency", "He had a laminectomy last month and now has back pain at night."),
    (
        "spinal_infection",
        "emergency",
        "Discectomy in 2012; epidural injection two weeks ago and now back pain waking her at night.",
    ),
    # beetroot named before 'but' does not explain the cola urine after a marathon
    (
        "rhabdomyolysis",
        "emergency",
        "Beetroot at lunch, but after the marathon my pee is cola-coloured and my thighs ache.",
    ),
    # the double negation still affirms
    ("cauda_equina", "emergency", "I can't say I haven't noticed it: wiping feels numb."),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("flag,floor,text", REVIEW_FLOORS)
def test_session13_review_floors(flag, floor, text, fast):
    check_floor(text, fast, floor, flag)


def test_dialect_aint_negates_and_old_deficit_cue_survives():
    for fast in MODES:
        _, _, states = assess("He aint short of breath.", fast)
        assert "present" not in states.get("dyspnea_or_weak_cough", set())
        level, _, states = assess("L foot drop since her disc operation in 2012, wears an AFO.", fast)
        assert "present" not in states.get("new_leg_weakness", set()), states


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text,state",
    [
        ("Walking normally, legs feel strong, no numbness.", "absent"),
        ("Can stand on tiptoes and on heels both sides.", "absent"),
        # a 'not' before the strength word is a weakness
        ("Her legs are not as strong as before.", "present"),
        ("Legs don't feel strong any more.", "present"),
    ],
)
def test_session13_strength_statements(text, state, fast):
    _, _, states = assess(text, fast)
    assert state in states.get("new_leg_weakness", set()), states
    if state == "absent":
        assert "present" not in states.get("new_leg_weakness", set()), states


def test_low_precision_probes_are_dropped():
    """Session 13: the fast layer's guesses of findings it got right less than 30% of the time on the
    development parts it was not trained on are dropped (fastsem_guard.yaml, low_precision_probes); a
    one-sided buttock and thigh cramp had been guessed as pain of both legs and of the calf."""
    from legdx.text import fastsem

    got = {
        f.id
        for f in fastsem.propose(
            "Left buttock and thigh cramp at about 2 blocks, goes away after standing still for 3-4 minutes.",
            set(),
        )
    }
    assert not {"bilateral_buttock_or_leg_pain", "calf_pain_location", "pain_below_buttocks"} & got, got
    assert "leg_symptoms_with_walking" in got  # the layer's other guesses stay


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text,finding",
    [
        # probe session13_pi:2: a limb's colour and temperature by likeness and comparison
        ("Sudden pain in the left leg an hour ago. Colour? White as a candle.", "pale_limb"),
        ("Temperature? Cold compared to the other one.", "cool_skin_affected_leg"),
        # probe session13_pi:21: a form's healing item answered no
        ("Toe ulcer since Easter. Healing: no.", "nonhealing_foot_wound_2_weeks"),
        # probe session13_pi:53: an old clot of one's own
        ("Left leg swollen ever since my big clot in 2017, no different this week.", "previous_dvt"),
    ],
)
def test_session13_pi_readings(text, finding, fast):
    _, _, states = assess(text, fast)
    assert "present" in states.get(finding, set()), states


def test_an_old_swollen_leg_after_a_clot_is_no_emergency():
    """probe session13_pi:53: a leg swollen since an old clot, unchanged, is no new DVT (the escalation for a
    new one-sided swelling does not apply after a previous DVT)."""
    text = (
        "Q: leg swollen? Yes, left, ever since my big clot in 2017, wear a stocking, "
        "no different this week. Q: breathless? No."
    )
    for fast in MODES:
        level, flags, _ = assess(text, fast)
        assert level not in ("emergency", "emergency_ambulance"), (level, flags)
    # a white face is no pale limb
    _, _, states = assess("He went white as a sheet when he stood up.", True)
    assert "present" not in states.get("pale_limb", set())


PAIR_FLOORS = [
    # probe session13_pl:25: a shin rock hard hours after a match, pain beyond anything, not easing at rest
    (
        "acute_compartment_syndrome",
        "emergency_ambulance",
        "Since the game three hours ago my right shin is rock hard, the pain is beyond anything I've had "
        "and it won't ease even lying down with it raised.",
    ),
    # probe session13_pl:31: a sensory level with the typo 'waste'
    (
        "spinal_cord_compression",
        "emergency",
        "For a week I've been numb from the waste down, like a line across my belly.",
    ),
    # probe session13_pl:41: both legs weak suddenly hours ago
    (
        "progressive_neurological_deficit",
        "emergency",
        "Both legs went weak and heavy suddenly at lunch time today and now I can hardly stand.",
    ),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("flag,floor,text", PAIR_FLOORS)
def test_session13_pair_floors(flag, floor, text, fast):
    check_floor(text, fast, floor, flag)


PAIR_LOOK_ALIKES = [
    # probe session13_pl:8: a normal temperature with a time word between
    "Lower back killing me 5 days, shoots into my thigh when I walk. Temp tonight 36.9. No fall.",
    # probe session13_pl:12: stiff, sore thighs after a long ride, normal urine, CK 480
    "Did a 24-hour spin event on Saturday. Thighs stiff and sore, urine looks normal. CK today 480 U/L.",
    # probe session13_pl:23: fatigable legs and drooping eyelids, swallowing and breathing normal
    "For two months her legs give out after a short walk and her eyelids droop by evening. She swallows "
    "drinks fine and her breathing is normal.",
    # probe session13_pl:43: blood tests and a water tablet are no red urine; a normal potassium
    "Bloods back for Ron, 79, on water tablets: legs tired on his walk for months. Potassium 4.1 mmol/L.",
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", PAIR_LOOK_ALIKES)
def test_session13_pair_look_alikes(text, fast):
    check_not_emergency(text, fast)


def test_severe_hypokalaemia_with_leg_symptoms_is_an_emergency():
    """probe session13_pl:44: K+ 2.1 on a water tablet with legs heavy on walking (a consensus escalation,
    unverified: facts.md marks the severe-hypokalaemia threshold NRV); 4.1 is not."""
    for fast in MODES:
        level, _, _ = assess(
            "On water tablets: legs tired and heavy on his walk for months. Potassium 2.1 mmol/L "
            "this morning.",
            fast,
        )
        assert at_least(level, "emergency"), level
