"""Session 20 (f1t): weakness findings read where the text has none (precision, development11-31).

A progressive motor deficit (the KB: a motor deficit new or worsening over days to weeks) was read from a
comparison of places or a distance ('proximal more than distal', 'whenever I run more than about 3 km', the
word 'more' of the worsening class), from falls spread over a year or a season or falls in the dark (a lost
position sense), and the fast layer guessed it from a sentence of sore muscles after a hill walk. Each
raised the progressive-deficit flag.

No probe line is behind these (the theme is the development parts' spurious readings, counted in the
report); the sentences are our own, read in both modes, with floors that a true course of days must keep."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, at_least, states  # noqa: E402

PMD = "progressive_motor_deficit"


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "On examination there is symmetrical 4/5 weakness in both legs, distal more than proximal, "
        "reflexes reduced.",
        "Hip flexion 4/5 on both sides, proximal more than distal; sensation normal.",
        "If I cycle more than about 20 km my left foot starts to slap, and it settles after a rest. "
        "No worse from month to month.",
    ],
)
def test_a_comparison_is_no_worsening(text, fast):
    """development22 e033 ('weakness of the legs, proximal more than distal') and development25 aa034
    ('whenever I run more than about 3 km my right foot starts slapping'): 'more than' compares places or sets
    a distance."""
    st = states(text, fast)
    assert "present" not in st.get(PMD, set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Burning numb soles for a year, up to the ankles now. She has fallen twice in the dark going "
        "to the bathroom. Power normal.",
        "His gait has become shuffling over two years and he has fallen four times this year. Power "
        "is normal.",
        "Numb feet from diabetes; two falls this winter on the icy path, nothing broken. Strength normal.",
    ],
)
def test_falls_over_a_year_or_in_the_dark_are_no_progressive_deficit(text, fast):
    """development17 q23 ('He has fallen twice in the dark', a sensory neuropathy), development25 aa030
    ('fallen three times this year', normal pressure hydrocephalus) and aa045 ('two falls in the dark
    this winter')."""
    level, flags, st = assess(text, fast)
    assert "present" not in st.get(PMD, set()), st
    assert "progressive_neurological_deficit" not in flags, flags


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "We walked up and down Snowdon on Sunday. Today my calves are so stiff and sore, especially "
        "on the stairs, I'm hobbling like an old man!",
        "First spin class in years yesterday. This morning both thighs ache terribly when I sit down "
        "on the loo.",
    ],
)
def test_muscle_soreness_is_no_weakness(text, fast):
    """development11 a42 (the fast layer's guess from 'today they're really sore, especially going
    down stairs, I'm walking like a penguin' after a hill walk)."""
    level, flags, st = assess(text, fast)
    for fid in (PMD, "new_leg_weakness", "bilateral_leg_weakness_progressive"):
        assert "present" not in st.get(fid, set()), (fid, st)
    assert "progressive_neurological_deficit" not in flags, flags


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Over the last week her legs have got weaker and she has fallen twice since Saturday.",
        "My left foot has been dragging since Monday, more and more each day.",
        "Both legs sore and getting weaker each day since the weekend, and today I fell twice.",
        "He has gone down on the stairs on Saturday and again in the kitchen on Sunday, and his right"
        " leg feels weak.",
    ],
)
def test_a_course_of_days_keeps_the_flag(text, fast):
    """Floors for the fixes above: a weakness or falls over days still read as a progressive deficit."""
    level, flags, st = assess(text, fast)
    assert "present" in st.get(PMD, set()), st
    assert "progressive_neurological_deficit" in flags, flags
    assert at_least(level, "consultation_24"), level


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Known MS for six years. After about half an hour of walking on a warm day my right foot starts to "
        "drag and scuff. If I sit in the shade it is back to normal within twenty minutes.",
        "When she walks more than a mile her left foot begins to slap on the pavement; after a rest and a "
        "cold drink it recovers fully.",
    ],
)
def test_an_exertional_drag_that_recovers_is_no_new_weakness(text, fast):
    """development19 m27, development23 p038, development24 k035, development29 af044, development31 am027:
    a foot that starts to drag after some walking (or heat) and is back to normal after a rest is no new or
    progressive weakness (the KB: 'not just tiredness with walking')."""
    level, flags, st = assess(text, fast)
    for fid in (PMD, "new_leg_weakness", "bilateral_leg_weakness_progressive"):
        assert "present" not in st.get(fid, set()), (fid, st)
    assert "progressive_neurological_deficit" not in flags, flags


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "When I walk my right foot starts to drag, and since Monday it is not back to normal even at rest.",
        "After ten minutes walking my left foot starts to drag. This week it no longer recovers fully with "
        "rest.",
        "Since yesterday my right foot has started to drag when I walk. My back pain is back to normal.",
    ],
)
def test_a_drag_that_stays_is_still_new_weakness(text, fast):
    """Floors for the exertional drag: a drag that no longer recovers, or that has started and stays, is a
    new leg weakness."""
    level, flags, st = assess(text, fast)
    assert "present" in st.get("new_leg_weakness", set()), st
    assert at_least(level, "consultation_24"), level
