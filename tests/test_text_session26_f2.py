"""Session 26 (f2): spurious pairs (precision) on the development parts.

A CK below 1000 is kept as the measurement and no longer stated as 'CK not very high': the engine derives
ck_very_high from the measurement (red_flags.yaml: derive {var: ck, ge: 1000}), so the assessment is the
same; the gold of development11-31 marks that absence 6 times beside 77 such readings. A brain scan's
ventricles enlarged 'out of proportion' to the atrophy (normal-pressure hydrocephalus) is no pain out of
proportion (compartment syndrome's red flag); pain out of proportion to an injury still is. The sentences are
our own unless a docstring names the source line; both modes."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, check_floor, check_not_emergency, read, states  # noqa: E402


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    ("text", "ck"),
    [
        ("Aching thighs after statins were started. Bloods: CK 450, TSH normal.", 450),
        ("Legs ache when he walks uphill; CK 310 U/L last month.", 310),
    ],
)
def test_small_ck_is_a_measurement_not_a_stated_absence(text, ck, fast):
    """development13, 17, 19 (ck_very_high absent spurious beside a CK of some hundreds, 56 of them where gold
    reads the CK as raised): the number is kept, the engine derives the band; nothing is lost."""
    import legdx

    res = read(text, fast)
    got = states(text, fast)
    assert "ck_very_high" not in got, got
    assert res.case.measurements.get("ck") == ck, res.case.measurements
    a = legdx.assess(res.case)
    assert "rhabdomyolysis" not in {f.id for f in a.red_flags}


@pytest.mark.parametrize("fast", MODES)
def test_very_high_ck_still_read_and_raises_the_flag(fast):
    """A CK of thousands with dark urine after unaccustomed exercise stays very high (present) and the
    rhabdomyolysis flag is raised."""
    text = "After his first spin class both thighs are agony and his urine is like cola. CK 24,000."
    got = states(text, fast)
    assert "present" in got.get("ck_very_high", set()), got
    check_floor(text, fast, "emergency", "rhabdomyolysis")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Gait slow and magnetic for a year, some urgency of urine, memory slipping. CT head: ventricles "
        "enlarged out of proportion to atrophy, Evans index 0.35. Legs not painful.",
        "The scan of his brain showed big ventricles, out of proportion to any shrinkage, and the "
        "neurologist wants a tap test because his legs shuffle.",
        "MRI: ventriculomegaly out of proportion to sulcal widening; fell twice at home, legs feel glued to "
        "the floor.",
    ],
)
def test_ventricles_out_of_proportion_are_no_pain(text, fast):
    """development11 a45, development19 m30, development26 ab042, development31 am030 (normal-pressure
    hydrocephalus): the CT's 'out of proportion to atrophy' is no pain out of proportion."""
    got = states(text, fast)
    assert "pain_out_of_proportion" not in got, got
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Crushed his shin under a pallet two hours ago; the pain is out of proportion to the injury and the "
        "calf is tense.",
        "Fell off her bike this morning, the lower leg is swollen and the pain is out of all proportion, "
        "worse when the toes are stretched.",
    ],
)
def test_pain_out_of_proportion_to_an_injury_still_read(text, fast):
    """The look-alike above must not take the red flag's own wording: pain out of proportion after a leg
    injury is still acute compartment syndrome."""
    got = states(text, fast)
    assert "present" in got.get("pain_out_of_proportion", set()), got
    check_floor(text, fast, "emergency", "acute_compartment_syndrome")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Low back ache for three weeks after digging. Bowel cancer in 2019; she had chemo and an "
        "operation and was discharged from the clinic.",
        "Lymphoma as a young man, chemotherapy twelve years ago, in remission. Now sore lower back after "
        "a fall.",
        "Ovarian cancer treated with surgery and chemotherapy, completed in 2022. Aching back since the "
        "weekend.",
    ],
)
def test_chemotherapy_told_as_over_is_no_immunosuppression(text, fast):
    """development12 b11, development15 g31, development27 ad016, development31 am043: a course of
    chemotherapy told as over is a cancer's history (still read), not an immune system suppressed now."""
    got = states(text, fast)
    assert "immunosuppression" not in got, got
    assert "present" in got.get("cancer_history", set()), got


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "On chemo for breast cancer, third cycle last week, and now new pain between the shoulder blades "
        "that wakes her at night.",
        "He is having chemotherapy for myeloma and has had back pain getting worse every day for a week.",
    ],
)
def test_chemotherapy_now_stays_immunosuppression(text, fast):
    """The look-alike must not take chemotherapy being given: immunosuppression stays read."""
    got = states(text, fast)
    assert "present" in got.get("immunosuppression", set()), got
