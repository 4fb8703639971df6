"""Session 15 (f1a): the derived duration findings (symptoms_longer_than_2/6/12_weeks). Not a safety fix and
not from a probe line: from the development parts' error count. A smoking, drinking or service history
('40 years of smoking') is no symptom duration. The floors guard a safety trap found on the way: one
duration per case is read as the history's, and the DVT condition reads 'symptoms longer than 6 weeks' as
the swelling's, so a back complaint dated weeks ago by the lifting that began it, beside a calf swollen
since last night, must stay an emergency (the reading of such dates was tried and undone for this).
Invented sentences of our own, read in both modes."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, states  # noqa: E402

W12 = "symptoms_longer_than_12_weeks"

# look-alikes: a long time that is not the complaint's duration
NOT_READ = [
    "Forty years of smoking; calf pain on walking since Monday.",
    "Ex-smoker, 40 years of smoking, left calf pain for 3 days.",
    "Retired after 30 years of service; his thighs have ached since Saturday.",
]

# a new one-sided calf swelling beside an older complaint dated by the event that began it
DVT_FLOORS = [
    "Lifted a heavy box 8 weeks ago, back has ached since. Since last night my right calf is swollen.",
    "Since she moved house 2 months ago her back has ached. Since last night her calf is swollen and hot.",
    "Nurse: How long? Pt: maybe 3 months the back. Since last night my right calf is swollen and hot.",
]


@pytest.mark.parametrize("fast", MODES, ids=["fast", "rules"])
@pytest.mark.parametrize("text", NOT_READ)
def test_long_history_not_the_complaint(text: str, fast: bool) -> None:
    got = states(text, fast)
    assert "present" not in got.get(W12, set()), (text, fast, got)


@pytest.mark.parametrize("fast", MODES, ids=["fast", "rules"])
@pytest.mark.parametrize("text", DVT_FLOORS)
def test_new_swelling_beside_a_dated_back_stays_emergency(text: str, fast: bool) -> None:
    level, flags, _ = assess(text, fast)
    assert level in ("emergency_ambulance", "emergency"), (text, fast, level, sorted(flags))
