"""Session 14 (the lead): the red flag development27 (the blind part blind17, opened this session) had never
raised, in invented sentences of our own; each read in both modes, with look-alikes that must not fire."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, check_floor, check_not_emergency, read, states  # noqa: E402

FLOORS = [
    # development27 ad036: a known chronic compartment syndrome that did not settle after a race: the
    # analgesics have not touched it, then (after ', and it was') the stretch pain; the negation of the first
    # clause had reached the second and read the stretch pain as absent
    (
        "acute_compartment_syndrome",
        "emergency_ambulance",
        "Shin rock hard since the match. Paracetamol hasn't touched it, and it was agony when the nurse "
        "pulled my toes down.",
    ),
    (
        "acute_compartment_syndrome",
        "emergency_ambulance",
        "The calf is hard as a board; codeine has not even touched it.",
    ),
    # session14_px:14: a catheter bag gone brown or red in a resident on a raised statin
    (
        "rhabdomyolysis",
        "emergency",
        "On atorvastatin 80 since last month; thighs too sore to touch and the catheter bag has gone brown.",
    ),
    # the screen's limp-hanging exclusion (fx14m) must not take a leg hung down for relief: 'just hangs' had
    # collapsed to 'hangs' (the normaliser deletes 'just'); a foot that 'hangs when he walks' is a drop
    (
        "chronic_limb_threatening_ischemia",
        "consultation_24",
        "PAD for years. Now pain in the toes every night, it eases only when my leg hangs over the side of "
        "the bed.",
    ),
    (
        "chronic_limb_threatening_ischemia",
        "consultation_24",
        "Rest pain at night, the foot just hangs out of bed for relief, toes dusky.",
    ),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("flag,floor,text", FLOORS)
def test_session14_floor(flag, floor, text, fast):
    check_floor(text, fast, floor, flag)


@pytest.mark.parametrize("fast", MODES)
def test_clause_after_comma_and_subject_is_not_negated(fast):
    """', and it was' opens a new clause: the negation before it does not reach the finding after it."""
    got = states("The tablets haven't helped, and it was agony when she bent my toes down.", fast)
    assert "present" in got.get("pain_on_passive_stretch", set()), got
    assert "absent" not in got.get("pain_on_passive_stretch", set()), got


LOOK_ALIKES = [
    # an arthritic knee that paracetamol does not touch: one item at most, no compartment syndrome
    "Paracetamol hasn't touched my knee pain this week and the knee is stiff in the mornings.",
    # a chronic exertional compartment syndrome that settles: tightness on running, not a painkiller failure
    "My shins go tight at 5 km and settle ten minutes after I stop; ibuprofen helps a bit.",
    # session14_py:49: 'no change in toilet' (a pseudo-negation left a present retention: cauda equina)
    "Grandma's legs feel cold and numb when she walks to the shops, for years, better when she sits. "
    "No change in toilet.",
    "No change in toilet habits. Calves ache after 200 m.",
    "Catheter bag looks dark yellow this morning; she has not drunk much. Knees ache as usual.",
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_session14_look_alike(text, fast):
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
def test_severe_hypokalaemia_with_weakness_and_breathing_trouble_calls_an_ambulance(fast):
    """session14_ps:29 (the knowledge base's session-14 consensus escalation): a potassium below 2.5 mmol/L
    with weakness and breathing getting shallow is an ambulance emergency; with breathing and swallowing
    normal it stays an emergency (facts.md 5.3)."""
    text = "K+ 1.9 on the blood gas, both legs weak since the morning, his breathing getting shallow."
    check_floor(text, fast, "emergency_ambulance")
    level, _, _ = assess("K+ 2.2 this morning, legs weak, breathing fine, no swallowing problems.", fast)
    assert level == "emergency", level


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text,present",
    [
        ("Her breathing is becoming laboured.", True),
        ("Shallow breathing noted by the crew.", True),
        ("Calves ache on walking; no shallow breathing.", False),
    ],
)
def test_breathing_getting_shallow(text, present, fast):
    got = states(text, fast).get("dyspnea_or_weak_cough", set())
    assert ("present" in got) == present, got


@pytest.mark.parametrize(
    "text,age",
    [
        ("73 yrs. Legs and shoulders stiff every morning.", 73.0),
        ("81 years: new headache and jaw pain when chewing.", 81.0),
        ("20 years, back pain on and off.", None),  # a duration at least as likely as an age below 40
        ("3 years. Calf pain on walking.", None),
    ],
)
def test_a_text_opening_with_its_writers_age_and_unit(text, age):
    """session14_pv:29 (a GCA emergency whose age went unread: the flag needs an age of 50 or more)."""
    assert read(text, True).case.age == age




@pytest.mark.parametrize(
    "word",
    [
        "stable", "eighty", "ladder", "waddle", "detention", "ejection", "cancel", "insects", "static",
        "reflux", "certain", "denise", "stepping", "learning", "teased", "tightly", "sedated", "changing",
        "flying", "pumped",
    ],
)
def test_the_spelling_corrector_leaves_real_words_alone(word):
    """The lead's audit (session 14): real English words the fuzzy corrector had turned into other words, many
    of them red-flag or context words ('stable' -> 'table' in 75 texts, 'ladder' -> 'bladder', 'cancel' ->
    'cancer')."""
    from legdx.text.reader import get_reader

    assert get_reader(fast_semantic=False).normalizer._fuzzy(word) is None


def test_the_spelling_corrector_still_mends_misspellings():
    from legdx.text.reader import get_reader

    fuzzy = get_reader(fast_semantic=False).normalizer._fuzzy
    assert fuzzy("swolen") == "swollen" and fuzzy("feaver") == "fever"
