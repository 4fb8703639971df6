"""Session 21 (the lead): two limb-ischaemia under-triages seen by ki's audit, on main before.

A foot told as having gone pale and cold whose pulses were searched for and not found
('the nurse cannot find any pulses in it') read consultation in both modes; a cold white
numb foot 'worse by the minute' read consultation with the rules alone. Look-alikes: the
same words told over the years, and pulses not found at a routine review of claudication.
The sentences are our own; both modes."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, check_floor, check_not_emergency  # noqa: E402


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Her left foot has gone pale and cold, the nurse cannot find any pulses in it.",
        "Dad's right foot has turned white and icy and the paramedic couldn't feel a pulse in it.",
        "Known PAD. My left foot has gone pale and cold and the GP can't find any foot pulses, "
        "but I can move my toes.",
    ],
)
def test_limb_gone_pale_or_cold_with_pulses_not_found(text, fast):
    """A limb told as changed (gone pale or cold) with its pulses searched for and absent: acute limb
    ischaemia."""
    check_floor(text, fast, "emergency", "acute_limb_ischemia")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Cold white foot, numb, worse by the minute.",
        "Her foot is pale and she can't feel her toes, and it is getting colder by the hour.",
    ],
)
def test_pale_numb_limb_worsening_by_the_minute(text, fast):
    """A pale or cold limb, numb, changing by the minute or hour: a threatened limb, an ambulance."""
    check_floor(text, fast, "emergency_ambulance", "acute_limb_ischemia")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "His feet have gone cold and pale over the years and the nurse cannot find any pulses.",
        "The practice nurse couldn't find any foot pulses at my review, she says it's my claudication.",
    ],
)
def test_slow_change_or_routine_review_is_no_acute_limb(text, fast):
    """The same words told over years, or pulses not found at a routine claudication review: no acute limb."""
    check_not_emergency(text, fast)
    assert "acute_limb_ischemia" not in assess(text, fast)[1]
