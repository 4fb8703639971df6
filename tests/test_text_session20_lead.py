"""Session 20, the lead: blind25 is opened (development31); its one red-flag miss was a new weakness of both
legs told in the perfect ('since yesterday his legs have given way after a few steps'), which only the fast
layer read: the target rules knew 'gave', 'give', 'gives' and 'giving way' but not 'given way'."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, check_floor, states  # noqa: E402

_GIVEN_WAY = [
    "Known myasthenia. Since yesterday his legs have given way after a few steps; he could not climb stairs.",
    "Her right knee has given way twice since Monday and she now catches her toes.",
    "Mum's legs have given way under her this afternoon.",
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", _GIVEN_WAY)
def test_a_leg_that_has_given_way_is_a_new_weakness(text, fast):
    check_floor(text, fast, "consultation_24", "progressive_neurological_deficit")
    assert "present" in states(text, fast).get("new_leg_weakness", set())


@pytest.mark.parametrize("fast", MODES)
def test_legs_that_have_not_given_way_are_no_new_weakness(fast):
    text = "Back ache after gardening; his legs have not given way and he walks as far as before."
    level, flags, st = assess(text, fast)
    assert "progressive_neurological_deficit" not in flags
    assert "present" not in st.get("new_leg_weakness", set())
