"""Session 16 (f1e): extraction F1 of sites (not a safety fix). Invented sentences of our own, read in both
modes, each naming the development family it came from (no probe line; the misses were counted over
development11-29 by err.py): a pain's path from the buttock to a site below it is pain below the buttocks; a
calf or thigh cramp at night is no exertional site (calf_pain_location is the exertional pain's site); a
calf pain that walking 'does not bring on' is absent."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, states  # noqa: E402

BELOW = [
    # development13/19/23/28: a path from the buttock (bum, backside) down to a site below it
    "Both legs go numb from the bum down to my ankles after ten minutes on my feet.",
    "Aching and heaviness in both legs from the buttocks to the shins when he walks to the paper shop.",
    # development13/19: an arrow path in a clinician's note
    "Sharp shooting pain R buttock -> posterolat thigh -> lateral calf since lifting a sack.",
    # development12/13/24: a buttock pain named with the thigh
    "Two years of bilateral buttock and posterior thigh pain after 200 m.",
    "A 70-year-old with bilateral buttock, thigh and calf ache whenever she walks to the bus.",
    # development17/20/27/28/29: a pain that goes into the back of the thigh
    "The ache in my bottom sometimes goes into the back of my thighs, one side then the other.",
]

NOT_BELOW = [
    "She slipped from the bottom of the stairs to the floor and hurt her wrist.",
    "Her buttock and thigh are bruised from the fall.",
    "No buttock or thigh pain.",
]

NIGHT_CRAMP = [
    # development12/13/19/21/23/25/26/29: cramps in the calves at night (nocturnal cramps, not exertional)
    "He gets painful cramps in both calves at night and twitching in his thighs.",
    "Some calf cramps in bed; otherwise well.",
]

EXERTIONAL_CALF = [
    # the look-alikes: a calf cramp brought on by walking, before or after the night is named
    "Cramps in both calves on walking and at night.",
    "Cramps in the calves at night and on walking to the bus stop.",
    "Calf pain when I walk, and it wakes me at night too.",
]

WALK_DOES_NOT = [
    # development17/19/20: walking named as not bringing on the calf or thigh pain
    (
        "Walking does not bring on calf or thigh pain and he can walk two miles.",
        ["calf_pain_location", "thigh_pain_location"],
    ),
    ("Walking doesn't bring on any pain in my calves, it's my feet that burn.", ["calf_pain_location"]),
    ("Walking does not cause calf pain; she stops because she feels unsteady.", ["calf_pain_location"]),
]


@pytest.mark.parametrize("fast", MODES, ids=["fast", "rules"])
@pytest.mark.parametrize("text", BELOW)
def test_path_below_the_buttock_is_pain_below_buttocks(text, fast):
    assert "present" in states(text, fast).get("pain_below_buttocks", set())


@pytest.mark.parametrize("fast", MODES, ids=["fast", "rules"])
@pytest.mark.parametrize("text", NOT_BELOW)
def test_no_path_is_no_pain_below_buttocks(text, fast):
    assert "present" not in states(text, fast).get("pain_below_buttocks", set())


@pytest.mark.parametrize("fast", MODES, ids=["fast", "rules"])
@pytest.mark.parametrize("text", NIGHT_CRAMP)
def test_night_cramp_is_no_exertional_calf_site(text, fast):
    assert "present" not in states(text, fast).get("calf_pain_location", set())


@pytest.mark.parametrize("fast", MODES, ids=["fast", "rules"])
@pytest.mark.parametrize("text", EXERTIONAL_CALF)
def test_calf_cramp_on_walking_stays_a_site(text, fast):
    assert "present" in states(text, fast).get("calf_pain_location", set())


@pytest.mark.parametrize("fast", MODES, ids=["fast", "rules"])
@pytest.mark.parametrize(("text", "ids"), WALK_DOES_NOT)
def test_walking_does_not_bring_on_the_site(text, ids, fast):
    got = states(text, fast)
    for fid in ids:
        assert got.get(fid, set()) & {"absent"}, fid
        assert "present" not in got.get(fid, set()), fid
    assert "present" not in got.get("leg_symptoms_with_walking", set())
