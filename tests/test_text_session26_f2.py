"""Session 26 (f2): spurious pairs (precision) on the development parts.

A CK below 1000 is kept as the measurement and no longer stated as 'CK not very high': the engine derives
ck_very_high from the measurement (red_flags.yaml: derive {var: ck, ge: 1000}), so the assessment is the
same; the gold of development11-31 marks that absence 6 times beside 77 such readings. The sentences are
our own unless a docstring names the source line; both modes."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, check_floor, read, states  # noqa: E402


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
