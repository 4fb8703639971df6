"""Session 17 (fxc): unknown, untested and deferred items beside a clear emergency (probe file
session17_rb), and chronic neurological and muscle conditions with a new emergency on top (probe file
session17_rg).

Each test names the probe line it came from; the sentences are our own (the probe line is read too where
useful), in both modes."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, check_floor, check_not_emergency, probe_line  # noqa: E402


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Since 9am her right leg is white and cold below the knee and her toes feel "
        '"like cotton wool", she says.',
        probe_line("session17_rb.txt", 15)[1],
    ],
)
def test_cotton_wool_in_quotes_is_a_numb_limb(text, fast):
    """session17_rb:15: toes that feel "like cotton wool" (in quotation marks) in a sudden white, cold leg are
    sensory loss: a threatened limb, an ambulance."""
    check_floor(text, fast, "emergency_ambulance", "acute_limb_ischemia")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Home visit, PMR on prednisolone, 79, thighs ache when she walks. This week her temples are tender "
        "combing her hair and she chews slowly because her jaw aches.",
        probe_line("session17_rb.txt", 29)[1],
    ],
)
def test_age_between_commas_inside_a_sentence(text, fast):
    """session17_rb:29: an age between commas in the middle of a sentence ('for PMR, 76, hips ...') is read,
    so giant cell arteritis can fire."""
    check_floor(text, fast, "emergency", "giant_cell_arteritis")


@pytest.mark.parametrize("fast", MODES)
def test_measurement_between_commas_is_no_age(fast):
    """session17_rb:29 (look-alike): a value after a measurement's name is no age ('pulse, 76,')."""
    from legdx.text.reader import Reader

    res = Reader(fast_semantic=fast).read("Obs: pulse, 76, regular. Jaw aches when chewing.")
    assert res.case.age is None


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Known myeloma. Three weeks of pain between the shoulder blades, worse at night, and for four "
        "days she has been unsteady on her feet.",
        probe_line("session17_rb.txt", 30)[1],
    ],
)
def test_unsteady_on_legs_with_cancer_back_pain(text, fast):
    """session17_rb:30: 'wobbly on his legs' / 'unsteady on her feet' since days, in a person with cancer and
    thoracic or night back pain, is the difficulty walking of suspected cord compression (NG234)."""
    check_floor(text, fast, "emergency", "spinal_malignancy")


@pytest.mark.parametrize("fast", MODES)
def test_unsteady_for_years_without_back_pain_is_not_urgent(fast):
    """session17_rb:30 (look-alike): unsteady on her feet for years from a neuropathy, no back pain."""
    check_not_emergency(
        "Known metastatic breast cancer, no back pain. Unsteady on her feet for years because of a chemo "
        "neuropathy, needs a frame review.",
        fast,
    )


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Had a big clot in the left calf 4 years ago, and the leg has been puffy ever since; new compression "
        "socks needed.",
        probe_line("session17_rb.txt", 52)[1],
    ],
)
def test_old_big_clot_is_a_previous_dvt(text, fast):
    """session17_rb:52: 'had a big clot in the thigh 3 years ago' is a previous DVT, so a leg swollen
    ever since is not a new one-sided swelling."""
    check_not_emergency(text, fast)
    _, _, st = assess(text, fast)
    assert "present" in st.get("previous_dvt", set()) or "historical" in st.get("previous_dvt", set())


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "On azathioprine for Crohn's. New pain at around T6 for a week, temperature 38.4, and he is walking "
        "less well.",
        probe_line("session17_rg.txt", 7)[1],
    ],
)
def test_pain_at_a_thoracic_level_with_fever(text, fast):
    """session17_rg:7: 'new pain at about T8' is a thoracic back pain; with a fever and an
    immunosuppressant it is a spinal infection."""
    check_floor(text, fast, "emergency", "spinal_infection")


@pytest.mark.parametrize("fast", MODES)
def test_thoracic_injury_level_is_no_back_pain(fast):
    """session17_rg:7 (look-alike): an old injury named by its level ('T12 incomplete injury') names
    no pain."""
    _, _, st = assess(
        "T12 incomplete injury in 1990, walks with crutches, spasms in the evenings as usual.", fast
    )
    assert "present" not in st.get("back_pain", set())


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Carer's note: since this morning no urine passed, her tummy is swollen and sore, and her "
        "back hurts.",
        probe_line("session17_rg.txt", 27)[1],
    ],
)
def test_no_urine_passed_is_retention(text, fast):
    """session17_rg:27: 'no urine passed' followed by a comma is a retention (and its 'no' does not deny the
    saddle numbness after it)."""
    check_floor(text, fast, "emergency", "cauda_equina")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Since this morning, new numbness around her bottom and she cannot pee, back ache since lifting.",
        probe_line("session17_rg.txt", 27)[1],
    ],
)
def test_new_saddle_numbness_is_no_numb_limb(text, fast):
    """session17_rg:27 (found while fixing it): a 'new numbness' of the saddle or both buttocks dated to hours
    ago is the cauda equina, not a suddenly numb limb (acute limb ischaemia)."""
    level, flags, _ = assess(text, fast)
    assert "cauda_equina" in flags
    assert "acute_limb_ischemia" not in flags, (level, flags)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Myasthenia, stable on pyridostigmine. Thighs tire by late afternoon and recover with rest. "
        "Breathing, chewing and swallowing all fine.",
        probe_line("session17_rg.txt", 40)[1],
    ],
)
def test_list_answered_all_fine_in_myasthenia(text, fast):
    """session17_rg:40: 'Breathing, speech and swallowing all fine' denies the breathing too (the swallowing
    rule no longer swallows the list's cue 'all fine')."""
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
def test_no_change_in_catheter_routine(fast):
    """session17_rg:45: 'no change in catheter routine' of a person who self-catheterises is no bladder
    change."""
    check_not_emergency(probe_line("session17_rg.txt", 45)[1], fast)
    check_floor(
        "Self-catheterising for years. Since yesterday I cannot get the catheter to drain anything and my "
        "bottom is numb.",
        fast,
        "emergency",
        "cauda_equina",
    )
