"""Session 18 (fxi): misreadings the first-round helpers saw but left.

One calf or leg compared with the other without 'than' (a one-sided swelling); legs gone or turned to jelly
with an onset today (a weakness of both legs within hours), not from effort or a fright; a simile's 'wet'
(wet sand, wet cement) is no leak; a change in the urine's colour is no retention; an answer 'no, just X'
keeps X present. The sentences are our own unless a docstring names the probe line; both modes."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, check_floor, check_not_emergency, probe_line, states  # noqa: E402


# --- 1. one calf or leg compared with the other -------------------------------------------------------------
@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "My calves do not look the same size any more, the left is bigger and painful since the flight",
        "my legs are not the same size now, the right one is fatter, sore behind the knee",
        "one calf isn't the same size as the other since the plane, the right one aches",
        "Since the drive home yesterday the right one looks bigger and my calf hurts.",
    ],
)
def test_calf_size_compared_is_one_sided_swelling(text, fast):
    """fxi brief item 1 (first line: the brief's probe): calves or legs 'not the same size', 'the left is
    bigger' (no 'than') are a one-sided calf swelling, the DVT sign."""
    assert "present" in states(text, fast).get("unilateral_calf_swelling", set())
    check_floor(text, fast, "emergency")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Both my calves look the same size, no swelling, just ache when I walk far.",
        "My left knee is a bit bigger, old arthritis, aches on the stairs.",
    ],
)
def test_calves_same_size_or_other_part_bigger_is_no_dvt(text, fast):
    """Look-alikes (item 1): calves the same size, or a bigger knee (the side word is not right before the
    size word), are no one-sided calf swelling."""
    assert "present" not in states(text, fast).get("unilateral_calf_swelling", set())
    check_not_emergency(text, fast)


# --- 2. legs gone to jelly --------------------------------------------------------------------------------
@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "My legs have gone to jelly today, can hardly walk.",
        "both my legs turned to rubber this morning and I can barely get to the toilet",
        "since lunchtime his legs have gone all jelly, he can't stand up",
    ],
)
def test_legs_gone_to_jelly_today_is_weakness_within_hours(text, fast):
    """fxi brief item 2 (first line: the brief's probe; rules alone read nothing): both legs gone to jelly or
    rubber with an onset today is a weakness of both legs within hours."""
    assert "present" in states(text, fast).get("bilateral_leg_weakness", set())
    check_floor(text, fast, "emergency")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "my legs went to jelly when I heard the news today",
        "Big hike yesterday, my legs turned to jelly near the summit, back to normal now, bit stiff today.",
    ],
)
def test_legs_jelly_from_fright_or_effort_stays_non_urgent(text, fast):
    """Look-alikes (item 2): legs gone to jelly from a fright or at the top of a hill are no new weakness."""
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
def test_hill_walk_jelly_probe_stays_non_urgent(fast):
    """Look-alike probe session11_pf.txt:56 (self_care): 'legs turned to jelly near the top' of a fell walk,
    fine by the evening, 'just stiff today'."""
    _, text = probe_line("session11_pf.txt", 56)
    check_not_emergency(text, fast)


# --- 3. a simile's 'wet' ---------------------------------------------------------------------------------
@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "from the seat of my trousers down the backs of my legs they feel full of wet sand",
        "after about 200 yards my thighs are like wet cement and I have to sit down",
        "both legs heavy as wet towels when I walk to the shops, fine after a sit",
    ],
)
def test_wet_simile_is_no_incontinence(text, fast):
    """fxi brief item 3 (first line: the brief's probe; development28 ag038 has the like): 'full of wet sand',
    'like wet cement' describe heaviness, not a leak."""
    assert "present" not in states(text, fast).get("new_urinary_retention_or_incontinence", set())
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
def test_wet_and_unfelt_beside_a_simile_stays_emergency(fast):
    """Floor (item 3): a real leak beside the simile still raises cauda equina."""
    check_floor(
        "back pain down both legs and this morning I was wet and did not feel it, legs feel like wet sand",
        fast, "emergency", "cauda_equina",
    )


# --- 4. a change in urine colour ---------------------------------------------------------------------------
@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    ["Any change in urine colour?", "Have you noticed any change in the colour of your urine?"],
)
def test_urine_colour_question_is_no_retention(text, fast):
    """fxi brief item 4 (session18_sa.txt:11's question): a change in the urine's colour is no retention."""
    st = states(text, fast)
    assert "present" not in st.get("new_urinary_retention_or_incontinence", set()), st
    assert "present" not in st.get("sphincter_dysfunction", set()), st
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
def test_change_in_waterworks_still_read(fast):
    """Floor (item 4): a change in the waterworks with sciatica in both legs stays cauda equina."""
    check_floor(
        "sciatica down both legs and since last night a change in my waterworks, "
        "I can't tell when I need to go",
        fast, "emergency", "cauda_equina",
    )


@pytest.mark.parametrize("fast", MODES)
def test_urine_colour_probe_still_rhabdomyolysis(fast):
    """Floor probe session18_sa.txt:11: the answer 'like cola' after the marathon stays an emergency."""
    level, text = probe_line("session18_sa.txt", 11)
    check_floor(text, fast, level, "rhabdomyolysis")


# --- 5. 'no, just X' --------------------------------------------------------------------------------------
@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "> Leg weakness?\n-- no, just ache in both calves after 300 yards, stops if I stand for a minute",
        "Any numbness? No, just an ache in the right calf when I walk uphill.",
        "Q: weakness? A: nope, just cramp in both calves when walking",
    ],
)
def test_no_just_answer_keeps_what_follows(text, fast):
    """fxi brief item 5 (first line: the brief's probe): 'no, just X' answers the question; the calf ache
    after it is present (the normaliser dropped 'just' and 'no' negated the ache)."""
    st = states(text, fast)
    assert "present" in st.get("calf_pain_location", set()), st
    assert "absent" not in st.get("calf_pain_location", set()), st


@pytest.mark.parametrize("fast", MODES)
def test_no_after_dash_still_denies(fast):
    """Look-alike (item 5): '- no' on a reply line without 'just' still denies the question."""
    st = states("Any calf pain?\n- no", fast)
    assert "present" not in st.get("calf_pain_location", set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Epidural injection in my back last week, now it throbs and I go hot then freezing all night.",
        "Back surgery 12 days ago, wound sore, and I'm boiling then freezing since yesterday.",
    ],
)
def test_hot_then_freezing_with_back_is_fever(text, fast):
    """Floor (item 3's knock-on, probe session14_pv.txt:16, which was an emergency only through 'full of wet
    sand'): spells of heat then cold are fevers with chills; with a back or spine word, a spinal infection."""
    check_floor(text, fast, "emergency", "spinal_infection")


@pytest.mark.parametrize("fast", MODES)
def test_spine_injection_probe_is_spinal_infection(fast):
    """Floor probe session14_pv.txt:16: a spine injection 10 days ago, then hot then freezing."""
    level, text = probe_line("session14_pv.txt", 16)
    check_floor(text, fast, level, "spinal_infection")


# --- 6. grades written in words, reflex pluses, an MRC sum score -----------------------------------------
@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "O/E: L ankle dorsiflexion 2 out of 5, sensation reduced over the dorsum.",
        "power 3 of 5 in the right hip flexors",
        "MRC sum score 24/60 on admission.",
    ],
)
def test_grade_in_words_and_low_sum_score_are_weakness_on_exam(text, fast):
    """fxi brief item 6 (the fxh helper's finds): an MRC grade written 'n out of 5' next to a leg muscle,
    and a sum score of 29/60 or less (the arms hold at most 30), are a leg weakness on examination."""
    assert "present" in states(text, fast).get("leg_weakness_on_exam", set())


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "I walk the dog 2 out of 5 days, ankle fine.",
        "ankle dorsiflexion 5 out of 5, knee extension 5/5",
        "MRC sum score 58/60.",
    ],
)
def test_counts_full_grades_and_high_sum_scores_are_no_weakness(text, fast):
    """Look-alikes (item 6): '2 out of 5 days', a full grade, a near-full sum score: no weakness."""
    assert "present" not in states(text, fast).get("leg_weakness_on_exam", set())


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    ["patellar reflexes +++ bilaterally", "knee jerks 3+ both sides", "knee jerks brisk, plantars mute"],
)
def test_reflex_pluses_are_brisk(text, fast):
    """fxi brief item 6: reflexes graded +++ or 3+, or 'jerks brisk', are brisk reflexes."""
    assert "present" in states(text, fast).get("hyperreflexia", set())


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", ["reflexes ++ and symmetrical", "knee jerks 2+ both sides"])
def test_normal_reflex_grades_are_not_brisk(text, fast):
    """Look-alikes (item 6): ++ and 2+ are normal reflexes."""
    assert "present" not in states(text, fast).get("hyperreflexia", set())
