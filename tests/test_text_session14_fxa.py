"""Session 14 (fx14a): limbs, vessels and compartments, after procedures and in the frail (probe files
session14_pm, pn, po, pp, pq).

A white, cold foot that is numb or cannot move in atrial fibrillation (said in lay words), a foot gone
cold and numb 'ever since' an angiogram, toes white and numb under a new cast, rest pain and a cooler
foot days after a stent, a shin swollen and tight and worse at rest hours after a march, a wound chart
with a black, wet toe, a vascular registrar's 'sensory loss toes'; each floor read in both modes, with
look-alikes that must not fire."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, check_floor, check_not_emergency  # noqa: E402

FLOORS = [
    # session14_pm:1: AF in lay words; a white, icy foot whose toes will not move, onset not stated
    (
        "acute_limb_ischemia",
        "emergency_ambulance",
        "Grandad has the irregular heartbeat and stopped his warfarin. His left foot is white and icy "
        "and he cannot move his toes.",
    ),
    (
        "acute_limb_ischemia",
        "emergency_ambulance",
        "She has atrial fibrillation. Her right foot looks pale, it is cold to the touch and it feels numb.",
    ),
    # session14_pn:14: cold, pale and pins and needles ever since an angiogram and its closure plug
    (
        "acute_limb_ischemia",
        "emergency_ambulance",
        "They did an angioplasty through my right groin on Monday and ever since the foot is pale and cold "
        "with pins and needles in it.",
    ),
    # session14_pn:31: toes white and numb under a new cast (texting shorthand for the fracture)
    (
        "acute_limb_ischemia",
        "emergency_ambulance",
        "Plaster cast on his leg since yesterday for a broken ankle. Now his toes have gone white and numb.",
    ),
    # session14_pn:21: rest pain and a cooler foot since days ago, weeks after a leg stent
    (
        "acute_limb_ischemia",
        "emergency",
        "I had a leg stent in March. Since yesterday my toes hurt at night in bed and I have to dangle "
        "the foot over the edge, and the foot is cooler than the other.",
    ),
    # session14_po:7: swollen and tight, worse though resting, hours after a long march
    (
        "acute_compartment_syndrome",
        "emergency_ambulance",
        "After the 10 mile march my right shin hurt. I have been resting on the bed for three hours but it "
        "is worse, swollen and tight.",
    ),
    # session14_pp:24: a wound chart whose toe is black and wet
    (
        "chronic_limb_threatening_ischemia",
        "emergency",
        "Wound assessment\nSite: right big toe\nAppearance: black, weeping\nPulses: not felt",
    ),
    # the probe lines themselves
    (
        "acute_limb_ischemia",
        "emergency_ambulance",
        "Carer at Rosewood here. Mrs Patel, 88, shouted out after lunch that her right leg had gone dead. "
        "The foot is white as a candle and icy compared to the left, and now she cant wiggle her toes. She "
        "has the irregular heart thing and has been refusing her apixaban this week.",
    ),
    (
        "acute_limb_ischemia",
        "emergency_ambulance",
        "after the angiogram throuh my left grion they used a plug thing to close it. ever since the left "
        "foot is cold and pale and has pins and needles that wont go, and its weaker, i cant push off when "
        "walking.",
    ),
    (
        "acute_limb_ischemia",
        "emergency_ambulance",
        "hv a cast on ma leg since sat after brkn ankle. pain ridic now, way worse than wen it broke, toes "
        "gone numb n white n cant move em. painkillers doin nothin",
    ),
    (
        "acute_compartment_syndrome",
        "emergency_ambulance",
        "After my army fitness test (2 km in boots) the left shin hurt like usual but it is now five hours "
        "later, I have been lying on my bunk the whole time and it is worse, swollen and tight, and I "
        "cannot lift my foot up.",
    ),
    (
        "acute_limb_ischemia",
        "emergency_ambulance",
        "Vasc reg: R foot white + cold since approx 06:00. DP/PT/pop ø on handheld Doppler, venous signal "
        "present. Sensory loss toes → forefoot, DF 3/5. Rutherford IIb. Heparin 5000u IV given, theatre "
        "aware.",
    ),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("flag,floor,text", FLOORS)
def test_fxa_floor(flag, floor, text, fast):
    check_floor(text, fast, floor, flag)


NOT_EMERGENCY = [
    # session14_pm:1 (look-alike): AF with feet pale and cold for years, numb from diabetes
    "He has an irregular heartbeat and his feet have been pale and cold for years, with numb toes from "
    "his diabetes.",
    # session14_pm:1 (look-alike): AF, pale cold feet in winter but no deficit
    "She has atrial fibrillation on apixaban. Her feet look pale and feel cold in winter but she can wiggle "
    "her toes fine and there is no numbness.",
    # session14_pn:14 (look-alike): cold feet 'ever since' an angiogram a year ago, no numbness or weakness
    "I had an angiogram last year and ever since my feet feel a bit cold in the evenings. No numbness, "
    "no weakness.",
    # session14_pn:14 (look-alike): no pins and needles after the angiogram
    "After the angiogram the groin was bruised. The foot is warm and pink, no pins and needles, moving "
    "normally.",
    # session14_pn:31 (look-alike): a cast with pink, warm, moving toes
    "Plaster cast on my leg since Friday for a broken ankle. Toes pink and warm, I can wiggle them, no "
    "numbness, the pain is settling with paracetamol.",
    # session14_pn:21 (look-alike): stable claudication years after a stent
    "Stent in my right leg two years ago. The calf aches after 200 yards and eases when I stop, as it has "
    "for years. Feet warm.",
    # session14_pn:21 (look-alike): rest pain for five weeks after a bypass is chronic ('today' is no onset)
    "Fem-pop bypass in 2019. For the past five weeks his toes burn at night and he sleeps with the foot "
    "hanging down. The foot is cool today.",
    # session14_pp:24 (look-alike): a wound chart with a pink, healthy toe
    "Wound chart\nSite: right 3rd toe\nAppearance: pink, healthy, dry\nOdour: none",
    # session14_po:7 (look-alike): back pain worse after resting is no compartment syndrome
    "I rested on the sofa all evening but it is worse, my back that is, from gardening.",
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", NOT_EMERGENCY)
def test_fxa_not_emergency(text, fast):
    check_not_emergency(text, fast)


LOOK_ALIKES = [
    # session14_po:7 (look-alike): a calf swollen and tight after a flight is a DVT's calf, no tense
    # compartment
    ("My calf is swollen and tight after the long flight yesterday, no breathlessness.", "tense_compartment"),
    # session14_po:7 (look-alike): a calf that aches even lying down but is worse walking is not worse at rest
    ("My calf aches even lying on the bed but it is worse when I walk on it.", "pain_not_settling_with_rest"),
    # session14_pp:24 (look-alike): a black dressing is no black toe
    ("Wound chart\nSite: left heel\nAppearance: pink, granulating\nDressing: black foam", "gangrene"),
    # session14_pm:1 (look-alike): a relative's irregular heart rhythm, and one ruled out, are not the
    # patient's
    (
        "Family history: his father had an irregular heart rhythm. He is 60, calves ache after a mile, "
        "feet warm.",
        "atrial_fibrillation",
    ),
    ("Irregular heart beat ruled out on the ECG. Calves ache after a mile.", "atrial_fibrillation"),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text,finding", LOOK_ALIKES)
def test_fxa_look_alike(text, finding, fast):
    _, _, states = assess(text, fast)
    assert "present" not in states.get(finding, set()), states
