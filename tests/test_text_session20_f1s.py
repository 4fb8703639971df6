"""Session 20 (f1s): where the symptoms are, location and laterality findings (extraction F1,
development11-31).

Four families of spurious readings, each fixed as a general frame with look-alikes that must still read:

- an electric shock or tingle running down the back or spine into both legs (the Lhermitte phenomenon) was
  read as a radicular pain and a pain below the buttocks (5 narratives);
- a bare diagnosis label ('his sciatica playing up again') implied a pain below the buttocks through radicular
  pain, with no path named in its sentence;
- numbness, tingling or heaviness of both legs without walking or standing ('both legs numb from the belly
  button down', 'hot showers make both legs tingle') was read as pain in both legs (11 narratives, none
  annotated so);
- ECQ question 6 (where the walking pain is felt) was implied from any calf, thigh or buttock pain in a text
  that mentions walking anywhere ('SLR reproduces the calf pain', thighs swollen and sore after the gym).

No probe line is behind these (the theme is the development parts' misses and spurious readings, counted in
the report); the sentences are our own, read in both modes."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, states  # noqa: E402


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "When he tips his head forward he gets an electric shock down his back into both legs.",
        "Bending her neck to read, she feels an electric tingle running down her spine into her legs.",
    ],
)
def test_spine_shock_into_both_legs_is_not_a_radicular_pain(text, fast):
    """development19 m50, 23 p038, 25 aa031, 30 aj034, 31 am027 (gold: Lhermitte's sign only): the
    shock's path down the spine is no pain travelling down a leg."""
    st = states(text, fast)
    assert "present" not in st.get("pain_below_buttocks", set()), st
    assert "present" not in st.get("radicular_pain", set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Since yesterday an electric shock goes down my back into my leg every time I cough.",
        "Three days of shooting pain down his back into both legs, even lying in bed.",
    ],
)
def test_shock_into_one_leg_or_shooting_pain_stays_radicular(text, fast):
    """Look-alikes of the above: one leg, or a pain word, stays a radicular pain below the buttocks."""
    st = states(text, fast)
    assert "present" in st.get("radicular_pain", set()), st
    assert "present" in st.get("pain_below_buttocks", set()), st


@pytest.mark.parametrize("fast", [False])
@pytest.mark.parametrize(
    "text",
    [
        "He wonders whether this is his old sciatica coming back.",
        "Had an epidural for the sciatica two weeks ago; now fever and worse back pain.",
    ],
)
def test_sciatica_label_alone_is_no_pain_below_the_buttocks(text, fast):
    """development13 c10, 14 e13, e46, 15 g07, g22, 20 p12 (pain_below_buttocks spurious): a diagnosis
    label with
    no leg named in its sentence. Rules alone: the fast layer may still guess from the sentence's meaning."""
    st = states(text, fast)
    assert "present" not in st.get("pain_below_buttocks", set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Sciatica down the right leg to the ankle since lifting a box.",
        "Known sciatica, now shooting pain into the left foot.",
    ],
)
def test_sciatica_with_a_path_is_pain_below_the_buttocks(text, fast):
    """Look-alike: a sciatica whose sentence names the leg or foot keeps the pain below the buttocks."""
    st = states(text, fast)
    assert "present" in st.get("pain_below_buttocks", set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Since lunchtime both legs feel numb from the waist down.",
        "A warm bath makes both legs tingle for an hour.",
        "For three days both legs have felt heavy and weak.",
    ],
)
def test_numb_or_heavy_legs_without_walking_is_no_bilateral_leg_pain(text, fast):
    """development11 a11, a23, 12 b34, 15 g02, 20 p34, 23 p025, 27 ad031, ad046, 28 ag017, 29 af024, 31 am015:
    a sensory or motor change of both legs, not a pain in both legs."""
    st = states(text, fast)
    assert "present" not in st.get("bilateral_buttock_or_leg_pain", set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "After ten minutes on her feet both legs go heavy and numb and she has to sit.",
        "Both legs get pins and needles and feel heavy once he has walked 200 yards.",
        "For two years both my legs go numb from the backside down to the knees.",
        "Both legs ache after a short walk.",
    ],
)
def test_bilateral_symptoms_of_walking_or_standing_still_read(text, fast):
    """Look-alikes: the bilateral symptoms of neurogenic claudication (walking, standing, minutes into it, or
    the path from the buttocks down) and a pain word stay pain in both legs."""
    st = states(text, fast)
    assert "present" in st.get("bilateral_buttock_or_leg_pain", set()), st


@pytest.mark.parametrize("fast", [False])
@pytest.mark.parametrize(
    ("text", "q6"),
    [
        (
            "Walks the dog daily. On examination straight leg raise on the right reproduces the calf pain.",
            "ecq_q6_calf",
        ),
        (
            "Did a hill walk at the weekend. Today both thighs are stiff and sore, worse going down stairs.",
            "ecq_q6_thigh",
        ),
        (
            "Walking is fine. After the gym yesterday her thighs are swollen and agony to touch.",
            "ecq_q6_thigh",
        ),
    ],
)
def test_ecq_site_needs_exertion_in_its_sentence(text, q6, fast):
    """development17 q37, 21 q201, 24 k036, 19 m32, 26 ab047 (ecq_q6_* spurious): ECQ question 6 asks
    where the pain on walking is felt; a site in an examination, muscle soreness after a hill walk or a
    gym session is no answer. Rules alone: the fast layer may still guess from the sentence's meaning."""
    st = states(text, fast)
    assert "present" not in st.get(q6, set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    ("text", "q6"),
    [
        ("My left calf cramps when I walk about 300 yards and I have to stop.", "ecq_q6_calf"),
        ("When he walks uphill the back of his thigh aches after ten minutes.", "ecq_q6_thigh"),
        ("The buttock pain comes on when he walks up the hill.", "ecq_q6_buttock"),
    ],
)
def test_ecq_site_with_exertion_still_reads(text, q6, fast):
    """Look-alikes: the site of a walking pain answers ECQ question 6."""
    st = states(text, fast)
    assert "present" in st.get(q6, set()), st


@pytest.mark.parametrize("fast", MODES)
def test_cauda_equina_numb_legs_keeps_its_level(fast):
    """Safety: dropping the bilateral pain reading from numb legs must not lower a cauda equina story."""
    level, flags, _ = assess(
        "Back pain for a week. Since this morning both legs numb and I cannot feel the toilet paper "
        "when I wipe.",
        fast,
    )
    assert level in ("emergency", "emergency_ambulance"), (level, flags)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Sciatica down the left leg to the heel for a fortnight. Waterworks normal. Right leg fine.",
        "Shooting pain from the buttock into the right foot since lifting; no symptoms in the left leg.",
        "Radiating pain down the back of the R leg, like an electric wire. L leg totally normal.",
    ],
)
def test_other_leg_well_rules_out_bilateral_sciatica(text, fast):
    """development11 a17, a46, 18 h35, 23 p031, 27 ad026, 28 ag039, 30 aj021, 31 am011, am039
    (bilateral_sciatica absent, 18 of 19 missed): in a one-sided radicular story, the other leg said to be
    well."""
    st = states(text, fast)
    assert "absent" in st.get("bilateral_sciatica", set()), st
    assert "present" not in st.get("bilateral_sciatica", set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Right calf hot and swollen since the long flight. Left leg fine.",
        "Sciatica in the right leg last month and the left leg was fine then; since this morning "
        "shooting pain down both legs even lying in bed.",
    ],
)
def test_other_leg_well_look_alikes(text, fast):
    """Look-alikes: without a radicular pain the other leg's being well says nothing of sciatica; a new pain
    down both legs still reads (present wins) and keeps the cauda equina flag."""
    level, flags, st = assess(text, fast)
    if "sciatica" in text.lower():
        assert "present" in st.get("bilateral_sciatica", set()), st
        assert "cauda_equina" in flags, (level, flags)
    else:
        assert "bilateral_sciatica" not in st, st
