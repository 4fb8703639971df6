"""Session 20 (fxu): old emergencies told as past and stable must not read as new ones.

A deficit that a dated past event left ('in 2015, left with ...', 'at 38; since then ...') is an old
one; an illness dated to a decade of life ('in my twenties') or a life event ('the year I married') is a
past one; ', unchanged for years' after a deficit makes it old (the slow-course target on 'for years' no
longer hides the cue); a sentence that opens 'Before, many year,' tells a past episode; 'after my hernia
op, I' does not cut the history cue before it; 'no change in ... bladder, bowels' is no sphincter change;
a knee that has given way for years, or now and then, is no new leg weakness. Each look-alike has an
urgent twin that must stay urgent. The sentences are our own unless a docstring names the probe line;
both modes."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, check_floor, check_not_emergency, probe_line  # noqa: E402

# --- look-alikes: old deficits told as past and stable ----------------------------------------------
OLD = [
    # session20_tk:34 family: a deficit left by a dated operation, unchanged for years
    "Back in 2012 I had an operation for cauda equina, left with a patch of numbness around my bottom "
    "and a bit of urgency, unchanged for years. My shins ache after football.",
    "Numbness around my back passage, unchanged for years since my disc surgery. I get calf cramps at "
    "night.",
    # session20_tk:59 family: 'at NN; since then'
    "Had a discectomy at 41; since then a numb area on my left buttock, the specialist says it is "
    "stable. Knees ache on stairs.",
    # session20_tk:38 family: an illness dated to a decade of life
    "Guillain-Barre in my thirties, recovered apart from a slight foot drop. Now my hips ache on long "
    "walks.",
    # session20_tk:57 family: a life event dates the illness
    "She had GBS the year she retired and was left with weak ankles, the same as ever. Her calves ache "
    "walking uphill.",
    # session20_tk:50 family: a past year, a treatment, 'left with'; no change in bladder or bowels
    "Spinal cord compression in 2019, radiotherapy, left with weak legs and a walker. No change in "
    "bladder or bowels this month.",
    # session20_tk:52 family: limited English, the sentence opens with a past time
    "Before, many years, I have problem cannot pass water after operation on my knee. Now no problem. "
    "My legs ache when I walk far.",
    # session20_tk:58 family: 'after my op, I' after a fronted 'years ago'
    "A few years ago, after my prostate operation, I couldn't pass urine for a day and had a catheter. "
    "No waterworks problems now; my calves ache after half a mile.",
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", OLD)
def test_old_deficit_told_as_past_and_stable_not_emergency(text, fast):
    """session20_tk:34, 38, 50, 52, 57, 58, 59: an old emergency told as past, treated and stable,
    beside a benign present complaint, is not an emergency."""
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("line", [34, 38, 50, 52, 57, 58, 59])
def test_probe_lines_not_emergency(line, fast):
    """The probe lines themselves (session20_tk)."""
    _, text = probe_line("session20_tk.txt", line)
    check_not_emergency(text, fast)


# --- look-alike: a knee that has given way for years --------------------------------------------------
@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "My knee has given way on and off for 20 years with my arthritis, no change.",
        "His bad knee gives way now and then, on and off for years, since a rugby injury.",
        "My right knee gave way on and off for many years before the replacement.",
        "Her knee gives way from time to time when she turns quickly.",
    ],
)
def test_knee_giving_way_for_years_not_new_weakness(text, fast):
    """The brief: a knee giving way told over years, or now and then, is not a new leg weakness (it was
    consultation_24; 'now and then' also read a weakness spreading up to the knee, Guillain-Barre)."""
    level, _, st = assess(text, fast)
    assert "present" not in st.get("new_leg_weakness", set()), (text, fast, st.get("new_leg_weakness"))
    assert level in ("consultation", "self_care"), (text, fast, level)


# --- floors: the urgent twins ---------------------------------------------------------------------------
@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Had cauda equina surgery in 2015, left with some numbness around my bottom, but since "
        "yesterday it has spread and I can't pee.",
        "Had a discectomy at 41; since then a numb patch on my buttock, and now since this morning I "
        "cannot pass urine at all.",
        "Cord compression in 2019, left with weak legs, and since yesterday I cannot pass urine and my "
        "bottom is numb.",
        "No change in her legs, but since this morning she has not passed urine and her bladder is full.",
        "After my hernia op yesterday, I couldn't pass urine all night and my back is killing me.",
    ],
)
def test_new_sphincter_or_saddle_change_after_old_deficit_stays_emergency(text, fast):
    """Twins of session20_tk:34, 50, 58, 59: a new retention told beside the old deficit stays a cauda
    equina flag."""
    check_floor(text, fast, "emergency", "cauda_equina")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "I had GBS in my twenties and recovered. Since Monday my feet then my knees have gone weak on "
        "both sides and today my hands are tingling and I can't catch my breath.",
        "She had Guillain-Barre the year she married; now over three days both legs have gone weak, "
        "climbing up, and she is struggling to swallow.",
    ],
)
def test_new_ascending_weakness_after_old_gbs_stays_emergency(text, fast):
    """Twins of session20_tk:38, 57: the old illness dated to the past does not make a new ascending
    weakness old."""
    check_floor(text, fast, "emergency")


@pytest.mark.parametrize("fast", MODES)
def test_knee_gave_way_today_stays_new(fast):
    """Twin of the knee look-alike: a giving way today with a weak numb leg, arthritis for years."""
    text = "My knee gave way this morning and now my whole leg is weak and numb, I have had arthritis."
    _, _, st = assess(text, fast)
    assert "present" in st.get("new_leg_weakness", set()), (fast, st.get("new_leg_weakness"))


@pytest.mark.parametrize("fast", MODES)
def test_a_deficit_developed_since_a_time_ago_is_a_progression_not_an_old_one(fast):
    """The lead's merge (development9, test_session7_speed_paths_read_like_the_plain_ones): 'ago' dates no
    past event, so '8 months ago; since then he has developed a foot drop' is no deficit an old event left."""
    text = "His right foot first caught about 8 months ago; since then he has developed a foot drop."
    check_floor(text, fast, "consultation_24", "progressive_neurological_deficit")
