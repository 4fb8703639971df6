"""Session 19 (fxn): leftovers the other session-19 helpers found.

An inability to pass urine is not cancelled by a walk told in another clause, and a negation's scope ends
at a comma before a new subject and verb ('..., my lower back aches'); a numbness climbing to the knees over
years is no acute ascending paralysis; a sentence that opens with 'years ago' tells a past episode; 'when I am
15 minutes into a run' is no age; 'his legs are getting weaker' is a worsening weakness with the rules alone
too. The sentences are our own unless a docstring names the source line; both modes."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, check_floor, check_not_emergency, states  # noqa: E402


# --- 1. a retention beside a walk in another clause (under-triage on main) ---------------------------------
@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        # the line fxm found (brief item 1)
        "I had my gallbladder out last week and since the operation I couldn't wee at all, my lower back "
        "aches and both legs get heavy when I walk.",
        "Since Monday he has not been able to pass urine, his back is killing him and his legs go weak "
        "when he walks to the kitchen.",
        "After my hip op on Friday I can't pee at all, my back is sore and my legs feel like lead when I "
        "walk.",
    ],
)
def test_retention_not_cancelled_by_walk_in_another_clause(text, fast):
    """fxn brief item 1 (found by fxm): 'walk' later in the sentence cancelled the screen's bladder rule and
    'couldn't' reached 'lower back aches'; an inability to pass urine is a cauda equina flag."""
    check_floor(text, fast, "emergency", "cauda_equina")


@pytest.mark.parametrize("fast", MODES)
def test_negation_stops_at_comma_before_new_subject(fast):
    """fxn brief item 1: the 'could not' of one clause does not deny the back ache of the next ('..., my lower
    back aches'); a list after a comma stays denied."""
    got = states("I couldn't sleep at all, my lower back aches and my calves hurt when I walk.", fast)
    assert "present" in got.get("back_pain", set())
    got = states("I have no pain in my back, my hips or my knees.", fast)
    assert "present" not in got.get("back_pain", set())
    got = states("No numbness in my bottom, my privates or my legs.", fast)
    assert "present" not in got.get("saddle_anesthesia", set())


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "I leak a little wee when I walk fast or stand up, and my calves ache after a mile.",
        "If I walk ten minutes my legs go numb and heavy and I suddenly need a wee, sitting eases it.",
        "Since the operation I couldn't sleep at all, my lower back aches and my calves tighten when I walk",
    ],
)
def test_walk_in_bladder_clause_is_no_retention(text, fast):
    """Look-alikes (item 1): a leak or urgency brought on by walking in the bladder words' own clause, or a
    walking condition that leads the sentence, is no new retention."""
    check_not_emergency(text, fast)


# --- 2. an ascending numbness over years -----------------------------------------------------------------
@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "numbness has crept from my feet up to my knees over two years",  # the brief's line (item 2)
        "The tingling has slowly spread from his toes up to his knees over the past 3 years, he is diabetic.",
        "Pins and needles have moved from my feet up to my knees over several months.",
    ],
)
def test_ascending_numbness_over_years_is_no_gbs(text, fast):
    """fxn brief item 2: a numbness climbing to the knees over months or years is a slow neuropathy, not the
    acute ascending paralysis of Guillain-Barre."""
    level, flags, got = assess(text, fast)
    assert "guillain_barre" not in flags
    assert "present" not in got.get("ascending_symmetric_weakness_days", set())
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "numbness has crept from my feet up to my knees over two days",
        "The weakness has spread from his feet up to his thighs over 3 days and he can barely stand.",
    ],
)
def test_ascending_over_days_stays_urgent(text, fast):
    """Floors (item 2): the same climb over days stays an ascending paralysis."""
    check_floor(text, fast, "emergency_ambulance", "guillain_barre")


# --- 3. a past retention explained by a spinal anaesthetic ----------------------------------------------
@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        # the brief's line (item 3)
        "Years ago I could not pass water for a day after surgery because of the spinal anaesthetic; now my "
        "calves ache when I walk.",
        "Many years ago I couldn't wee for a few hours after my knee operation, it was the spinal "
        "anaesthetic. These days my calves cramp after 200 yards.",
    ],
)
def test_old_explained_retention_is_not_new(text, fast):
    """fxn brief item 3: a sentence that opens with 'years ago' tells a past episode (the cue only looked
    backwards); a past, explained retention is not a new one."""
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Years ago I had a spinal anaesthetic for my knee, and since last night I cannot pass water and my "
        "legs are weak.",
        "Years ago I had a slipped disc. Since yesterday I cannot pass water and my bottom is numb.",
    ],
)
def test_new_retention_after_years_ago_stays_emergency(text, fast):
    """Floors (item 3): a retention dated to now after a 'years ago' clause is new."""
    check_floor(text, fast, "emergency", "cauda_equina")


# --- 4. 'when I am 15 minutes into a run' ------------------------------------------------------------------
@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "when I am 15 or 20 minutes into a run my calves cramp",  # the brief's line (item 4)
        "When I'm about 10 minutes into my walk my left calf cramps up and I have to stop.",
    ],
)
def test_minutes_into_effort_is_no_age(text, fast):
    """fxn brief item 4: the normaliser drops 'am', and 'when I 15' had read as 'when I was 15' (youth): the
    calf symptoms stay current."""
    got = states(text, fast)
    assert "historical" not in got.get("calf_pain_location", set())


@pytest.mark.parametrize("fast", MODES)
def test_when_i_was_15_stays_past(fast):
    """Look-alike (item 4): an age stays a past cue."""
    text = "When I was 15 I had a clot in my leg after a skiing accident, now my calves ache when I walk."
    got = states(text, fast)
    assert "present" in got.get("calf_pain_location", set())
    assert got.get("previous_dvt")


# --- 5. 'his legs are getting weaker' (rules alone) --------------------------------------------------------
@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "his legs are getting weaker",  # the brief's line (item 5)
        "Both her legs have got weaker since Sunday and she now needs help to stand.",
    ],
)
def test_legs_getting_weaker_is_progressive(text, fast):
    """fxn brief item 5: both legs getting weaker is a worsening weakness of both legs (the default reader
    read it; the rules alone read only the weakness)."""
    assert "present" in states(text, fast).get("bilateral_leg_weakness_progressive", set())
    check_floor(text, fast, "emergency")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "his legs are getting weaker the further he walks, better after a sit down",
        "For years his legs have been getting weaker, he has muscular dystrophy.",
        "His legs are not getting weaker, the physio is pleased.",
    ],
)
def test_legs_weaker_with_walking_or_over_years_is_not_progressive(text, fast):
    """Look-alikes (item 5): weaker with walking, over years, or denied."""
    assert "present" not in states(text, fast).get("bilateral_leg_weakness_progressive", set())
    check_not_emergency(text, fast)
