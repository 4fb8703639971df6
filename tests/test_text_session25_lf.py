"""Session 25 (lf): misreads seen and left at the end of session 24 (docs/text.md 'Left after session 24').
Hands weakening by the day are no leg weakness, while legs then a grip weakening within days climb; a bladder
that won't go on its own is a retention; a spinal anaesthetic, injection or lumbar puncture years ago is not
recent; a list of functions answered 'fine' denies each item; a TIA of today is the stroke flag's deficit;
what a partner read about or a spinal infection dated to a past year is no present emergency; coughing
whenever one swallows is dysphagia. Each look-alike fix has a floor beside it: the urgent wording still reads
urgent. The sentences are our own unless a docstring names the line they stand for; both modes."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, check_floor, check_not_emergency, probe_line, states  # noqa: E402

# --- 1. hands weaker by the day; legs, then the grip, within days -------------------------------------------


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "My hands are getting weaker by the day.",
        "Her arms are weaker every day, she can't lift the kettle.",
    ],
)
def test_hands_weaker_by_the_day_are_no_ascending_leg_weakness(text, fast):
    """docs/text.md 'Left after session 24': 'weaker by the day' inside the hands' phrase read both legs
    weakening and, with the hands, Guillain-Barre (an ambulance)."""
    level, flags, found = assess(text, fast)
    assert "guillain_barre" not in flags, (level, flags)
    assert "ascending_symmetric_weakness_days" not in found, found
    assert "bilateral_leg_weakness_progressive" not in found, found
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "My legs and now my hands are getting weaker by the day.",
        "Both legs went weak at the weekend and now his hands are getting weaker by the day.",
    ],
)
def test_legs_then_hands_weaker_by_the_day_stay_urgent(text, fast):
    """The floor beside the look-alike: with the legs named, the spread to the hands is still
    Guillain-Barre."""
    check_floor(text, fast, "emergency", "guillain_barre")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "My legs went weak on Monday. Since yesterday my grip is weaker too.",
        "Her legs went weak on Saturday and since last night her grip has got weaker.",
    ],
)
def test_legs_then_a_weaker_grip_within_days_is_an_ascending_weakness(text, fast):
    """docs/text.md 'Left after session 24': the rules alone read a consultation (the default reader an
    emergency)."""
    check_floor(text, fast, "emergency", "guillain_barre")


@pytest.mark.parametrize("fast", MODES)
def test_a_weaker_grip_alone_is_still_no_leg_weakness(fast):
    """Session 24's look-alike (tests/test_text_session24_lf.py) with the new grip words: no legs, no flag."""
    text = "My grip is weaker since yesterday."
    assert "ascending_symmetric_weakness_days" not in states(text, fast)
    check_not_emergency(text, fast)


# --- 2. a bladder that won't go on its own ----------------------------------------------------------------


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Bad sciatica down both legs. My bladder won't go on its own.",
        "Back pain since Friday and now his bladder will not empty by itself.",
    ],
)
def test_a_bladder_that_wont_go_on_its_own_is_a_retention(text, fast):
    """docs/text.md 'Left after session 24': lay words for retention were unread."""
    assert states(text, fast).get("new_urinary_retention_or_incontinence") == {"present"}
    check_floor(text, fast, "emergency", "cauda_equina")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "My bladder won't go on its own since my prostate op in 2010, I self-catheterise. Calf pain "
        "on walking.",
        "Calves ache on walking. My bladder won't go on its own, I have done intermittent self "
        "catheterisation for years.",
    ],
)
def test_a_bladder_managed_for_years_is_no_new_retention(text, fast):
    """The brief's look-alike: a retention managed by self-catheterisation after a prostate operation."""
    assert "new_urinary_retention_or_incontinence" not in states(text, fast)
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
def test_a_self_catheterising_bladder_that_stopped_going_since_yesterday_is_urgent(fast):
    """The floor beside it: a recent time told reads the retention whatever the old cause."""
    text = ("Back pain and sciatica. Since yesterday my bladder won't go on its own, though I had a "
            "TURP years ago.")
    check_floor(text, fast, "emergency", "cauda_equina")


# --- 3. a spinal procedure years ago ---------------------------------------------------------------------


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Sciatica. I had a spinal anaesthetic years ago for my knee.",
        "Sciatica. Had a steroid injection in my spine years ago.",
        "Back pain. Lumbar puncture many years ago.",
        "Back ache, had an epidural a long time ago when my son was born.",
    ],
)
def test_a_spinal_procedure_years_ago_is_not_recent(text, fast):
    """docs/text.md 'Left after session 24': a spinal anaesthetic 'years ago' read recent_spinal_procedure
    present (the spinal-infection flag, an emergency)."""
    assert "present" not in states(text, fast).get("recent_spinal_procedure", set())
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Back pain. I had a spinal anaesthetic years ago, and an epidural injection last week.",
        "Back pain since my epidural steroid injection 2 weeks ago.",
    ],
)
def test_a_recent_spinal_procedure_stays_present(text, fast):
    """The floor's reading beside it: a procedure named as recent stays a recent procedure."""
    assert "present" in states(text, fast).get("recent_spinal_procedure", set())


@pytest.mark.parametrize("fast", MODES)
def test_a_spinal_disease_years_ago_is_not_swallowed(fast):
    """The gap before 'years ago' may not cross a spinal disease word (PROCGAPW)."""
    text = ("An epidural, cord compression years ago. Now both legs weak since yesterday and numb to "
            "the waist.")
    check_floor(text, fast, "emergency")


# --- 4. a list of functions answered 'fine' ----------------------------------------------------------------


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Known myasthenia gravis. Legs tire by the evening, breathing, speech and swallowing fine.",
        "Myasthenia for years. Legs heavy late in the day. Breathing, voice and swallow ok.",
    ],
)
def test_a_function_list_answered_fine_denies_each_item(text, fast):
    """docs/text.md 'Left after session 24': the breathing before the last item read present (a crisis)."""
    found = states(text, fast)
    assert "present" not in found.get("dyspnea_or_weak_cough", set()), found
    assert "present" not in found.get("dysarthria", set()), found
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Known myasthenia gravis. Legs weak by evening, struggling with breathing, speech and "
        "swallowing fine.",
        "Known myasthenia gravis. Legs weak, breathing hard. Speech and swallowing ok.",
    ],
)
def test_a_breathing_trouble_before_the_list_stays_urgent(text, fast):
    """The floor beside it: a breathing told as a struggle is not an item of the list."""
    check_floor(text, fast, "emergency_ambulance", "myasthenic_crisis")


@pytest.mark.parametrize("fast", MODES)
def test_a_questions_answer_is_no_list(fast):
    """development11 a48's form: 'Breathing? A: Fine sitting up, but ...' is not a list answered fine."""
    text = ("Known myasthenia gravis. Q: Breathing? A: Fine sitting up, but I can't lie flat and my cough is "
            "weak. Q: Swallowing? A: Tea comes back down my nose.")
    check_floor(text, fast, "emergency_ambulance", "myasthenic_crisis")


@pytest.mark.parametrize("fast", MODES)
def test_the_last_item_breathing_keeps_its_denial(fast):
    """session16_qo:47 (non-urgent): 'speech, swallowing and breathing are normal' in a known myasthenia; the
    new swallowing rule spanned session 12's rule and had lost the fatigable breathing's denial to the fast
    layer."""
    level, text = probe_line("session16_qo.txt", 47)
    assert level == "consultation"
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
def test_a_list_told_unchanged_is_not_denied(fast):
    """session14_ps:7 (emergency): 'Chewing, talking and breathing unchanged' in a myasthenic exacerbation is
    stable, not normal; the list rules do not take 'unchanged'."""
    level, text = probe_line("session14_ps.txt", 7)
    assert level == "emergency"
    check_floor(text, fast, "emergency")


# --- 5. a TIA of today ------------------------------------------------------------------------------------


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "He had a TIA this morning.",
        "This afternoon she had a mini stroke, fine now. Calf pain on walking for a year.",
        "He had a TIA this morning, his left leg went weak for 20 minutes.",
    ],
)
def test_a_tia_of_today_raises_the_stroke_flag(text, fast):
    """docs/text.md 'Left after session 24': 'He had a TIA this morning' read nothing. catalog.md's stroke
    flag (stroke / TIA) at its floor; a TIA with a leg weakness reaches it too."""
    check_floor(text, fast, "emergency_ambulance", "stroke")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "He had a TIA in 2019, on clopidogrel since. Calf pain on walking.",
        "Seen in the TIA clinic this morning about last week's episode. Calf pain on walking.",
        "Had a TIA last year. Today my calves ache on walking.",
        "No TIA today. Calves ache on walking.",
    ],
)
def test_a_past_tia_or_the_clinic_is_no_stroke_today(text, fast):
    """The look-alikes: a TIA of another day, a TIA clinic, a denied TIA."""
    level, flags, _ = assess(text, fast)
    assert "stroke" not in flags, (level, flags)


# --- 6. what a partner read about; a spinal infection dated to a past year ----------------------------------


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Known myasthenia. My partner read about myasthenic crisis online. Legs tire by the evening.",
        "Back ache. Dx: discitis 2019, treated, well since.",
        "Known myasthenia, myasthenic crisis 2018. Legs tire by the evening.",
    ],
)
def test_read_about_or_dated_past_is_no_present_emergency(text, fast):
    """docs/text.md 'Left after session 24': both read an ambulance or an emergency."""
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Known myasthenia. My partner thinks I'm in myasthenic crisis, I can't swallow.",
        "Known myasthenia. My partner read about myasthenic crisis online and now I can't swallow my tea.",
    ],
)
def test_a_partners_worry_with_a_failing_swallow_stays_urgent(text, fast):
    """The floor beside it (the brief's sentence and our own)."""
    check_floor(text, fast, "emergency_ambulance", "myasthenic_crisis")


@pytest.mark.parametrize("fast", MODES)
def test_a_present_discitis_stays_urgent(fast):
    """The floor beside the dated discitis: an undated one is still the spinal-infection flag."""
    text = "Back ache since Monday, fever 39. MRI: discitis L4/5."
    check_floor(text, fast, "emergency", "spinal_infection")


# --- 8. coughing whenever one swallows -------------------------------------------------------------------


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Legs weak since Monday after a tummy bug, and he coughs whenever he swallows water.",
        "Weak legs for two days after the flu; she chokes each time she tries to drink.",
    ],
)
def test_coughing_whenever_one_swallows_is_dysphagia(text, fast):
    """docs/text.md 'Left after session 24': the rules alone read no dysphagia."""
    assert states(text, fast).get("dysphagia") == {"present"}
    check_floor(text, fast, "emergency_ambulance", "guillain_barre")


@pytest.mark.parametrize("fast", MODES)
def test_coughing_whenever_he_swallows_told_as_a_condition_is_not_present(fast):
    text = "Calf pain on walking. If he coughs whenever he drinks, call us."
    assert "present" not in states(text, fast).get("dysphagia", set())


# --- both ConText paths ----------------------------------------------------------------------------------




@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", [
    "Known myasthenia. My partner read about myasthenic crisis online. Legs tire by the evening.",
    "Known myasthenia gravis. Legs tire by the evening, breathing, speech and swallowing fine.",
    "My bladder won't go on its own since my prostate op in 2010, I self-catheterise.",
    "Sciatica. I had a spinal anaesthetic years ago for my knee.",
])
def test_the_new_rules_read_alike_on_both_context_paths(reader_pairs, fast: bool, text: str) -> None:
    f, s = reader_pairs[fast]
    assert f.read(text).model_dump_json() == s.read(text).model_dump_json()
