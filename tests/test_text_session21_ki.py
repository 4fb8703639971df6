"""Session 21 (ki): helper concepts keep the readings they span unless their rule says why they hide them.

A helper concept (a target rule whose id starts with '_') is dropped from the output; until session 21 its
match, when longer, also hid every shorter reading inside it, so a real finding inside a helper was lost
(session 20: 'No change in my bladder but the back pain is new' lost its back pain and, with a known cancer,
the spinal malignancy flag). Now a helper keeps what it spans (as ``keep_inner``) unless its rule gives
``hides:`` with the reason, for the look-alike helpers that are there to hide ('paralysed with cramp',
'femoral pulses palpable'). The sentences are our own unless a docstring names the line they stand for;
both modes."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, check_floor, states  # noqa: E402


def test_a_helper_keeps_what_it_spans_unless_its_rule_says_it_hides():
    from legdx.text.rules import TargetRuleSpec

    assert TargetRuleSpec(finding="_x", literals=["a b"]).keeps_inner
    assert not TargetRuleSpec(finding="_x", literals=["a b"], hides="a look-alike").keeps_inner
    assert TargetRuleSpec(finding="_x", literals=["a b"], keep_inner=True).keeps_inner
    # a finding of the output hides what it spans (the longer phrase says more) unless keep_inner
    assert not TargetRuleSpec(finding="back_pain", literals=["a b"]).keeps_inner
    with pytest.raises(ValueError):
        TargetRuleSpec(finding="back_pain", literals=["a b"], hides="not a helper")
    with pytest.raises(ValueError):
        TargetRuleSpec(finding="_x", literals=["a b"], keep_inner=True, hides="both")


def test_every_helper_that_hides_says_why():
    from legdx.text.rules import load_rules

    helpers = [r for r in load_rules().targets.rules if r.finding.startswith("_")]
    hiding = [r for r in helpers if not r.keeps_inner]
    assert hiding, "the look-alike helpers still hide"
    for r in hiding:
        assert r.hides and len(r.hides.split()) >= 5, r.finding


@pytest.mark.parametrize("fast", MODES)
def test_short_of_breath_inside_an_onset_helper_is_a_clot_in_the_lung(fast):
    """The onset helper 'got up ... with' (session 11) spanned 'got short of breath with' and hid the
    breathlessness: with a swollen calf after a flight the clot-in-the-lung signs were missed (emergency
    without a red flag; the same words as session16_qm:6, 'suddenly got breathless with a sharp stabbing
    pain')."""
    check_floor(
        "She got short of breath with a swollen left calf after the long flight.",
        fast,
        "emergency_ambulance",
        "deep_vein_thrombosis",
    )


@pytest.mark.parametrize("fast", MODES)
def test_a_foot_turned_white_inside_the_gone_cold_helper_is_pale(fast):
    """The session-20 helper for a limb that has changed ('foot has turned pale and') hid the pale limb it
    spans (session17_rj:19 in the audit): a foot turned white since lunchtime and tingling read consultation
    in both modes; it is acute limb ischaemia."""
    check_floor(
        "Since lunchtime her foot has turned white and she says it is tingling.",
        fast,
        "emergency",
        "acute_limb_ischemia",
    )


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Known prostate cancer. Back pain unchanged, the same as ever.",
        "Breast cancer in 2019. No change in my back pain this month.",
    ],
)
def test_a_known_unchanged_back_pain_is_read_and_is_not_new(text, fast):
    """The helper for a known, unchanged back pain (session 20, fxv) now keeps the back pain it spans
    (development14 e39 has it in the gold); its combine still says the back pain is not new, so a known
    cancer raises no spinal malignancy flag."""
    level, flags, st = assess(text, fast)
    assert "present" in st.get("back_pain", set()), (text, st)
    assert "spinal_malignancy" not in flags, (text, level, flags)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    ("text", "finding", "state"),
    [
        # _figurative_paralysed (session11_pf:55)
        (
            "Woke at 3am paralysed with cramp in my right calf, fine after a stretch.",
            "paralysis_limb",
            "present",
        ),
        # _proximal_pulse_felt (development cases with femoral pulses felt and foot pulses absent)
        ("Femoral pulses palpable both sides, left foot pulses absent.", "pedal_pulses_normal", "present"),
        # _wound_base (development17 q16)
        ("Ulcer on the heel, 6 mm, pale base, no slough.", "pale_limb", "present"),
        # _gone_downhill (development27 ad023)
        ("His walking has gone rapidly downhill since Christmas.", "worse_walking_downhill", "present"),
    ],
)
def test_a_look_alike_helper_still_hides_what_it_spans(text, finding, state, fast):
    """Helpers whose hiding is the point say so (``hides:``) and keep hiding: giving them keep_inner read
    these look-alikes over the development parts and probe lines (the audit of session 21)."""
    assert state not in states(text, fast).get(finding, set()), (text, fast)
