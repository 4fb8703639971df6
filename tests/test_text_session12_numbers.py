"""Session 12, helper fx2: numbers, vascular, compartment, infection and rhabdomyolysis readings that the
probe authors' lines (tests/fixtures/probes/session12_*.txt) showed. Every sentence is invented for the test
and differs from the probe line it came from (named in each docstring); each test reads in both modes (the
default reader with the fast semantic layer, and the rules alone)."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, check_floor, check_not_emergency, read, states  # noqa: E402


def _floor(text: str, flag: str, level: str) -> None:
    for fast in MODES:
        check_floor(text, fast, level, flag)


def _not_emergency(text: str) -> None:
    for fast in MODES:
        check_not_emergency(text, fast)


def _present(text: str, fast: bool) -> set[str]:
    return {fid for fid, got in states(text, fast).items() if "present" in got}


# --- acute limb ischaemia -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Right leg went numb and cold since 0745 and now it is 1000. He is 80 and on warfarin for a "
        "valve and cannot move his toes.",
        "Since 0700 her left foot went numb and icy, she can't wiggle her toes, she has AF.",
    ],
)
def test_numb_leg_with_a_side_and_a_clock_onset(text):
    """session12_pj.txt:26: 'left leg went numb and cold since 0630' read only the one-sided weakness
    words; the numb leg inside them (keep_inner) with the clock-time onset is a sudden numb limb."""
    _floor(text, "acute_limb_ischemia", "emergency_ambulance")


@pytest.mark.parametrize(
    "text",
    [
        "I assumed my leg was just stiff from the car, but it's been 2 hours and it's still numb, white "
        "and cold, and I can't move my toes. I have AF.",
        "For the last two hours his foot is pale and cold and numb and he cannot move his toes.",
    ],
)
def test_numb_pale_cold_foot_for_hours(text):
    """session12_pn.txt:23 ('it's been 3 hours and it's still numb, pale and icy'); session12_pj.txt:33
    with the rules alone ('the whole left foot is white, cold and numb')."""
    _floor(text, "acute_limb_ischemia", "emergency_ambulance")


def test_tingling_then_nothing_in_a_sudden_cold_leg():
    """session12_pi.txt:19: 'pins and needles first then nothing, dead feeling' in a leg gone suddenly
    cold and grey."""
    _floor("Dad's leg went cold and blue suddenly this afternoon. He said pins and needles at first then "
           "numb, a dead feeling now.", "acute_limb_ischemia", "emergency_ambulance")


def test_freezing_and_white_as_an_answer():
    """session12_pi.txt:16 (rules alone, a consultation): 'Is it cold? - Freezing, and white' after a sudden
    agonising leg."""
    _floor("Operator: What happened?\nWife: His right leg suddenly went agony half an hour ago.\nOperator: "
           "Is it cold?\nWife: Icy and white.", "acute_limb_ischemia", "emergency")


@pytest.mark.parametrize(
    "text",
    [
        "For 2 hours now I have sat at my desk with cold hands, back ache as usual.",
        "Been walking for the last three hours, calves ache, no numbness.",
    ],
)
def test_hours_without_a_limb_sign_is_no_ischaemia(text):
    """Look-alike for session12_pn.txt:23: a stated number of hours without a pale, cold or numb limb."""
    for fast in MODES:
        _, flags, _ = assess(text, fast)
        assert "acute_limb_ischemia" not in flags, (fast, text)


# --- DVT with pulmonary embolism -----------------------------------------------------------------------


def test_cramp_that_wont_go_does_not_negate_the_swelling():
    """session12_pn.txt:35: 'Calf cramp for 3 days that won't go and the leg's swollen' read the swollen leg
    as absent; with sudden breathlessness and coughed blood, a DVT with PE."""
    _floor("My calf has ached for four days and it won't shift, and the leg's swollen. This morning I'm "
           "suddenly breathless, with a stabbing pain in my chest when I breathe in.", "deep_vein_thrombosis",
           "emergency_ambulance")


def test_wont_go_still_lets_a_plain_negation_work():
    """Look-alike: 'no swelling' after a pain that won't go stays absent."""
    for fast in MODES:
        _, flags, got = assess("Calf ache that won't go away after the gym. No swelling, no redness.", fast)
        assert "present" not in got.get("unilateral_calf_swelling", set())
        assert "deep_vein_thrombosis" not in flags


# --- acute compartment syndrome -----------------------------------------------------------------------


def test_cast_with_pain_beyond_the_break_and_moving_toes_agony():
    """session12_pi.txt:45: a cast on a fractured shin, pain far beyond the break that morphine does not
    touch, and 'moving them hurts like mad'."""
    _floor("Tibia fracture plastered two days ago. The pain is far worse than the break was and the "
           "morphine does nothing. Wiggling his toes is agony.", "acute_compartment_syndrome",
           "emergency_ambulance")


def test_moving_toes_hurts_a_little_is_not_passive_stretch():
    """Look-alike: toes moving with a mild ache is no pain on passive stretch."""
    for fast in MODES:
        assert "pain_on_passive_stretch" not in _present(
            "Bunion on the right foot. Moving my toes hurts a bit in the morning.", fast)


# --- temperatures ---------------------------------------------------------------------------------------


def test_a_temperature_taken_at_home_after_spinal_surgery():
    """session12_pj.txt:6: 'Had a microdiscectomy ... ten days ago. The wound is weeping ..., I measured 38.5
    twice tonight' (the operation word and a temperature with no temperature word)."""
    _floor("Microdiscectomy two weeks ago. Since yesterday I'm shivery, took my temp, 38.7, and the pain "
           "shoots down my right leg.", "spinal_infection", "emergency")
    for fast in MODES:
        res = read("I measured 38.6 this evening and my back aches.", fast)
        assert res.case.measurements.get("temperature") == pytest.approx(38.6), fast


def test_a_planned_operation_is_not_a_recent_one():
    """Look-alike (development13 c33, read after the microdiscectomy words): 'microdiscectomy if he is no
    better in 6 weeks' in a spinal clinic's plan is no recent spinal procedure."""
    for text in ("Left L5 sciatica for two months. Plan: nerve root injection, then microdiscectomy if no "
                 "better.", "Sciatica down the right leg, listed for a laminectomy in March."):
        for fast in MODES:
            _, flags, got = assess(text, fast)
            assert "present" not in got.get("recent_spinal_procedure", set()), (fast, text)
            assert "spinal_infection" not in flags, (fast, text)


@pytest.mark.parametrize(
    "text",
    [
        # session12_pj.txt:41
        "My thermometer read 99.1 F last night, does that count as a fever? Lower back sore after gardening, "
        "thighs stiff.",
        # session12_pj.txt:42
        "He says he's had a fever of 36.9 and his legs ache after the 10k yesterday, eating fine.",
        # session12_pj.txt:59
        "Temperature 38.4 three weeks ago with flu, long gone now. Back ache since digging the garden on "
        "Sunday.",
    ],
)
def test_a_normal_or_past_temperature_is_no_fever(text):
    """session12_pj.txt:41, 42 and 59: a normal value asked about ('is that a fever?'), 'a fever of 37.1',
    and a fever weeks ago that is 'long gone now', each with back or leg aches."""
    _not_emergency(text)


@pytest.mark.parametrize(
    "text",
    [
        "Fever of 38.6 since last night and my back is killing me.",
        "Back pain for a week. Temp 38.3 today, had a temperature 37.1 yesterday.",
        "Thermometer said 101.5 F, is that a fever? My back hurts.",
        "Temp 38.9 two days ago and still shivery, back pain since.",
    ],
)
def test_a_raised_temperature_with_back_pain_stays_a_fever(text):
    """Floors beside the look-alikes above (the spinal-infection flag at its level)."""
    _floor(text, "spinal_infection", "emergency")


# --- potassium, urine colour, a foot gone to sleep -----------------------------------------------------


def test_potassium_written_by_voice():
    """session12_pj.txt:8: 'my pot ass ium is 2.4' with legs so weak she crawled (below 2.5 with weak legs:
    the metabolic condition's escalation to an emergency)."""
    text = "The surgery rang, my pot ass ium came back 2.3, both legs so weak I can barely get up the stairs."
    for fast in MODES:
        assert read(text, fast).case.measurements.get("potassium") == pytest.approx(2.3), fast
        level, _, _ = assess(text, fast)
        assert level == "emergency", (fast, level)


def test_urine_coloured_by_beetroot_is_not_muscle_breakdown():
    """session12_pm.txt:57: pink-red urine the day after beetroot soup; a cola-coloured urine after a marathon
    in a text that also names beetroot, past a 'but', is still the rhabdomyolysis flag."""
    _not_emergency("Had roast beetroot salad for dinner and this morning my wee looks red. Calves a bit "
                   "tired from hiking.")
    _floor("Beetroot juice at breakfast, but after the ultramarathon my pee is cola-coloured and my thighs "
           "are agony.", "rhabdomyolysis", "emergency")


def test_a_foot_gone_dead_on_the_toilet_that_came_back():
    """session12_pn.txt:36: a foot that went dead from sitting on the toilet, 'couldn't feel the floor', 'All
    fine within a few minutes' (no bladder change, no sudden onset)."""
    _not_emergency("Sat on the toilet reading for ages and my leg went dead, I couldn't feel the ground "
                   "when I stood up. Back to normal within a couple of minutes.")


# --- compartment, infected foot, deep-vein tenderness (rules alone had missed these) ---------------------


def test_an_examined_compartment_hard_with_pain_on_passive_movement():
    """session12_po.txt:42 (rules alone): 'anterior compartment hard and exquisitely tender, pain ++ on
    passive plantarflexion of ankle'."""
    _floor("O/E: lateral compartment hard, pain +++ with passive dorsiflexion of the foot. Pain not settling "
           "since football this afternoon.", "acute_compartment_syndrome", "emergency_ambulance")


def test_a_hard_ball_is_no_tense_compartment():
    """Look-alike: a hard surface or a compartment of a bag is not a tense muscle compartment."""
    for fast in MODES:
        assert "tense_compartment" not in _present(
            "Shin splints from running on hard ground, ache settles within ten minutes of rest.", fast)


@pytest.mark.parametrize(
    "text",
    [
        # session12_pi.txt:23
        "Sore on my big toe for six weeks. Since the weekend the foot is red and swollen up to the ankle and "
        "it smells, and I keep shivering.",
        # session12_po.txt:19 (rules alone)
        "Vascular clinic. L 2nd toe: black and weeping; erythema spreading to midfoot. Temp 38.4. Absent "
        "pedal pulses.",
    ],
)
def test_an_infected_threatened_foot(text):
    """session12_pi.txt:23 ('red and hot up to the ankle, oozing pus, ... shivery'), session12_po.txt:19 with
    the rules alone ('toes: black, wet, foul-smelling; redness tracking to mid-foot')."""
    _floor(text, "chronic_limb_threatening_ischemia", "emergency")


def test_a_calf_that_hurts_to_squeeze():
    """session12_pi.txt:24 (rules alone): one calf bigger, tight, 'hurts to squeeze' after a long flight."""
    _floor("Left calf is bigger than the right since I flew home from Bangkok, and it hurts when you "
           "squeeze it.", "deep_vein_thrombosis", "emergency")


def test_a_hand_that_hurts_to_squeeze_is_no_deep_vein_tenderness():
    """Look-alike for the rule above: squeezing pain without a swollen or painful calf."""
    for fast in MODES:
        assert "deep_vein_tenderness" not in _present(
            "My right hand hurts to squeeze since I fell on it, no leg problems.", fast)


def test_toes_that_wont_move_when_asked_after_a_sudden_painful_leg():
    """session12_pi.txt:16: a call-handler transcript, 'Can he wiggle his toes? - He's trying... no, they
    won't move' after a leg that suddenly went agony (with coldness: acute limb ischaemia with a motor
    deficit)."""
    _floor("Handler: What's going on?\nHusband: Her right leg suddenly went white and agony twenty "
           "minutes ago.\nHandler: Can she move her toes?\nHusband: No, they won't budge.",
           "acute_limb_ischemia", "emergency_ambulance")


def test_toes_that_move_fine_are_no_deficit():
    """Look-alike: the same question answered with toes that move, with the rules alone (the fast layer
    guesses a deficit from the handler's question itself, 'Handler:' not being one of its guard's question
    labels)."""
    text = ("Her right leg suddenly went white twenty minutes ago.\nHandler: Can she move her toes?\n"
            "Husband: Yes, they move fine.")
    assert "paralysis_limb" not in _present(text, False)
    level, _, _ = assess(text, False)
    assert level == "emergency", level
