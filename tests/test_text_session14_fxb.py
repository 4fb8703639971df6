"""Session 14 (fix helper fx14b): clots after operations, casts and missed anticoagulants, and
post-operative neurology. Invented sentences of our own, each read in both modes: floors (at least this
triage, with this red flag where one applies) and look-alikes (no emergency, or not this finding), each
naming the probe line it came from."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, check_floor, check_not_emergency  # noqa: E402

FLOORS = [
    # session14_pn:19: a new one-sided swelling, swollen and painful, after a gap in the anticoagulant; the
    # lower leg named from the knee down
    (
        "deep_vein_thrombosis",
        "emergency",
        "Off my apixaban since Friday. Now my right leg from the knee down is swollen and aching.",
    ),
    (
        "deep_vein_thrombosis",
        "emergency",
        "Had a DVT in this leg two years ago. Stopped my rivaroxaban last week and now the right calf "
        "is swollen and aching.",
    ),
    # session14_pn:11: a plaster named by its length is a Wells item; with tenderness along the deep veins the
    # Wells rule is 'likely' (the alternative diagnosis unanswered: the condition's new escalation)
    (
        None,
        "emergency",
        "Ankle fracture in a below-knee cast for a fortnight. Since this morning the inner thigh is "
        "tender along the vein.",
    ),
    # session14_po:38: the calf on the side of the operation, swollen (the DVT red flag)
    (
        "deep_vein_thrombosis",
        "emergency",
        "Ten days after his knee arthroscopy the calf on the operated side is swollen and sore.",
    ),
    # session14_pn:26: a chest that hurts, in plain words, with a swollen leg after an operation
    (
        "deep_vein_thrombosis",
        "emergency_ambulance",
        "Her chest hurts and she is breathing hard; her left calf is swollen since the hip operation "
        "last week.",
    ),
    # session14_pn:22: a new foot drop days after spinal surgery (spinal-infection flag: a recent spinal
    # procedure with a new deficit)
    (
        "spinal_infection",
        "emergency",
        "Four days after an L4/5 decompression he can't lift his left toes and the foot slaps when he "
        "walks.",
    ),
    (
        "spinal_infection",
        "emergency",
        "A week after spinal surgery my right foot has started dragging and I can't lift the toes.",
    ),
    # session14_pm:31: a new weakness of a named movement is a new motor deficit
    (
        "progressive_neurological_deficit",
        "consultation_24",
        "Known spinal stenosis; this fortnight new weakness lifting the right foot, walking distance "
        "down to 20 metres.",
    ),
    # the probe lines themselves
    (
        "deep_vein_thrombosis",
        "emergency",
        "They switched me from warfarin to a new tablet when I left hospital but the pharmacy didn't "
        "have it, so I've had nothing for 6 days. Now my left leg from the knee down is swollen, reddish "
        "and painful to walk on. I had a clot in it before.",
    ),
    (
        None,
        "emergency",
        "Below-knee plaster for a ruptured Achilles, 3 weeks in, not given any injections. Since "
        "yesterday the thigh above the cast is swollen and tender along the inside, and the knee looks "
        "puffy.",
    ),
    (
        "deep_vein_thrombosis",
        "emergency",
        "Footballer, 23, 12 days after knee arthroscopy for a meniscus tear. Calf on the operated side "
        "now swollen, red and tender, and his foot puffs up by evening. No breathlessness.",
    ),
    (
        "deep_vein_thrombosis",
        "emergency_ambulance",
        "my mother knee operation new, 10 day before. now leg very big, red and hot, she cannot walk on "
        "it. also breathing hard, she say chest hurt. what we do?",
    ),
    (
        "spinal_infection",
        "emergency",
        "3 days after lumbar fusion, home since yesterday. Right foot slapping on the floor when I walk, "
        "today I can't lift the toes at all and I've fallen twice. It was fine when I left the ward.",
    ),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("flag,floor,text", FLOORS)
def test_fxb_floor(flag, floor, text, fast):
    check_floor(text, fast, floor, flag)


NOT_EMERGENCY = [
    # session14_pn:49: a spinal operation months or years back is not recent (no spinal-infection flag
    # with the sciatica back)
    "Two years after my lumbar fusion the leg pain is back a little when I dig the garden, strength "
    "normal.",
    "Nine months after my microdiscectomy I still get some sciatica down the leg if I sit too long.",
    "Eight months after my microdiscectomy the sciatica in the operated leg comes back mildly if I "
    "overdo the gardening. No numbness down below, waterworks normal, leg strength fine. Should I see "
    "someone?",
    # session14_pn:19 (look-alike): two Wells risk factors without a swollen or tender leg (no suspected DVT)
    "My father had a clot after his hip operation. My right ankle is a bit puffy in the evenings, both "
    "sides the same.",
    # session14_pn:19 (look-alike): a post-thrombotic leg, swollen every evening for years
    "DVT in my left leg six years ago. Since then the left leg swells by every evening, with brown "
    "staining around the ankle and varicose veins.",
    # session14_pn:19 (look-alike): a knee of its own, swollen and painful after a twist
    "My right knee is swollen and painful after I twisted it.",
    # session14_po:38 (look-alike): an operation more than 12 weeks back, calf not swollen
    "A year after the knee replacement the calf aches after long walks, no swelling.",
    # session14_pn:40: a recent operation with the calf's swelling and tenderness both denied
    "Six weeks after her knee replacement, walking slowly with a frame, no calf swelling or tenderness.",
    # session14_pm:31 (look-alike): no weakness
    "No weakness lifting the foot, walking distance stable for years with known stenosis.",
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", NOT_EMERGENCY)
def test_fxb_not_emergency(text, fast):
    check_not_emergency(text, fast)


LOOK_ALIKES = [
    # session14_pn:49: an operation dated months or years back is neither recent nor a Wells item
    ("Eight months after my microdiscectomy the sciatica came back.", "recent_spinal_procedure"),
    ("Hip replacement 5 months ago, walking well.", "wells_bedridden_or_surgery"),
    ("DVT four years ago after knee surgery; leg aches on long walks.", "wells_bedridden_or_surgery"),
    # session14_pn:40: 'no calf swelling or tenderness' denies the tenderness too
    ("Post-op day 20, no calf swelling or tenderness.", "deep_vein_tenderness"),
    # session14_pm:31 (look-alike): weakness denied
    ("No weakness lifting the foot.", "new_leg_weakness"),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text,finding", LOOK_ALIKES)
def test_fxb_not_present(text, finding, fast):
    _, _, states = assess(text, fast)
    assert "present" not in states.get(finding, set()), (text, fast, states)
