"""Session 12, helper fx2: numbers, vascular, compartment, infection and rhabdomyolysis readings that the
probe authors' lines (tests/fixtures/probes/session12_*.txt) showed. Every sentence is invented for the test
and differs from the probe line it came from (named in each docstring); each test reads in both modes (the
default reader with the fast semantic layer, and the rules alone)."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from legdx.knowledge.schema import TRIAGE_ORDER  # noqa: E402

MODES = [True, False]


def _assess(text: str, fast: bool):
    import legdx
    from legdx.text.reader import get_reader

    res = get_reader(fast_semantic=fast).read(text)
    return res, legdx.assess(res.case)


def _floor(text: str, flag: str, level: str) -> None:
    for fast in MODES:
        _, a = _assess(text, fast)
        flags = {f.id for f in a.red_flags}
        assert flag in flags, (fast, text, flags)
        assert TRIAGE_ORDER.index(a.triage.level) <= TRIAGE_ORDER.index(level), (fast, text, a.triage.level)


def _not_emergency(text: str) -> None:
    for fast in MODES:
        _, a = _assess(text, fast)
        assert a.triage.level not in ("emergency_ambulance", "emergency"), (
            fast, text, a.triage.level, [f.id for f in a.red_flags])


def _present(text: str, fast: bool) -> set[str]:
    res, _ = _assess(text, fast)
    return {f.id for f in res.findings if f.state == "present"}


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
        _, a = _assess(text, fast)
        assert "acute_limb_ischemia" not in {f.id for f in a.red_flags}, (fast, text)


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
        res, a = _assess("Calf ache that won't go away after the gym. No swelling, no redness.", fast)
        assert ("unilateral_calf_swelling", "present") not in {(f.id, f.state) for f in res.findings}
        assert "deep_vein_thrombosis" not in {f.id for f in a.red_flags}


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
