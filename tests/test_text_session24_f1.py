"""Session 24 (f1): missed pairs of the development parts 11-31 (recall), read the same way in both modes.

An ABI told with words of when, where or by whom between the index and its value, or told in lay words of
the ankle test. Look-alikes: another test's number after other words is no ABI. The sentences are our own;
a test's docstring names the corpus narrative it stands for."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, check_not_emergency, is_emergency, probe_line, read, states  # noqa: E402


def _abi(text: str, fast: bool) -> dict[str, float]:
    return {k: v for k, v in read(text, fast).variables.items() if k.startswith("abi_")}


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Her ABI last year was L 0.81, pulses weak.", {"abi_left": 0.81}),
        ("ABIs at the vascular clinic were 0.66 right and 0.92 left.", {"abi_right": 0.66, "abi_left": 0.92}),
        ("ABI with the practice nurse last month: R 0.74, L 1.02.", {"abi_right": 0.74, "abi_left": 1.02}),
        ("Doppler ABI on the left was 0.45 yesterday.", {"abi_left": 0.45}),
        ("His ABI last winter 0.69 right, 0.9 left.", {"abi_right": 0.69, "abi_left": 0.9}),
        ("ABI in clinic today: left 0.77.", {"abi_left": 0.77}),
        ("A BI today left 0.7 right 1.0.", {"abi_left": 0.7, "abi_right": 1.0}),
    ],
)
def test_abi_with_words_between(text, want, fast):
    """development17 q03, q31, development19 m02, development25 aa006, development26 ab009, development30
    aj013, development31 am002, development18 h15 (dictated): an ABI with words of when, where or by whom
    between the index and its value, read as the leg's ABI."""
    got = _abi(text, fast)
    for k, v in want.items():
        assert got.get(k) == pytest.approx(v), (text, got)
    assert "present" in states(text, fast).get("abi_le_0_90", set()), text


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("The nurse told me the ankle reading was 0.68 on the left and 1.01 on the right.",
         {"abi_left": 0.68, "abi_right": 1.01}),
        ("They measured the pressures at my ankles, 0.59 on the left and 0.93 right.", {"abi_left": 0.59}),
        ("She did a blood pressure test on my ankles and said it was 0.8 on the left.", {"abi_left": 0.8}),
        ("The ankle test at the surgery: 0.71 on the left.", {"abi_left": 0.71}),
        ("The ankle pressure was 0.55 on the right.", {"abi_right": 0.55}),
    ],
)
def test_abi_in_lay_words(text, want, fast):
    """development13 c22, development14 e27, development17 q20, development20 p13, p43: the ankle test told
    without its name, a decimal value below 2 (a ratio) read as the leg's ABI, not as an ankle pressure in
    mmHg."""
    got = _abi(text, fast)
    for k, v in want.items():
        assert got.get(k) == pytest.approx(v), (text, got)
    st = states(text, fast)
    assert "present" in st.get("abi_le_0_90", set()), (text, st)
    assert "ankle_pressure_lt_50" not in st, (text, st)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "ABI pending, INR 2.5 this week.",
        "ABI was normal at the clinic, creatinine 1.3.",
        "Ankle pressure 120 mmHg.",
    ],
)
def test_abi_not_from_other_numbers(text, fast):
    """Look-alikes: another test's value after words outside the closed list is no ABI."""
    got = _abi(text, fast)
    assert not any(v > 1.2 for v in got.values()), (text, got)
    assert "abi_noncompressible" not in states(text, fast), text


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Walks to the shop without trouble. Her back's fine.",
        "Tired legs on the hill. His back is no trouble these days.",
        "I get cramps in the calf. My back no problem.",
        "Legs heavy on walking. Back fine. Plan: bloods.",
        "Back and hips NAD. Plan: physio.",
        "The calf aches when I walk but my back doesn't hurt.",
        "My knee aches on the stairs and my back has never given me any trouble.",
        "Calf tight after a mile, no pain in the back or the hips.",
        "No diabetes, no back problems, no heart trouble.",
        "I don't have any back trouble and my feet feel warm.",
    ],
)
def test_back_said_to_be_fine(text, fast):
    """development11 a03, 13 c19, c24, 18 h32, 19 m26, m47, 20 p12, p43, 27 ad030, 28 ag011, 30 aj032,
    31 am042: the back said to be fine, not to hurt or to be no trouble is back pain denied."""
    st = states(text, fast)
    assert st.get("back_pain") == {"absent"}, (text, st)


@pytest.mark.parametrize("fast", MODES)
def test_back_denied_leaves_the_leg_denied(fast):
    """development13 c19: 'no pain in the back or down the leg' denies both (a negation inside the back's
    match had taken the cue from the pain down the leg)."""
    st = states("No swelling of the calf, no pain in the back or down the leg.", fast)
    assert st.get("back_pain") == {"absent"}, st
    assert "present" not in st.get("pain_below_buttocks", set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Her blood results came back fine.",
        "There is pain in the back of my thigh when I walk.",
    ],
)
def test_back_look_alikes(text, fast):
    """Look-alikes: results that came back fine and the back of another part are no back."""
    st = states(text, fast)
    assert "back_pain" not in st, (text, st)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Afebrile, no wt loss, no hx of cancer.",
        "Sleeps well, weight stable, walks daily.",
        "Q: Weight loss? A: No, my weight's steady.",
        "No sweats. Wt stable. Plan: review.",
    ],
)
def test_weight_steady_is_no_weight_loss(text, fast):
    """development13 c16, c36, 18 h28, 22 e020, 27 ad031: 'no wt loss' and a weight said to be steady deny the
    weight loss."""
    st = states(text, fast)
    assert st.get("unexplained_weight_loss") == {"absent"}, (text, st)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(("name", "line"), [("session12_pq.txt", 13), ("session12_pk.txt", 9)])
def test_probe_lines_stay_below_emergency(name, line, fast):
    """session12_pq:13 (a cancer, a new back ache and 'Wt loss 4kg', gold a 24-hour consultation: the bare
    abbreviation is not read as a weight loss) and session12_pk:9 ('The ultrasound ... showed no clot in my
    right leg, and the swelling has gone down': the DVT read absent must not block the Wells item of another
    diagnosis as likely)."""
    level, text = probe_line(name, line)
    assert not is_emergency(level)
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Venous duplex: old scarring of the iliac vein, no acute thrombus.",
        "The scan last week showed no fresh clot.",
        "Both legs were scanned and there was no clot in either leg.",
        "Ultrasound: no DVT in the popliteal or femoral vein.",
        "Chronic iliac vein occlusion, no acute DVT.",
    ],
)
def test_scan_without_a_new_clot(text, fast):
    """development12 b07, 16 l17, 17 q30, 18 h34, h37: a scan that found no acute or fresh clot denies a DVT
    on ultrasound."""
    st = states(text, fast)
    assert st.get("proximal_dvt_on_ultrasound") == {"absent"}, (text, st)


@pytest.mark.parametrize("fast", MODES)
def test_no_thrombus_in_an_artery_says_nothing_of_veins(fast):
    """Look-alike: a clot denied in an artery is no word on the veins."""
    st = states("Angiogram: no acute thrombus in the SFA, the graft is patent.", fast)
    assert "proximal_dvt_on_ultrasound" not in st, st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Warm feet and normal foot pulses on both sides.",
        "On examination there are palpable dorsalis pedis and posterior tibial pulses on the left.",
        "The nurse said my foot pulses were easy to feel.",
    ],
)
def test_normal_foot_pulses(text, fast):
    """development18 h31, h33, 17 q36, 26 ab049, 27 ad046, 31 am007: normal foot pulses told in these
    words."""
    st = states(text, fast)
    assert st.get("pedal_pulses_normal") == {"present"}, (text, st)


@pytest.mark.parametrize("fast", MODES)
def test_no_palpable_foot_pulses_is_not_normal(fast):
    """Look-alike: 'no palpable foot pulses' is an abnormality, no normal pulses."""
    st = states("Cold foot, no palpable foot pulses on the right.", fast)
    assert "present" not in st.get("pedal_pulses_normal", set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    ("text", "drop"),
    [
        ("After a treadmill walk the right ankle pressure fell from 150 to 96 mmHg.", 54),
        (
            "After the treadmill, ankle pressures fall from 132 to 80 mmHg on the left and from 128 to "
            "110 mmHg on the right.",
            52,
        ),
        (
            "Treadmill at 10%: stopped at 3 min. Ankle pressures at 1 min: L 128 -> 71 mmHg, "
            "R 135 -> 120 mmHg.",
            57,
        ),
        ("Post-exercise ABI fell sharply (ankle pressure drop >40 mmHg).", 40),
    ],
)
def test_ankle_pressure_fall_after_exercise(text, drop, fast):
    """development11 a30, a50, 13 c31, 17 q28, q39, 19 m08, m41, 21 q221, 23 p039, 25 aa048: a treadmill
    fall in ankle pressure told by its two ends, with an arrow or as a bound: the fall, a positive exercise
    test."""
    res = read(text, fast)
    assert res.variables.get("exercise_ankle_drop_mmhg_max") == pytest.approx(drop), (text, res.variables)
    st = states(text, fast)
    assert st.get("exercise_ankle_drop_gt_30") == {"present"}, (text, st)
    assert st.get("exercise_abi_positive") == {"present"}, (text, st)


@pytest.mark.parametrize("fast", MODES)
def test_arrow_without_an_ankle_or_exercise_is_no_fall(fast):
    """Look-alike: a blood pressure falling with a treatment, told with an arrow, is no exercise test."""
    res = read("BP 165 -> 130 mmHg on amlodipine; walks for exercise daily.", fast)
    assert "exercise_ankle_drop_mmhg_max" not in res.variables, res.variables


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("Shoulders and hips ache. Morning stiffness 2.5 h, eases with a shower.", 150),
        ("Morning stiffness 1-2 h most days.", 60),
        ("Aching hips. EMS ~1.5 h. Struggles to dress.", 90),
    ],
)
def test_morning_stiffness_in_hours(text, minutes, fast):
    """development11-31 ('Morning stiffness 1.5 h', 'Morning stiffness 1-1.5 h', 'EMS ~2 h'): a named morning
    stiffness in hours written 'h', a range read at its lower end, the abbreviation EMS."""
    got = read(text, fast).variables
    assert got.get("morning_stiffness_named_minutes") == pytest.approx(minutes), (text, got)
    st = states(text, fast)
    assert st.get("morning_stiffness_over_45_min") == {"present"}, (text, st)
