"""Session 26 (lf): misreads seen and left at the end of session 25 (docs/text.md 'Left after session 25').
Both legs told as getting weaker over days read the progressive weakness with the rules alone too; a
condition set for seeking care ('If I cannot pass urine I will go to A&E') is no finding; an operation, a
spinal infection and a vaccination dated or named as such are not present findings; a TIA beside a one-sided
weakness raises the stroke flag; 'Warning signs' headings behave as 'Red flags' headings; a jaw that settles
when the chewing stops is no walking relief; a three-item bladder, bowel and sexual denial is read. Each
look-alike fix has a floor beside it: the urgent wording still reads urgent. The sentences are our own unless
a docstring names the line they stand for; both modes."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, check_floor, check_not_emergency, probe_line, states  # noqa: E402

# --- 1. both legs weaker over days, with the rules alone too -----------------------------------------------


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Both legs weaker over the last two days, he is struggling with the stairs.",
        "My legs have been getting weaker over the past 3 days.",
        "Her legs went weak over four days and now she can't swallow.",
        "Both of his legs have got weaker since yesterday.",
    ],
)
def test_both_legs_weaker_over_days_is_a_progressive_weakness(text, fast):
    """docs/text.md 'Left after session 25': 'legs went weak over 3 days and he now can't swallow' and 'Both
    legs weaker over the last three days.' read consultation_24 with the rules alone (an ambulance by
    default)."""
    check_floor(text, fast, "emergency_ambulance", "cauda_equina")
    assert "present" in states(text, fast).get("bilateral_leg_weakness_progressive", set())


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Both legs have been weak for years and are a bit weaker since Monday.",
        "Known myasthenia gravis; both legs got weaker over two days after a cold.",
    ],
)
def test_a_long_weakness_or_known_myasthenia_is_no_new_progressive_weakness(text, fast):
    """The guards of the new combine: a weakness of years, or known myasthenia (its crisis has its own
    flag), is not read as a new progressive weakness of both legs by this rule (rules alone: the fast layer
    may guess)."""
    if fast:
        return
    assert "bilateral_leg_weakness_progressive" not in states(text, fast)


@pytest.mark.parametrize("fast", MODES)
def test_one_leg_weaker_than_the_other_is_no_progression(fast):
    """'weaker than' is a comparison, not a change (the new helper _weakening does not read it)."""
    text = "My right leg is getting weaker than the left since Monday."
    assert "bilateral_leg_weakness_progressive" not in states(text, fast)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("name, line", [("session13_pk.txt", 4), ("session16_qm.txt", 18)])
def test_a_course_told_of_another_symptom_makes_no_rapid_weakness(name, line, fast):
    """Probes session13_pk:4 ('since Tuesday I've no feeling down below ... both legs are gone weak on
    me walking to the shop') and session16_qm:18 ('NEW today: wet herself ... both legs weaker than last
    week'), gold emergency: the first form of the new combine read them an ambulance from a course told of
    another symptom; a 'gone weak' or a worsening must be told as over days."""
    gold, text = probe_line(name, line)
    level, flags, _ = assess(text, fast)
    assert level == gold, (level, sorted(flags))


# --- 2. a condition set for seeking care -------------------------------------------------------------------


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "My back aches when I walk. If I cannot pass urine I will go to A&E.",
        "If I can't pass urine by tonight I'll go straight to A&E.",
        "If my foot goes cold and white again we will call 999.",
    ],
)
def test_a_condition_for_seeking_care_is_no_finding(text, fast):
    """docs/text.md 'Left after session 25': 'If I cannot pass urine I will go to A&E' read a present
    retention (an emergency)."""
    check_not_emergency(text, fast)
    found = states(text, fast)
    assert "present" not in found.get("new_urinary_retention_or_incontinence", set()), found


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "I cannot pass urine since this morning. If it goes on I will go to A&E.",
        "If I go to A&E will they scan me? Since lunchtime I cannot pass urine at all.",
        "If I still can't pass urine by tonight I'll go to A&E.",
    ],
)
def test_a_present_retention_beside_a_plan_stays_an_emergency(text, fast):
    """The floor beside the look-alike: a retention told as now, outside the 'If' clause, is still cauda
    equina."""
    check_floor(text, fast, "emergency", "cauda_equina")


@pytest.mark.parametrize("fast", MODES)
def test_a_real_walking_pattern_told_with_if_is_kept(fast):
    """'If I walk ... my calves ache' is the writer's real pattern (no plan to seek care after it)."""
    text = "If I walk to the shop my calves ache."
    assert "present" in states(text, fast).get("leg_symptoms_with_walking", set())


# --- 3. dated past events and vaccinations -----------------------------------------------------------------


@pytest.mark.parametrize("fast", MODES)
def test_spinal_osteomyelitis_dated_to_a_past_year_is_old(fast):
    """docs/text.md 'Left after session 25': 'Osteomyelitis of the spine 2012' read a foot infection (an
    emergency)."""
    text = "Osteomyelitis of the spine 2011, treated. My calves ache when I walk."
    check_not_emergency(text, fast)
    assert "foot_infection_or_sepsis" not in states(text, fast)


@pytest.mark.parametrize("fast", MODES)
def test_spinal_osteomyelitis_today_stays_an_emergency(fast):
    """The floor: the same name with no past date keeps its emergency reading."""
    check_floor("Osteomyelitis of the spine, diagnosed on today's MRI.", fast, "emergency")


@pytest.mark.parametrize("fast", MODES)
def test_an_operation_dated_to_a_past_year_is_no_recent_surgery(fast):
    """docs/text.md 'Left after session 25': 'since my prostate op in 2010' read Wells' recent surgery."""
    text = "My left calf is swollen and sore since Tuesday. I've been fine since my knee op in 2011."
    assert "wells_bedridden_or_surgery" not in states(text, fast)


@pytest.mark.parametrize("fast", MODES)
def test_an_operation_weeks_ago_stays_recent_surgery(fast):
    """The floor: an operation weeks ago is Wells' recent surgery, and the swollen calf a DVT."""
    text = "My left calf is swollen and sore since Tuesday, after my knee op three weeks ago."
    assert "present" in states(text, fast).get("wells_bedridden_or_surgery", set())
    check_floor(text, fast, "emergency", "deep_vein_thrombosis")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text", ["After my flu jab my arm ached for a day.", "Since the covid booster my legs ache."]
)
def test_a_vaccination_is_no_infection(text, fast):
    """docs/text.md 'Left after session 25': 'After my flu jab' read a recent infection."""
    assert "recent_diarrhea_or_respiratory_infection" not in states(text, fast)


@pytest.mark.parametrize("fast", MODES)
def test_a_flu_before_legs_weakening_stays_guillain_barre(fast):
    """The floor: a flu (no jab) before legs weakening over days is still Guillain-Barre."""
    text = "After my flu last week both legs went weak over two days."
    check_floor(text, fast, "emergency_ambulance", "guillain_barre")


# --- 4. a TIA beside a one-sided weakness ------------------------------------------------------------------


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", ["I had a TIA, my right leg is weak.", "Her left arm is weak since a TIA."])
def test_a_tia_with_a_one_sided_weakness_raises_the_stroke_flag(text, fast):
    """docs/text.md 'Left after session 25': 'had a TIA, left leg weak' raised no stroke flag (catalog.md's
    stroke flag is 'stroke / TIA'; consensus judgement in the rule's note)."""
    check_floor(text, fast, "emergency_ambulance", "stroke")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "I had a TIA in 2017, my right leg is weak since a disc op.",
        "History of TIA, left leg weak.",
        "Had a TIA, left leg weak for years.",
    ],
)
def test_a_dated_or_past_tia_raises_no_stroke_flag(text, fast):
    """The look-alikes: a TIA of a past year, a history of one, or a weakness of years."""
    _, flags, _ = assess(text, fast)
    assert "stroke" not in flags, flags


# --- 5. 'Warning signs' headings as 'Red flags' headings ---------------------------------------------------


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Warning signs of cauda equina: numb saddle - yes",
        "Warning signs are: numbness around the back passage, bladder change.",
    ],
)
def test_an_answered_or_bare_warning_signs_heading_reads_its_items(text, fast):
    """docs/text.md 'Left after session 25': 'Warning signs of X: ... - yes' (an answered screen) and
    'Warning signs are: ...' read hypothetical (session 25 fixed 'Red flags of ...: X - yes')."""
    check_floor(text, fast, "emergency", "cauda_equina")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Warning signs of cauda equina explained: saddle numbness, losing bladder control.",
        "Warning signs include saddle numbness and losing bladder control.",
    ],
)
def test_warning_signs_advice_stays_hypothetical(text, fast):
    """The look-alikes: advice and information about warning signs list nothing present."""
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
def test_a_warning_signs_heading_reads_as_a_red_flags_heading(fast):
    """A bare 'Warning signs of X:' heading with items and no answer reads as the same 'Red flags of X:'
    heading (session 25's consensus judgement: a bare item under a bare heading is a recorded positive);
    session 25 (rf) had pinned it as advice."""
    items = ": numb saddle area, bladder change."
    red = assess("Red flags of cauda equina" + items, fast)
    warn = assess("Warning signs of cauda equina" + items, fast)
    assert warn[:2] == red[:2], (warn[:2], red[:2])


# --- 6. 'V. a.' with a space -------------------------------------------------------------------------------


@pytest.mark.parametrize("fast", MODES)
def test_v_a_with_a_space_reads_as_v_a(fast):
    """docs/text.md 'Left after session 25': 'V. a.' with a space; session 25 (wd3)'s rewrite already allows
    the space before the six stated diagnoses (this test pins it)."""
    check_floor(
        "Status: saddle hypaesthesia. V. a. cauda equina syndrome.", fast, "emergency", "cauda_equina"
    )


# --- 7. extraction: the jaw's relief; a three-item denial --------------------------------------------------


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Her jaw aches when she chews toast and settles when she stops.",
        "His jaw aches when chewing and eases when he stops chewing.",
    ],
)
def test_a_jaw_settling_when_chewing_stops_is_no_walking_relief(text, fast):
    """development24 k006 ('her jaw aches when she chews meat and settles when she stops') read relief by
    standing still."""
    found = states(text, fast)
    assert "relieved_by_standing_still" not in found, found
    assert "present" in found.get("jaw_claudication", set()), found


@pytest.mark.parametrize("fast", MODES)
def test_calves_settling_when_walking_stops_stay_relief(fast):
    """The floor of the extraction fix: a walking pain that settles on stopping is still read."""
    text = "My calves ache on walking and settle when I stop."
    assert "present" in states(text, fast).get("relieved_by_standing_still", set())


@pytest.mark.parametrize("fast", MODES)
def test_a_jaw_on_chewing_with_a_new_headache_stays_gca(fast):
    """The floor: the jaw's claudication is kept (giant cell arteritis)."""
    text = "She is 75 with a new headache and her jaw aches when she chews and settles when she stops."
    check_floor(text, fast, "emergency", "giant_cell_arteritis")


@pytest.mark.parametrize("fast", MODES)
def test_a_three_item_denial_of_bladder_bowel_and_sexual_symptoms(fast):
    """development16 ('He reports no new bladder, bowel or sexual symptoms') was unread with the rules."""
    found = states("He reports no new bladder, bowel or sexual symptoms.", fast)
    for fid in ("new_sphincter_symptoms", "sphincter_dysfunction", "sexual_dysfunction_new"):
        assert found.get(fid) == {"absent"}, (fid, found)
    found = states("Saddle sensation intact, no bladder, bowel or sexual dysfunction.", fast)
    for fid in ("sphincter_dysfunction", "new_fecal_incontinence", "sexual_dysfunction_new"):
        assert found.get(fid) == {"absent"}, (fid, found)


@pytest.mark.parametrize("fast", MODES)
def test_new_bladder_bowel_and_sexual_symptoms_stay_an_emergency(fast):
    """The floor: the same list told as new is cauda equina."""
    text = "Since Friday he has new bladder, bowel and sexual symptoms."
    check_floor(text, fast, "emergency", "cauda_equina")


# --- both ConText paths read the new rules alike ------------------------------------------------------------


def test_both_context_paths_read_the_new_rules_alike():
    """The session-7 fast ConText path and medspaCy's plain path give the same findings on this session's
    sentences (rules alone)."""
    from text_readings import context_path_pair

    fast, slow = context_path_pair(False)
    texts = [
        "Both legs weaker over the last two days, he is struggling with the stairs.",
        "Her legs went weak over four days and now she can't swallow.",
        "My back aches when I walk. If I cannot pass urine I will go to A&E.",
        "Osteomyelitis of the spine 2011, treated. My calves ache when I walk.",
        "My left calf is swollen and sore since Tuesday. I've been fine since my knee op in 2011.",
        "After my flu jab my arm ached for a day.",
        "I had a TIA, my right leg is weak.",
        "Warning signs of cauda equina: numb saddle - yes",
        "Her jaw aches when she chews toast and settles when she stops.",
        "He reports no new bladder, bowel or sexual symptoms.",
    ]
    for text in texts:
        a = sorted((f.id, f.state, f.span) for f in fast.read(text).findings)
        b = sorted((f.id, f.state, f.span) for f in slow.read(text).findings)
        assert a == b, text
