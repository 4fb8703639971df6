"""Session 12, neurological and spinal red flags, giant cell arteritis, stroke and ages (helper fx3).

Each test is a floor (text -> at least this triage / this flag, in both reader modes) or a look-alike
(text -> not an emergency / not this finding), with the probe line it came from
(tests/fixtures/probes/session12_<file>.txt).
The sentences are invented for the tests and differ from the probe lines.
"""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import BOTH_MODES, assess, check_floor, is_emergency, read  # noqa: E402

# --- ages: giant cell arteritis needs one ------------------------------------------------------------------


@BOTH_MODES
@pytest.mark.parametrize(
    ("text", "age"),
    [
        # session12_pi.txt:46: a transcript's speaker label with the age
        ("Doctor: Any pain?\nPt, 81: Both shoulders, every morning.", 81),
        ("Nurse: Where?\nPatient, 67: In my hips.", 67),
        # session12_pi.txt:47: the answer to an age question on the next line
        ("Bot: What is your age?\nMe: sixty-eight\nBot: Thanks", 68),
        ("Age?\n77\nSymptoms?\nleg ache", 77),
        # session12_pn.txt:37: a relative named at the start of a sentence
        ("Mum is 79 and her shoulders ache in the morning.", 79),
        ("My legs are fine. Grandad is 88 and can't walk far.", 88),
        # development24 k006: a letter's heading with an initial and a full stop
        ("Dear colleague, re: Mr K., 66. Thank you for seeing him.", 66),
    ],
)
def test_age_read(text, age, fast):
    assert read(text, fast).case.age == age


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        # look-alikes: a duration as the answer, a child named without "my", a number not on its own line
        "Bot: Age?\nMe: seventy-one minutes of walking",
        "Son is 12 and has sore shins.",
        "Age? Not sure, the leg aches after 20 minutes",
    ],
)
def test_age_not_read(text, fast):
    assert read(text, fast).case.age is None


@BOTH_MODES
def test_sex_from_a_relative_named_at_the_start(fast):
    """session12_pn.txt:37 ('Mum is 76' gives the sex too)."""
    assert read("Mum is 82 and her thighs ache.", fast).case.sex == "female"
    assert read("Husband is 70; his calves cramp.", fast).case.sex == "male"


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        # session12_pi.txt:46
        "GP: Shoulders stiff?\nPt, 79: Every morning, an hour or more.\nGP: Headache?\n"
        "Pt: Yes, new, by my left temple.",
        # session12_pn.txt:37
        "Mum is 80 and has polymyalgia. Since Friday she has a new headache and her jaw hurts when she eats.",
        # development24 k006
        "re: Mrs P., 77. New temporal headache this week and her jaw aches when she eats.",
    ],
)
def test_gca_floor(text, fast):
    check_floor(text, fast, "emergency", "giant_cell_arteritis")


@BOTH_MODES
def test_gca_look_alike_young_relative(fast):
    """A child's age is not the patient's: no age, so no giant cell arteritis from the age rule."""
    _, flags, _ = assess("Son is 15 and gets headaches after school; my calves ache walking.", fast)
    assert "giant_cell_arteritis" not in flags


# --- stroke: a field loss, a leg dragging or an arm clumsy on one side, words mixed up ---------------------


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        # session12_pi.txt:36 (an answer taken back: "No... well, ...")
        "Clerk: Anything else?\nCaller: No... well, I can't see out of the right side and my right arm's "
        "clumsy.",
        # session12_pm.txt:36
        "my husband suddenly can't see on his left side and keeps muddling up his words",
        "Dad's left leg is dragging since lunch and he suddenly can't see on his left side",
        "out of nowhere her right foot is dragging and she is mixing up words",
    ],
)
def test_stroke_floor(text, fast):
    check_floor(text, fast, "emergency_ambulance", "stroke")


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        # look-alikes: a leg that drags after back surgery, a hand always clumsy, a denied field loss
        "my right leg drags a bit since my back operation in 2019, and my calves ache walking",
        "my left hand has always been clumsy. Calves ache after 300 yards.",
        "No loss of vision, she can see on both sides. Calf pain walking.",
        "Any trouble seeing? No, not at all. Right leg drags when tired after my knee replacement.",
    ],
)
def test_stroke_look_alike(text, fast):
    _, flags, _ = assess(text, fast)
    assert "stroke" not in flags


# --- Guillain-Barre: a weakness climbing from the ankles, legs weakening upwards, absent jerks --------------


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        # session12_pm.txt:30
        "seeing a 38 year old whose weakness in both legs has crept from his ankles to his knees over "
        "3 days, absent ankle and knee jerks",
        "after a tummy bug, weakness in both legs that has climbed from the feet to the hips since Friday",
        # session12_pj.txt:24
        "40M, legs weakening upwards over 5 days, weak cough, cannot count to 10 in one breath",
        "weakness spreading upwards from both feet for three days after flu",
    ],
)
def test_gbs_floor(text, fast):
    check_floor(text, fast, "emergency", "guillain_barre")


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        # look-alikes: a numbness that spreads, a denied ascending weakness
        "the numbness has spread upwards from my toes over a year, legs strong, calves ache walking",
        "Legs weakening upwards? No. Calves ache after 300 m and ease standing still.",
    ],
)
def test_gbs_look_alike(text, fast):
    _, flags, _ = assess(text, fast)
    assert "guillain_barre" not in flags


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        # session12_pk.txt:19: a Guillain-Barre syndrome long past, with complete recovery ("complete" was
        # corrected to "compete" by the typo corrector, and the historical cue was lost)
        "Letter: Guillain-Barre syndrome in 2011 with complete recovery. Knee pain on stairs for 6 months.",
        "GBS as a student, complete recovery; reflexes normal. Calves ache after 400 m.",
    ],
)
def test_gbs_long_past_is_not_an_emergency(text, fast):
    level, flags, _ = assess(text, fast)
    assert not is_emergency(level), flags


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        # development24 k021: an onset "N days ago" with weak legs after an infection; "without help" is no
        # negation
        "ED: 39M. Chest infection last week. 3 days ago both legs went weak, today he cannot stand up from a "
        "chair without help, and his hands are clumsy since this morning.",
        "Tummy bug a fortnight ago. Two days ago my legs got weak and now I can't climb the stairs.",
    ],
)
def test_gbs_days_ago_floor(text, fast):
    check_floor(text, fast, "emergency", "guillain_barre")


@BOTH_MODES
def test_a_treatment_started_days_ago_is_no_course_of_days(fast):
    """Look-alike for the days-ago course (development18 h23): it dates the antibiotic, not an illness."""
    text = (
        "Statin dose raised last month; doxycycline started 3 days ago for a chest infection. "
        "Thighs ache and he struggles out of a chair for two weeks."
    )
    _, flags, _ = assess(text, fast)
    assert "guillain_barre" not in flags


@BOTH_MODES
def test_without_help_does_not_negate_what_follows(fast):
    """development24 k021: 'without help, and ... her hands are clumsy'."""
    res = read("She can't stand up without help, and her hands are clumsy since yesterday.", fast)
    states = {f.state for f in res.findings if f.id == "hand_clumsiness"}
    assert "present" in states


# --- spinal cord and spinal red flags -------------------------------------------------------------------


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        # session12_po.txt:7: a modality lost below a thoracic level
        "O/E: spastic legs, plantars extensor, light touch reduced below T10 bilaterally.",
        "Exam: pinprick sensation lost below the T6 dermatome on both sides, legs weak.",
    ],
)
def test_sensory_level_floor(text, fast):
    check_floor(text, fast, "emergency", "spinal_cord_compression")


@BOTH_MODES
def test_sensory_loss_below_the_knee_is_no_sensory_level(fast):
    """Look-alike for session12_po.txt:7: a glove-and-stocking loss is not a level on the trunk."""
    res = read("Pinprick reduced below both knees, diabetic for 20 years, calves ache walking.", fast)
    assert "sensory_level" not in {f.id for f in res.findings if f.state == "present"}


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        # session12_pj.txt:22 (rules alone): a muscle grade that has fallen, with cancer and spinal pain
        "Known myeloma. R EHL 4/5 last Tuesday, 2/5 today. New mid back pain at night.",
    ],
)
def test_spinal_malignancy_with_a_deficit_floor(text, fast):
    check_floor(text, fast, "emergency", "spinal_malignancy")


@BOTH_MODES
def test_improving_muscle_grade_is_no_progressive_deficit(fast):
    """Look-alike for session12_pj.txt:22: a grade that has risen is a recovery."""
    res = read("Foot drop after the hip op: EHL 2/5 on Monday, 4/5 today, improving daily.", fast)
    assert "progressive_motor_deficit" not in {f.id for f in res.findings if f.state == "present"}


@BOTH_MODES
def test_back_pain_worse_than_before_is_progressive(fast):
    """development22 e021 (rules alone): with night pain, the no-cancer branch of spinal malignancy."""
    text = "Over the past fortnight my back pain has got much worse than before and it wakes me every night."
    res = read(text, fast)
    assert "thoracic_or_progressive_back_pain" in {f.id for f in res.findings if f.state == "present"}
    assert "spinal_malignancy" in assess(text, fast)[1]


@BOTH_MODES
def test_back_pain_no_worse_than_before_is_not_progressive(fast):
    """Look-alike for development22 e021: 'no worse than before'."""
    res = read("My back pain is no worse than before; calves ache after 200 m, ease if I stop.", fast)
    assert "thoracic_or_progressive_back_pain" not in {f.id for f in res.findings if f.state == "present"}


# --- look-alikes: a movement in slow motion is no bowel motion -------------------------------------------


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        # session12_pn.txt:22
        "Since my teens my legs go rigid when I start to run, as if in slow motion, then loosen after a few "
        "steps.",
        "New this month: reduced range of motion of the right hip, groin pain on walking.",
    ],
)
def test_motion_that_is_movement_is_not_a_bowel_change(text, fast):
    level, flags, _ = assess(text, fast)
    assert not is_emergency(level), flags


# --- the progressive-deficit flag in texts already at an emergency (development narratives) ---------------


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        # development23 p011: the patient's words quoted after the leg
        'Since lunch her left leg "feels weak" on the stairs.',
        # development22 e016: a grade worse than at an earlier examination
        "Hip flexion 3/5 both sides, worse than at the last review.",
        # development22 e018: a bladder symptom dated to the illness's start
        "Legs stiff for 2 months; some hesitancy of urine since onset.",
    ],
)
def test_progressive_deficit_floor(text, fast):
    check_floor(text, fast, "consultation_24", "progressive_neurological_deficit")


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        # look-alikes: a grade better than before, a quoted weakness long past, a denied urgency
        "Hip flexion 4/5, better than at the last review; calves ache walking.",
        'her left leg "feels weak" since the stroke in 2010; calves ache after 200 m.',
        "No urgency since onset; calves ache after 200 m.",
    ],
)
def test_progressive_deficit_look_alike(text, fast):
    _, flags, _ = assess(text, fast)
    assert "progressive_neurological_deficit" not in flags


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        "79M, spinal stenosis. Absent ankle jerks. No saddle anaesthesia.",
        "On examination absent ankle jerks bilaterally, plantars down.",
    ],
)
def test_absent_ankle_jerks_alone_are_not_areflexia(text: str, fast: bool) -> None:
    """The lead's review of the pm:30 rule: lost ankle jerks alone (common in stenosis and old age) are not
    areflexia; 'absent ankle and knee jerks' is."""
    ids = {(f.id, f.state) for f in read(text, fast).findings}
    assert ("areflexia", "present") not in ids
    assert ("absent_achilles_reflex", "present") in ids


@BOTH_MODES
def test_absent_ankle_and_knee_jerks_are_areflexia(fast: bool) -> None:
    text = "O/E absent ankle and knee jerks, power 4/5."
    ids = {(f.id, f.state) for f in read(text, fast).findings}
    assert ("areflexia", "present") in ids


@BOTH_MODES
def test_reduced_knee_jerks_are_not_hyperreflexia(fast: bool) -> None:
    """The lead's review: the fast layer had guessed hyperreflexia from 'knees 1+'."""
    text = "Reflexes: knees 1+, absent ankle jerks, plantars down."
    ids = {(f.id, f.state) for f in read(text, fast).findings}
    assert ("hyperreflexia", "present") not in ids
