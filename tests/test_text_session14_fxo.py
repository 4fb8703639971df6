"""Session 14 (fx14o): spinal, cord and Guillain-Barre readings in fresh images and very short messages
(probe files session14_pz.txt and session14_pt.txt), each read in both modes, with look-alikes that must not
fire."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, check_floor, read  # noqa: E402

FLOORS = [
    # session14_pz:5: a sensory level told as a line round the trunk with everything below it numb or muffled
    (
        "spinal_cord_compression",
        "emergency",
        "For four days there has been a line around my waist, and below it my body feels numb and woolly.",
    ),
    (
        "spinal_cord_compression",
        "emergency",
        "Teacher, 62. Since the weekend it's as if someone drew a chalk line round my ribs at bra-strap "
        "height: above it I'm me, below it everything is muffled like a radio between stations.",
    ),
    # session14_pz:6: urine leaking unfelt, a new incontinence without sensation
    (
        "spinal_cord_compression",
        "emergency",
        "My legs have gone clumsy this month and now I don't notice until my pants are wet.",
    ),
    # session14_pz:8: veins of the feet or groin used for injecting, with back pain
    (
        "spinal_infection",
        "emergency",
        "My son is 29 and injects into his groin now. For eight days his lower back has been agony.",
    ),
    (
        "spinal_infection",
        "emergency",
        "She has been using the veins in her toes for a year. Back pain since Tuesday.",
    ),
    # session14_pz:11: radiotherapy for an unnamed illness, night spine pain and knees that give
    (
        "spinal_malignancy",
        "emergency",
        "Mum had radiotherapy for her lump two years ago. Her back hurts every night and this week her legs "
        "buckle on the stairs.",
    ),
    (
        "spinal_malignancy",
        "consultation_24",
        "He had the radium for his bowel trouble. Now a pain in his spine wakes him at night.",
    ),
    # session14_pt:10: a short message joined with '+', night back pain after cancer and legs giving way
    (
        "spinal_malignancy",
        "emergency",
        "prostate ca 2020 M70 new back pain at night + legs buckling on stairs since fri",
    ),
    # session14_pt:23: both legs weak, reflexes tested with nothing coming, after a bowel infection
    (
        "guillain_barre",
        "emergency",
        "45f pins and needles in toes, then both legs weak over 3 days, reflexes: nothing, "
        "had food poisoning last week",
    ),
    # session14_pt:31: a short message opening with the age and a lower-case sex letter
    (
        "giant_cell_arteritis",
        "emergency",
        "81m new headache, scalp sore combing hair, jaw tires chewing",
    ),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("flag,floor,text", FLOORS)
def test_session14_fxo_floor(flag, floor, text, fast):
    check_floor(text, fast, floor, flag)


LOOK_ALIKES = [
    # a tight band round the chest with nothing numb below it is no sensory level (session14_pz:5)
    ("There is a tight band round my chest when I climb the hill.", "sensory_level"),
    # years of a leak unnoticed under a pad: no new incontinence (session14_pz:6)
    (
        "For years she doesn't notice until her pad is wet; her calves ache when she walks.",
        "new_urinary_retention_or_incontinence",
    ),
    # a cannula in a hand vein is no injecting (session14_pz:8)
    ("They used a vein in my hand for the drip last year. My calves ache on walking.", "iv_drug_use"),
    # chemotherapy only feared, and an X-ray's radiation (session14_pz:11)
    (
        "If the scan shows anything she might have to have chemo for it. Calves ache on hills.",
        "cancer_history",
    ),
    ("The X-ray had radiation for sure, a tiny dose. Calves ache on hills.", "cancer_history"),
    # reflexes fine, 'nothing else' after a comma (session14_pt:23)
    ("Legs ache on walking, reflexes fine, nothing else to note.", "areflexia"),
    # a weak immune system denied (session14_pz:9)
    ("My immune system is fine, I never catch anything. Calves cramp on walks.", "immunosuppression"),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text,finding", LOOK_ALIKES)
def test_session14_fxo_look_alike(text, finding, fast):
    _, _, states = assess(text, fast)
    assert "present" not in states.get(finding, set()), states


@pytest.mark.parametrize(
    "text,age",
    [("74f new headache and jaw pain chewing", 74), ("38m tingly feet then weak legs", 38)],
)
def test_session14_fxo_short_age(text, age):
    """session14_pt:31 and pt:23: '74f', '38m' at a short message's start are the age."""
    case = read(text, False).case
    assert case.age == age, case


@pytest.mark.parametrize("text", ["50m walk and my calves ache", "40m then calf pain, eases on rest"])
def test_session14_fxo_distance_is_no_age(text):
    """A distance in metres at the start of a short message is no age (session14_pt:31's look-alike)."""
    case = read(text, False).case
    assert case.age is None and case.sex is None, case
