"""Session 20 (fxt): recurrences and new changes on old problems; sparse jottings.

A past episode must not take the present one with it: the feet then the knees gone weak over days (with
words between), a dated jotting of a deficit climbing from the feet ('Tingling feet Mon, knees weak Wed'), an
onset 'for the last 40 minutes', a limb 'white, and going numb', a leg 'twice its usual size'. Look-alikes:
swelling of both legs is no one-leg Wells item, one swollen calf alone is no muscle breakdown, and the same
words told over years or of a stable old state do not fire. The sentences are our own unless a docstring
names the source line; both modes."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, check_floor, check_not_emergency, probe_line  # noqa: E402


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Since Thursday his toes and then his thighs have gone weak, both sides, and now he coughs on his "
        "drinks.",
        "My feet then my hips went weak over three days and today I can't swallow properly.",
    ],
)
def test_feet_then_knees_gone_weak(text, fast):
    """session20_tk:8: the feet, then a higher part, gone weak over days, with a swallowing problem:
    Guillain-Barre with a bulbar sign, an ambulance."""
    check_floor(text, fast, "emergency_ambulance", "guillain_barre")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Numb toes Sunday, thighs weak yesterday, can't get off the sofa today. Had the flu last week.",
        "Pins feet Tues, legs weak Thurs. 44F.",
    ],
)
def test_dated_jotting_of_climbing_weakness(text, fast):
    """session20_tl:13 (rules alone): a dated jotting, a sensory or weak word with the feet on a day, a higher
    part weak on a later day: an ascending weakness, Guillain-Barre."""
    check_floor(text, fast, "emergency", "guillain_barre")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Had an embolus to the leg two years ago. For the last 30 minutes my left foot is white and cold and "
        "my toes feel numb.",
        "Over the past 20 mins her right leg has gone cold and mottled and she can't feel her foot.",
    ],
)
def test_onset_for_the_last_minutes(text, fast):
    """session20_tk:26: 'for the last 40 minutes' dates the onset; with a cold, mottled foot and no feeling in
    the toes it is acute limb ischaemia with sensory loss, an ambulance."""
    check_floor(text, fast, "emergency_ambulance", "acute_limb_ischemia")


@pytest.mark.parametrize("fast", MODES)
def test_white_and_going_numb(fast):
    """session20_tk:31: 'white, and going numb' after a sudden onset is sensory loss (ambulance)."""
    check_floor("Since 7am my right foot is icy cold, pale, and going numb.", fast, "emergency_ambulance",
                "acute_limb_ischemia")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Since Monday my left leg is twice its normal size and the calf is very tender.",
        "The right calf is double its usual size since yesterday and the calf is tender.",
    ],
)
def test_leg_twice_its_usual_size(text, fast):
    """session20_tk:32: a leg or calf 'twice its usual size' with a tender calf: suspected DVT."""
    check_floor(text, fast, "emergency", "deep_vein_thrombosis")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(("name", "line"), [("session20_tk.txt", 8), ("session20_tk.txt", 26),
                                            ("session20_tk.txt", 31), ("session20_tk.txt", 32),
                                            ("session20_tl.txt", 13)])
def test_probe_lines(name, line, fast):
    """The probe lines themselves (session20_tk:8, 26, 31, 32; session20_tl:13)."""
    level, text = probe_line(name, line)
    check_floor(text, fast, level)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        # session20_tl:47 itself
        "Both legs swollen to mid shin, pitting, known heart failure. Weight steady, breathing usual, no "
        "calf tenderness.",
        "Both ankles swollen and pitting by evening, on amlodipine, calves soft.",
        "Both legs twice their usual size, known heart failure, no calf tenderness.",
        "After my clot in 2012 the leg was twice its usual size for a month, now back to normal. Knee "
        "aches on stairs.",
        "Tingling feet for years, knees weak on the stairs lately. Diabetic.",
        "Numb feet Monday after a long hike in new boots, fine by Wednesday.",
        "For the last 40 minutes of my walk my calves ached, gone after a rest.",
        "My feet go cold, white and then numb in the winter, for years, with Raynaud's. Walking fine.",
    ],
)
def test_look_alikes_not_emergency(text, fast):
    """Look-alikes (session20_tl:47 and our own): swelling of both legs with heart failure or a drug, a
    swelling of the past, feet tingling for years, a numb foot that went, a walk's ache, Raynaud's."""
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
def test_both_calves_measured_one_bigger_keeps_dvt(fast):
    """Floor (session15_qf:4 went under with the first form of the both-legs guard): both calves measured, one
    bigger and tender, is still a one-sided swelling."""
    text = ("After the long drive I measured both calves with a tape: the right is 4 cm bigger than the "
            "other and it's sore when I press behind the knee.")
    check_floor(text, fast, "emergency", "deep_vein_thrombosis")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", ["Right calf swollen.", "Left calf swollen since Sunday."])
def test_one_swollen_calf_is_no_muscle_breakdown(text, fast):
    """The brief's known leftover: one swollen calf alone raised rhabdomyolysis beside the DVT reading."""
    _, flags, _ = assess(text, fast)
    assert "rhabdomyolysis" not in flags, flags


@pytest.mark.parametrize("fast", MODES)
def test_swollen_calves_after_exertion_keep_muscle_breakdown(fast):
    """Floor: swollen, rock-hard calves after a marathon with cola urine stay rhabdomyolysis."""
    check_floor("Both calves swollen and rock hard after the marathon, pee like cola.", fast, "emergency",
                "rhabdomyolysis")
