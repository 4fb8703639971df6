"""Session 21 (fxa): atypical and early presentations of the red flags (probes session21_ua).

Guillain-Barre told by lay words ('toes went fizzy', 'a flu-ish thing', legs then a mug then the voice
and the breath), a new subject after 'without' ('... without pulling on the sink and both legs feel like
jelly'), a saddle that feels 'distant', a band of odd feeling round the middle, a form's bladder field
that leaked this week, and weight loss with back pain and a foot drop. Look-alikes: fizzy toes that
pass, a flu jab, a hypothetical, the sole of the foot, a band of pain, a stress leak, weight lost on a
diet. The sentences are our own unless a docstring names the source line; both modes."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, check_floor, check_not_emergency, probe_line, states  # noqa: E402


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(("name", "line"), [("session21_ua.txt", 1), ("session21_ua.txt", 2),
                                            ("session21_ua.txt", 10), ("session21_ua.txt", 14),
                                            ("session21_ua.txt", 15), ("session21_ua.txt", 21)])
def test_probe_lines(name, line, fast):
    """The probe lines themselves (session21_ua:1, 2, 10, 14, 15, 21)."""
    level, text = probe_line(name, line)
    check_floor(text, fast, level)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Monday my toes went fizzy. Today I couldn't get up off the toilet and my legs are like jelly. Had a "
        "tummy bug last week.",
        "On Saturday his toes went all prickly, and this morning he can't get up from his chair, both legs "
        "like jelly. He had a chest infection last week.",
    ],
)
def test_feet_went_fizzy_then_legs_weak_after_infection(text, fast):
    """session21_ua:1: the feet's onset told with a lay tingle word ('went fizzy', 'went prickly'), then both
    legs weak up to the hips, after an infection: an ascending weakness, Guillain-Barre."""
    check_floor(text, fast, "emergency", "guillain_barre")


@pytest.mark.parametrize("fast", MODES)
def test_without_then_a_new_subject(fast):
    """session21_ua:1: 'without' ends at a new subject with its verb: the shaky legs after 'and both legs
    feel' are said, not denied."""
    text = ("I couldn't get out of the bath without pulling on the rail and both legs feel like jelly since "
            "yesterday.")
    assert states(text, fast).get("bilateral_leg_weakness") == {"present"}, states(text, fast)


@pytest.mark.parametrize("fast", MODES)
def test_without_list_stays_denied(fast):
    """Look-alike for the 'and both legs feel' clause break: a denial with no new clause keeps its scope."""
    text = "I can walk a mile without any weakness or numbness in my legs."
    got = states(text, fast)
    assert "present" not in got.get("bilateral_leg_weakness", set()), got
    assert "present" not in got.get("new_leg_weakness", set()), got


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "She had a flu-ish thing last week and now both legs are weak and she can't lift her arms.",
        "I had something flu-like a fortnight ago. Since yesterday my legs are weak and I can't grip a cup, "
        "and I'm short of breath.",
    ],
)
def test_flu_ish_thing_is_an_infection(text, fast):
    """session21_ua:2 (rules alone): 'a flu-ish thing', 'something flu-like' are a recent infection; with both
    legs weak and the arms failing, Guillain-Barre."""
    check_floor(text, fast, "emergency", "guillain_barre")
    assert "present" in states(text, fast).get("recent_diarrhea_or_respiratory_infection", set())


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Since Thursday both legs have gone weak, now he's struggling to hold his mug and his voice has gone "
        "quiet, and he can't get a proper breath in when he lies down.",
        "Both legs have gone weak since Monday and now she can't grip a cup, and she is breathless.",
    ],
)
def test_legs_then_hands_then_breath_without_infection(text, fast):
    """session21_ua:2: both legs gone weak within days, the hands failing and the breath or voice going, with
    no infection named: Guillain-Barre with its danger features, an ambulance."""
    check_floor(text, fast, "emergency_ambulance", "guillain_barre")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "When I wipe, my bottom feels distant on the left.",
        "My bum feels sort of remote when I sit on the loo, and my back is killing me.",
        "When I sit my bottom feels all wrong, like it belongs to someone else.",
        "My bum feels wrong on one side, like it belongs to somebody else.",
    ],
)
def test_saddle_feels_distant(text, fast):
    """session21_ua:10: the saddle area told as far off ('distant', 'remote') or, after a comma, as belonging
    to someone else: saddle anaesthesia, cauda equina."""
    check_floor(text, fast, "emergency", "cauda_equina")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "There's a band of odd feeling round my middle, and my legs are stiff.",
        "A strip of numbness round my middle since last week, and my legs feel stiff.",
    ],
)
def test_band_of_odd_feeling_round_the_trunk(text, fast):
    """session21_ua:14: a band of odd feeling or numbness round the trunk ('round my middle'): a sensory
    level, suspected cord compression."""
    check_floor(text, fast, "emergency", "spinal_cord_compression")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Reason for visit: unsteady legs\nBladder: have to rush, leaked twice this week\nPMH: bowel cancer",
        "Complaint: back pain and sciatica\nBladder: urgency, leaked twice this week",
    ],
)
def test_form_bladder_field_leaked_this_week(text, fast):
    """session21_ua:15: a form's bladder field telling a leak this week or lately: a new incontinence."""
    check_floor(text, fast, "emergency", "cauda_equina")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Lost a stone without trying, back ache, and my foot drags for the last week.",
        "I've lost weight without meaning to since Christmas, now my back hurts and my left foot has gone "
        "floppy.",
    ],
)
def test_weight_loss_back_pain_and_a_new_deficit(text, fast):
    """session21_ua:21: unexplained weight loss with back pain and a new foot drop: suspected spinal
    malignancy with a deficit (catalog.md: weight loss with new back pain or deficits, emergency with
    deficits)."""
    check_floor(text, fast, "emergency", "spinal_malignancy")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "My toes went fizzy when I sat cross-legged, and I had a cold last week. Legs feel fine.",
        "My toes go fizzy in the cold. Had a tummy bug last month and my legs feel tired.",
        "Had the flu jab last week and my legs ache.",
        "If it gets worse and both legs go weak, call 999.",
        "The bottom of my foot feels distant, like it belongs to someone else.",
        "My bottom is sore after the long drive. My family feels distant.",
        "A band of pain round my middle when I cough, since lifting a box.",
        "Wearing a tight belt round my middle leaves a line.",
        "Onset: 3 days. Bladder: stress leaks when I laugh, since my third child.",
        "Bladder: have to rush, leaked when I coughed this week.",
        "Bladder: fine, no leaking, no urgency",
        "Lost weight without trying and have back pain. My legs are fine.",
        "Lost weight on a diet, now back pain and my foot slaps down since a disc op years ago.",
        "My legs have gone weak over the last few months, I struggle to hold a cup with my arthritis and I "
        "get breathless on the stairs.",
    ],
)
def test_look_alikes_not_emergency(text, fast):
    """Look-alikes (our own): fizzy toes that passed or come with the cold, a flu jab, a hypothetical, the
    sole, a band of pain, a belt, a stress leak, a denied leak, weight loss without a deficit or on a
    diet, and a slow weakness with arthritic hands."""
    check_not_emergency(text, fast)
