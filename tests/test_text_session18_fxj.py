"""Session 18 (fxj): look-alikes and misreadings left by this session's helpers (the fxj brief's items; no
probe file line is behind items 1-3 and 5, whose sentences came from the helpers' reports): a lifelong or
denied size difference of the calves is no new one-sided swelling; an ankle jerk graded 3+ or 4+ is a brisk
reflex; 'freezing' after a word of heat is a temperature, not a freezing of gait; a thigh named in brackets
before a restless feeling is no thigh pain. Our own sentences, read in both modes, each family with a floor
or a look-alike that must keep its reading."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, check_floor, check_not_emergency, probe_line, states  # noqa: E402


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "my left calf has always been bigger than the right, I play football",
        "The right leg has always been a bit fatter than the left, no pain.",
        "My right calf is bigger than the left since I was a kid, I run twice a week.",
        "my legs are swollen, the left is not bigger than the right",
        "Both ankles puffy by the evening, the right one no bigger than the left.",
    ],
)
def test_lifelong_or_denied_size_difference_is_no_dvt(text, fast):
    """The fxj brief, items 1-2 (over-triage): a calf always bigger than the other, bigger since childhood, or
    a one-sided difference denied beside a swelling of both legs is no new one-sided swelling (no DVT
    emergency)."""
    check_not_emergency(text, fast)
    assert "present" not in states(text, fast).get("unilateral_calf_swelling", set())


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "my left calf is bigger than the right since yesterday",
        "My calves have always been fine but now the left is bigger.",
        "My right calf has always been a bit bigger but since last night it is swollen, hot and sore.",
        "Since this morning my left calf is swollen and tight, the right is normal.",
    ],
)
def test_new_one_sided_swelling_stays_an_emergency(text, fast):
    """Floors of the fxj brief, item 1: a difference dated to hours or days, or a calf 'always fine' that is
    now bigger, stays a new one-sided swelling (emergency)."""
    check_floor(text, fast, "emergency")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text", ["ankle reflexes 4+", "Ankle jerks 3+ both sides with a few beats of clonus."]
)
def test_ankle_reflex_graded_3_or_4_is_brisk(text, fast):
    """The fxj brief, item 3: an ankle reflex graded 3+ or 4+ is a brisk reflex (the longer 'reflex present'
    reading had hidden it)."""
    assert "present" in states(text, fast).get("hyperreflexia", set())


@pytest.mark.parametrize("fast", MODES)
def test_ankle_reflex_graded_2_is_not_brisk(fast):
    """Look-alike: a normal grade (2+) is no brisk reflex."""
    assert "present" not in states("Ankle jerks 2+ and symmetrical.", fast).get("hyperreflexia", set())


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "I go hot then freezing",
        "One minute I'm boiling and the next I'm freezing.",
        "My hands are freezing cold in this weather.",
    ],
)
def test_freezing_after_heat_is_no_freezing_of_gait(text, fast):
    """The fxj brief, item 4: 'freezing' after a word of heat (or 'freezing cold') is a temperature."""
    assert "present" not in states(text, fast).get("shuffling_gait_or_freezing", set())


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "He keeps freezing in doorways and his steps are tiny.",
        "I get hot and sweaty and my feet keep freezing to the floor when I turn.",
    ],
)
def test_freezing_of_gait_stays(text, fast):
    """Look-alike: a freezing of the feet or in doorways stays a freezing of gait."""
    assert "present" in states(text, fast).get("shuffling_gait_or_freezing", set())


@pytest.mark.parametrize("fast", MODES)
def test_hot_then_freezing_after_spinal_injection_stays_an_emergency(fast):
    """Floor (session14_pv:16): heat and freezing in turn after a spinal injection is a fever (spinal
    infection)."""
    level, text = probe_line("session14_pv.txt", 16)
    check_floor(text, fast, level, "spinal_infection")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "(mostly the thighs) get this crawly feeling",
        "Every evening my legs (mainly the thighs) go all restless and jumpy.",
    ],
)
def test_bracketed_thigh_before_restless_feeling_is_no_thigh_pain(text, fast):
    """The fxj brief, item 5 (extraction F1): the refusal of a restless feeling after 'mostly the thighs'
    holds across the closing bracket of the thigh's own aside."""
    assert "present" not in states(text, fast).get("thigh_pain_location", set())


@pytest.mark.parametrize("fast", MODES)
def test_bracketed_thigh_with_walking_pain_stays(fast):
    """Look-alike: a thigh named in brackets beside a walking pain stays the pain's site."""
    st = states("My legs ache (mostly the thighs) when I walk up hills.", fast)
    assert "present" in st.get("thigh_pain_location", set()), st
