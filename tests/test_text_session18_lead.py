"""Session 18 (the lead): readings found on the development parts, in invented sentences of our own; each
read in both modes. A table of readings (a finding read in a state, or not in a state)."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, states  # noqa: E402

READINGS = [
    # development23 p001: 'onset ~2 yrs ago' dates the start of a complaint that goes on; its 'years ago' made
    # the calf symptoms before it historical
    ("Pain in both calves when walking, onset ~2 yrs ago.", "calf_pain_location", "present"),
    ("Thighs ache on walking, started about three years ago.", "leg_symptoms_with_walking", "present"),
    ("Cramp in the right calf at 200 m, began 2 years ago, no better.", "calf_pain_location", "present"),
]

#: a past episode stays past: 'years ago' without an onset word, and a resolution after the onset
NOT_PRESENT = [
    ("Her legs went weak three years ago, fully recovered.", "bilateral_leg_weakness"),
    ("Calf swelling two years ago, that was a clot, treated.", "unilateral_calf_swelling"),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text,finding,state", READINGS)
def test_session18_reading(text, finding, state, fast):
    assert state in states(text, fast).get(finding, set())


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text,finding", NOT_PRESENT)
def test_session18_past_episode_stays_past(text, finding, fast):
    assert "present" not in states(text, fast).get(finding, set())
