"""Session 15 (helper f1c): extraction on clinicians' notes. Examination findings written the usual
ways were missed in the development parts' clinic notes, letters and templates (not a probe-line safety
fix): a normal neurological examination or a list of modalities with power in it that ends in "normal"
(development12 b47, development13 c37, development17 q24/q34, development21 q225/q233, development25
aa042/aa048), an MRC grade after a muscle group in shorthand (development13 c16/c46, development22
e016/e019, development23 p049), a femoral pulse felt read as normal foot pulses (development17 q47,
development21 q202) and reflex shorthand "AJ 2+" (development13 c03/c16). Each reading is checked in both
modes with invented sentences, beside a look-alike that must not read so."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import BOTH_MODES, states  # noqa: E402

READS = [
    # a normal neurological examination, or power in a list of examined modalities ending in normality
    ("On examination power, tone and reflexes in both legs are normal.", "leg_weakness_on_exam", "absent"),
    ("Strength, sensation and reflexes intact throughout.", "leg_weakness_on_exam", "absent"),
    ("Lower limb neurological examination normal.", "leg_weakness_on_exam", "absent"),
    ("Back stiff, SLR neg, neuro NAD.", "leg_weakness_on_exam", "absent"),
    ("Neurology of the legs is entirely normal.", "leg_weakness_on_exam", "absent"),
    ("Exam: normal tone and power, plantars down.", "leg_weakness_on_exam", "absent"),
    # an MRC grade below 5 after a muscle group or joint
    ("O/E R ankle DF 3/5, EHL 4/5.", "leg_weakness_on_exam", "present"),
    ("Hip flexors 4-/5 on both sides, distal 5/5.", "leg_weakness_on_exam", "present"),
    ("Knees 3+/5 bilaterally today.", "leg_weakness_on_exam", "present"),
    # reflex shorthand
    ("Reflexes: KJ 2+, AJ 1+ symmetrical.", "absent_achilles_reflex", "absent"),
    ("KJ 3+ b/l, AJ 0 on the left.", "absent_achilles_reflex", "present"),
]

NOT_READS = [
    # a weakness stated beside normal modalities is not a normal power
    ("Power reduced, reflexes and sensation normal.", "leg_weakness_on_exam", "absent"),
    ("Ankle dorsiflexion 4/5, sensation and reflexes normal.", "leg_weakness_on_exam", "absent"),
    ("Neuro exam abnormal: brisk reflexes and upgoing plantars.", "leg_weakness_on_exam", "absent"),
    # full grades are not a weakness
    ("Hip flexors 5/5, knees 5/5 bilaterally.", "leg_weakness_on_exam", "present"),
    # a femoral or popliteal pulse felt is not the foot pulses
    (
        "Femoral pulses present, popliteal and foot pulses absent on the right.",
        "pedal_pulses_normal",
        "present",
    ),
    ("R popliteal pulse palpable, DP and PT absent.", "pedal_pulses_normal", "present"),
    # a number that is not a reflex grade
    ("AJ 0.5 cm wound over the heel.", "absent_achilles_reflex", "present"),
]


@BOTH_MODES
@pytest.mark.parametrize("text,fid,state", READS)
def test_session15_f1c_reads(text, fid, state, fast):
    assert state in states(text, fast).get(fid, set()), (text, fast, states(text, fast))


@BOTH_MODES
@pytest.mark.parametrize("text,fid,state", NOT_READS)
def test_session15_f1c_not_reads(text, fid, state, fast):
    assert state not in states(text, fast).get(fid, set()), (text, fast, states(text, fast))


@BOTH_MODES
def test_session15_f1c_femoral_and_foot_pulses_still_normal(fast):
    """'femoral and foot pulses palpable' still names the foot pulses (the femoral rule needs the pulse
    word next to it)."""
    assert "present" in states("Femoral and foot pulses palpable on both sides.", fast).get(
        "pedal_pulses_normal", set()
    )
