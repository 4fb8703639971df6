"""Session 23 (wk): a leg or legs told as weaker than before.

The session's consultation finding 'Since this morning the right leg is much weaker.' read nothing in either
mode: a degree word ('much', 'a lot', 'far') or a verb of change ('became', 'has grown') between the leg and
'weaker', 'less strong', and a leg that has lost strength were not read. A leg compared with itself is a new
weakness, the progressive neurological deficit red flag (urgent, within 24 hours). Look-alikes: legs that are
stronger, weaker than at an age, the weaker leg of an old polio, no weaker, not weaker, someone else's leg, a
weaker grip. The sentences are our own; both modes."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, check_floor, check_not_emergency  # noqa: E402


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Since this morning the right leg is much weaker.",
        "Her left leg is a lot weaker since yesterday.",
        "My left leg became weaker overnight.",
        "The right leg has grown weaker over two days.",
        "My right leg is less strong than it was this morning.",
        "My legs are much weaker than they were yesterday.",
    ],
)
def test_leg_told_as_weaker(text, fast):
    """The session's consultation finding (first line) and its kin: a leg told as weaker than before with a
    degree word or a verb of change is a new leg weakness, the progressive neurological deficit flag."""
    check_floor(text, fast, "consultation_24", "progressive_neurological_deficit")
    assert "present" in assess(text, fast)[2].get("new_leg_weakness", set()), (text, fast)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "My legs have lost strength over the last three days.",
        "The strength is going from my legs since Monday.",
    ],
)
def test_legs_losing_strength(text, fast):
    """Rules alone read nothing before: legs that have lost strength, or whose strength is going, over days
    are a new weakness (fast layer: an ambulance, both legs progressive)."""
    check_floor(text, fast, "consultation_24", "progressive_neurological_deficit")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "My legs are stronger now.",
        "My legs are weaker than they were at 30.",
        "The weaker leg is the one I had polio in.",
        "My legs are no weaker than last year.",
        "My legs are not weaker.",
        "My husband's leg is weaker since yesterday.",
    ],
)
def test_weaker_look_alikes(text, fast):
    """Look-alikes: no emergency level in either mode."""
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
def test_weaker_grip_is_no_leg_weakness(fast):
    """A weaker grip names no leg: no emergency level (session 24, lf: the fast layer's guard
    a_weak_grip_is_no_leg_weakness drops its leg guesses when the text names no leg; was a strict xfail)."""
    check_not_emergency("My grip is weaker since yesterday.", fast)


@pytest.mark.parametrize(
    "text",
    [
        "My legs are stronger now.",
        "My legs are weaker than they were at 30.",
        "The weaker leg is the one I had polio in.",
        "My legs are no weaker than last year.",
        "My legs are not weaker.",
        "My husband's leg is weaker since yesterday.",
        "My grip is weaker since yesterday.",
    ],
)
def test_weaker_look_alikes_rules_read_no_new_weakness(text):
    """Rules alone: the look-alikes read no new leg weakness (the new patterns need a degree word or a verb of
    change, which none of them has)."""
    assert "present" not in assess(text, False)[2].get("new_leg_weakness", set()), text


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "The heat of a bath makes my right leg much weaker for an hour, then it is back to normal.",
        "Since my stroke years ago the left leg is a bit weaker but it has not changed at all.",
    ],
)
def test_weaker_by_a_trigger_or_stable(text, fast):
    """development31 am027 (a leg made weaker by heat, gold consultation) and probe session16_qy:41 (a leg a
    bit weaker since an old stroke, unchanged, gold consultation): no new leg weakness, no red flag."""
    level, flags, st = assess(text, fast)
    assert "progressive_neurological_deficit" not in flags, (text, fast, level, sorted(flags))
    assert "present" not in st.get("new_leg_weakness", set()), (text, fast, st)
