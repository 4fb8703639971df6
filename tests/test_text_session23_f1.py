"""Session 23 (f1): extraction precision on the development parts, reading errors only.

A neck stiff for years is no duration of the complaint; absent ankle jerks alone (a knee jerk present) are no
areflexia; a thigh pain guess needs the thigh and a pain in its sentence; a bare 'easing' or 'settling' (a
relief heading, a plan, a quick relief on rest) is no improvement over days; getting up at 4 am to walk off a
stiff back is no restless legs; an advice field opening with a condition ('Advised: if ...') lists conditions,
not present findings. The sentences are our own; each test names the corpus lines it stands for; both
modes."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, check_floor, check_not_emergency, states  # noqa: E402

DURATIONS = ("symptoms_longer_than_2_weeks", "symptoms_longer_than_6_weeks", "symptoms_longer_than_12_weeks")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "His neck has been stiff for years. Now both hands are clumsy and he drops his cup.",
        "She has had a stiff neck for years but this fortnight her hands fumble buttons.",
        "Neck ache for years. Hands clumsy with buttons and keys lately.",
    ],
)
def test_a_neck_stiff_for_years_is_no_duration(text, fast):
    """development11 a14, 13 c30, 14 e20, 16 l32, 19 m50, 20 p41, 23 p021, 24 k044, 25 aa031, 26 ab003,
    27 ad010, 28 ag015, 29 af020, 30 aj034: an old stiff neck beside a new myelopathy is not the complaint's
    course."""
    got = states(text, fast)
    for d in DURATIONS:
        assert "present" not in got.get(d, set()), (text, fast, d, got.get(d))


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "My feet have been numb and burning for years.",
        "Calf pain at 100 yards for years, now worse.",
    ],
)
def test_a_leg_complaint_for_years_keeps_its_duration(text, fast):
    """development11 a26, 21 q203: the complaint itself told for years is still read as over 12 weeks."""
    assert "present" in states(text, fast).get("symptoms_longer_than_12_weeks", set()), (text, fast)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "His back has been sore for years, but since Sunday the left leg hurts.",
        "She has had low back pain on and off for years.",
        "Dull low back ache for many years. Now both calves cramp at 100 metres, since the spring.",
    ],
)
def test_a_back_bad_for_years_is_the_backs_own_chronic_pain(text, fast):
    """development11 a32, 12 b44, 18 h26, 20 p01, 25 aa011, aa040, aa049, 28 ag003: a back told bad for years
    is the back's chronic pain (still read), not the duration of the complaint."""
    got = states(text, fast)
    assert "present" in got.get("chronic_back_pain_over_3_months", set()), (text, fast, got)
    assert "present" not in got.get("symptoms_longer_than_12_weeks", set()), (text, fast, got)


@pytest.mark.parametrize("fast", MODES)
def test_a_narrowed_spine_for_years_keeps_its_duration(fast):
    """development15 g02: a stenosis of the back told for years is the course the legs share."""
    text = "I've had narrowing in my lower back for years, and my legs go heavy after ten minutes of walking."
    assert "present" in states(text, fast).get("symptoms_longer_than_12_weeks", set()), fast


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Examination: vibration lost at the big toes, ankle jerks absent, knee jerks present, power full.",
        "Achilles reflexes diminished on both sides, strength 5/5 throughout, Romberg negative.",
        "Ankle reflexes absent.",
        "On examination the ankle jerks are absent but the knee jerks are brisk.",
    ],
)
def test_ankle_jerks_alone_are_no_areflexia(text, fast):
    """development13 c06, 14 e28, 17 q23, 19 m01, m16, m34, m44, 21 q239: absent ankle jerks with the knee
    jerks kept (or no other reflex named) are an absent ankle reflex, not areflexia."""
    got = states(text, fast)
    assert "present" not in got.get("areflexia", set()), (text, fast, got.get("areflexia"))


@pytest.mark.parametrize("fast", MODES)
def test_reflexes_lost_everywhere_after_an_infection_still_raise_the_floor(fast):
    """The guard does not touch a weakness climbing over days with the knee and ankle jerks lost
    (Guillain-Barre)."""
    check_floor(
        "Diarrhoea a fortnight ago. Over four days both legs have gone weak and now he can't climb the "
        "stairs. "
        "Knee and ankle jerks absent.",
        fast,
        "emergency",
    )


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Since this morning the whole left leg from the thigh down is swollen and pits to the knee.",
        "His wife has seen twitching in his thighs and arms when he lies still.",
        "Calf pain after 200 metres. Thighs and buttocks fine.",
        "The problem is pain in both knees, worst on stairs and getting out of a chair.",
        "He says his thighs feel weak and he struggles out of low chairs.",
    ],
)
def test_no_thigh_pain_without_the_thigh_and_a_pain(text, fast):
    """development11 a34, 14 e40, 30 aj013, 22 e012, 29 af038, 22 e007: a swelling, a twitching, a thigh that
    is fine, a knee pain or a weakness is no thigh pain."""
    got = states(text, fast)
    assert "present" not in got.get("thigh_pain_location", set()), (text, fast, got)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Two years of aching in the buttocks and the backs of both thighs after 100 metres of walking.",
        "Next day her thighs were very painful and swollen after the spin class.",
    ],
)
def test_a_thigh_pain_is_still_read(text, fast):
    """development30 aj028, 21 q213: the thigh named with a pain stays a thigh pain (the second is a guess of
    the fast layer, which the guard keeps; the rules alone do not read it)."""
    if not fast and "spin class" in text:
        pytest.skip("the rules alone never read this one")
    assert "present" in states(text, fast).get("thigh_pain_location", set()), (text, fast)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Aggravating: sitting and coughing.\nEasing: lying on his side with a pillow between the knees.",
        "Plan: physiotherapy, review if not settling in two weeks.",
        "The tops of both feet tingle near the end of a run, settling as soon as she stops.",
        "Both feet numb, like wearing thick socks, for two years.",
        "His right hand shakes when it rests on his lap, settling when he reaches for a cup.",
    ],
)
def test_a_bare_easing_word_is_no_improvement_over_days(text, fast):
    """development26 ab045, 19 m09, 30 aj047, 26 ab035, 11 a26, 13 c18, 31 am029: a relief heading, a plan, a
    quick relief on stopping, 'like wearing socks' and a tremor settling are no improvement over days."""
    got = states(text, fast)
    assert "present" not in got.get("symptoms_improving_over_days", set()), (text, fast, got)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Sore thighs since the hill walk on Saturday. It is definitely easing, about half as bad as Monday.",
        "Stiff calves after the race, it's easing a bit each day.",
        "The ache is wearing off now.",
    ],
)
def test_an_easing_told_with_its_subject_is_still_read(text, fast):
    """development12 b39, 25 aa017, 29 af049: 'it is definitely easing' stays an improvement over days."""
    assert "present" in states(text, fast).get("symptoms_improving_over_days", set()), (text, fast)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "He wakes at 4 am with his back stiff and sore and has to get up and walk about, which eases it.",
        "It is worst in the early hours: I wake around 5 and have to get up and walk around, then it eases.",
    ],
)
def test_night_walking_for_a_stiff_back_is_no_restless_legs(text, fast):
    """development11 a39, 13 c45, 14 e11, 16 l12, l39, 17 q29, 19 m24, 20 p10 and 12 more: the night pain of
    inflammatory back pain is no urge to move the legs."""
    got = states(text, fast)
    assert "present" not in got.get("urge_to_move_legs", set()), (text, fast, got.get("urge_to_move_legs"))


@pytest.mark.parametrize("fast", MODES)
def test_a_crawling_feeling_with_getting_up_to_walk_is_still_the_urge(fast):
    """development15 g09, 22 e038, 28 ag028: a creepy-crawly feeling in the calves at night that makes her get
    up and walk is the urge to move the legs."""
    text = "Every night in bed my calves feel creepy and crawly and I have to get up and walk round."
    assert "present" in states(text, fast).get("urge_to_move_legs", set()), fast


@pytest.mark.parametrize("fast", MODES)
def test_an_advice_field_with_a_list_of_conditions_is_hypothetical(fast):
    """development26 ab045: 'Advised: if ..., both legs become weak, or ..., go to A&E' is safety-netting; the
    second condition had been read as a present weakness of both legs (an ambulance for a sciatica)."""
    text = (
        "Main problem: left sciatica for 8 days after lifting a box.\n"
        "Bladder and bowels normal. Able to walk on heels and toes.\n"
        "Advised: if the pain spreads to both legs, both legs become weak, or any numbness in the saddle "
        "appears, go to A&E immediately."
    )
    check_not_emergency(text, fast)
    _, _, got = assess(text, fast)
    assert "present" not in got.get("bilateral_leg_weakness", set()), (fast, got)


@pytest.mark.parametrize("fast", MODES)
def test_legs_weak_today_beside_advice_still_raise_the_floor(fast):
    """The advice cue covers only its own sentence: both legs gone weak this morning stays an emergency."""
    check_floor(
        "Both legs went weak this morning and he can't stand. Advised: call 999 now.", fast, "emergency"
    )
