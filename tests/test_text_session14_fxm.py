"""Session 14 (fx14m): emergencies told by comparison and metaphor ('like', 'as if') and in questions (probe
files session14_pv, pw).

Pallor and cold told by a pale or cold thing ('the colour of candle wax', 'cold as a fridge door'), a foot
that hangs limp (no dependency relief), a calf in a vice getting tighter under a cast, a bladder that won't
empty, saddle parts that feel made of rubber, a line round the trunk like a tide mark, a back like a hot
coal, one calf in a sock too small or like a stuffed sausage, a stab in the side on breathing in, legs gone
like rubber and now the arms, a GP's hammer like tapping a table, a mug sliding out of one hand minutes
ago, sight going dark like a curtain, a calf that suddenly hurt; each floor read in both modes, with
look-alikes that must not fire."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, check_floor, check_not_emergency  # noqa: E402

FLOORS = [
    # session14_pv:1: pallor and cold by comparison, an hour ago
    (
        "acute_limb_ischemia",
        "emergency",
        "Half an hour ago his foot went the colour of wax candles and it is cold as ice to the touch.",
    ),
    # session14_pv:2: 'went like marble', 'pins n needles', 'toes wont wiggle', an onset at a clock time
    (
        "acute_limb_ischemia",
        "emergency_ambulance",
        "Nan's right foot went like marble, white n cold, and now her toes wont wiggle. It happened about "
        "3pm.",
    ),
    # session14_pv:4: 'cool to the knee', the onset time after 'never woke up', touch not told apart
    (
        "acute_limb_ischemia",
        "emergency_ambulance",
        "Crew note: R leg like it went to sleep and never woke up, since approx 1500. Foot mottled and cool "
        "to the knee, she can't tell us which toe we are touching.",
    ),
    # session14_pv:6: a calf in a vice getting tighter, toe movement tearing
    (
        "acute_compartment_syndrome",
        "emergency_ambulance",
        "His shin has been in a cast since Monday. The calf feels like it is in a vice getting tighter "
        "by the hour, and moving his toes feels like tearing.",
    ),
    # session14_pv:8: a bladder like a balloon that won't empty
    (
        "cauda_equina",
        "emergency",
        "Bad back for a fortnight, and today my bladder feels like a full balloon that will not empty.",
    ),
    # session14_pv:9: saddle numbness told by a dead material
    (
        "cauda_equina",
        "emergency",
        "Sciatica for a month and now my bottom feels like it is made of cardboard.",
    ),
    # session14_pv:11: a line round the trunk like a tide mark
    (
        "spinal_cord_compression",
        "emergency",
        "There's a line around my tummy like a tidemark and below it my skin feels strange.",
    ),
    # session14_pv:15: back pain told by a hot coal, with a fever in brackets
    (
        "spinal_infection",
        "emergency",
        "On chemo. My lower back feels like a hot poker is in it and I am shivery (38.4).",
    ),
    # session14_pv:17: one calf in a sock too small
    (
        None,
        "emergency",
        "After the coach trip my right calf feels like it is in a stocking three sizes too small.",
    ),
    # session14_pv:19: one leg like a stuffed sausage, a stab in the side on breathing in
    (
        "deep_vein_thrombosis",
        "emergency_ambulance",
        "My right leg has been like a fat sausage for days and now I get a sharp pain in my side when I "
        "breathe in.",
    ),
    # session14_pv:21: a tingling that started in the toes after a stomach bug, no knee jerk
    (
        "guillain_barre",
        "emergency",
        "After food poisoning it began in my feet, now both legs are weak up to the hips and when the "
        "doctor hit my knees it was like hitting a wall.",
    ),
    # session14_pv:22: legs gone like jelly, now the arms too, a sentence without gulping air
    (
        "guillain_barre",
        "emergency",
        "This week my legs went like jelly, now my arms too, and I can't finish a sentence without stopping.",
    ),
    # session14_pv:24: a cup sliding out of one hand ten minutes ago
    (
        "stroke",
        "emergency_ambulance",
        "Ten minutes ago the cup slipped out of my right hand and my right arm feels heavy.",
    ),
    # session14_pv:25, pw:32: sight going dark like a curtain
    (
        "stroke",
        "emergency_ambulance",
        "The vision in my left eye went black like a blind coming down, then came back.",
    ),
    # session14_pw:19: a calf that suddenly hurt, a pale blotchy foot, asked as a question
    (
        "acute_limb_ischemia",
        "emergency",
        "Why would my calf suddenly ache like that and not go away? The foot looks pale and mottled.",
    ),
    # the probe lines themselves
    (
        "acute_limb_ischemia",
        "emergency_ambulance",
        'Ambo handover: pt states L leg is "like a log, like it went to sleep and never woke up" since '
        "approx 1400. Foot mottled like corned beef, cool to the knee. He can't tell me which toe I'm "
        "squeezing and the foot just hangs like a dropped puppet.",
    ),
    (
        "guillain_barre",
        "emergency_ambulance",
        "Over 3 days my legs went like rubber, now my arms too. Talking is like running a marathon, I can't "
        "finish a sentence without gulping air like a fish, and water keeps going down the wrong way.",
    ),
    (
        "acute_limb_ischemia",
        "emergency_ambulance",
        "What could cause my calf to suddenly hurt like mad on the treadmill and not ease after 45 mins "
        "rest? The foot looks pale and blotchy next to the other one and the pins and needles won't go. I "
        "had a heart attack in March.",
    ),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("flag,floor,text", FLOORS)
def test_fxm_floor(flag, floor, text, fast):
    check_floor(text, fast, floor, flag)


NOT_EMERGENCY = [
    # session14_pv:1 (look-alike): feet cold as ice every winter for years
    "My feet have been cold as ice every winter for years, they warm up in the bath. No numbness.",
    # session14_pv:6 (look-alike): a foot that throbs like it's in a vice, no cast or injury, for months
    "For months my arthritic foot throbs like it is in a vice at night, paracetamol helps.",
    # session14_pv:9 (look-alike): a bottom that feels like wood after a long cycle, back to normal
    "My bum felt like wood after the sportive but it was back to normal ten minutes later.",
    # session14_pv:19 (look-alike): a runner's stitch with no breathing in it
    "I get a stitch in my side when I run fast, it goes when I slow down.",
    # session14_pv:4 (look-alike): a foot hung over the bed for years of night pain is not limp
    "For years he has slept with his foot hanging out of the bed, it eases his toe pain; pulses are "
    "weak and it has been stable.",
    # session14_pv:22 (look-alike): tired legs after a hike, now the arms too from carrying the pack
    "After the hike my legs ached and now my arms too from the rucksack. Breathing fine.",
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", NOT_EMERGENCY)
def test_fxm_not_emergency(text, fast):
    check_not_emergency(text, fast)


LOOK_ALIKES = [
    # session14_pv:4 (look-alike): a foot that just hangs is no pain relief by dependency
    ("Since the stroke years ago his left foot just hangs when he walks.", "pain_relieved_by_dependency"),
    # session14_pv:25 (look-alike): a theatre curtain is no visual loss
    (
        "We went to the theatre and the curtain came down at ten; my knees ached on the stairs.",
        "sudden_visual_loss",
    ),
    # session14_pv:8 (look-alike): a bladder that empties fine
    (
        "My bladder empties fine and I have no numbness, just sciatica in one leg.",
        "new_urinary_retention_or_incontinence",
    ),
    # session14_pv:17 (look-alike): a new sock too small, no calf named
    ("My new socks are two sizes too small and my feet ache after work.", "unilateral_calf_swelling"),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text,finding", LOOK_ALIKES)
def test_fxm_look_alike(text, finding, fast):
    _, _, states = assess(text, fast)
    assert "present" not in states.get(finding, set()), states
