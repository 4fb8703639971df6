"""Session 15 (fxe): several people or problems in one message, hearsay, and changes of direction over time
(probe files session15_qj, qk, ql).

A DVT diagnosed days ago with chest pain on breathing in, a couple given one age, a leg cold since a clock
time, a toe movement that makes the patient cry out under a cast, a request to see a relative who is the
patient, a sudden change of an old claudication, a one-sided weakness with slurred speech, a calf that
suddenly got fatter this week after years of swelling of both legs; and the look-alikes that must not fire
(a DVT of years ago, an age with a unit after 'both', a leg always cold, a slow slurring, 'never any' in a
list, a red urine explained by beetroot). Each read in both modes."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, check_floor, check_not_emergency, read  # noqa: E402


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Her DVT was confirmed on Monday and since this morning she has sharp chest pain when she "
        "breathes in.",
        "Diagnosed with a DVT in the left leg yesterday; now coughing up blood.",
        "Newly diagnosed DVT in his calf, and he went suddenly breathless on the stairs.",
    ],
)
def test_recent_dvt_with_pe_features(text, fast):
    """session15_qj:3: a DVT diagnosed days ago is a present one; with PE features an ambulance."""
    check_floor(text, fast, "emergency_ambulance", "deep_vein_thrombosis")


@pytest.mark.parametrize("fast", MODES)
def test_old_or_denied_dvt_is_no_scan_proven_one(fast):
    """session15_qj:3 look-alikes: a DVT of years ago, a scan that found none, a DVT to be diagnosed."""
    for text in (
        "DVT diagnosed in 2015, treated for six months. Knees ache on the stairs.",
        "No DVT found on the scan yesterday. Calf ache after walking.",
        "If a DVT is diagnosed today she will start tablets.",
    ):
        _, _, st = assess(text, fast)
        assert "present" not in st.get("proximal_dvt_on_ultrasound", set()), (text, fast, st)


@pytest.mark.parametrize("fast", MODES)
def test_one_age_for_a_couple(fast):
    """session15_qj:13: 'both 71' is the age of each; with jaw claudication giant cell arteritis."""
    check_floor(
        "We are both 74. My wife has had a new headache for two weeks and her jaw aches when she chews.",
        fast,
        "emergency",
        "giant_cell_arteritis",
    )
    check_floor(
        "Couple, both aged seventy-two. Him: knee pain. Her: new pain at the temples and her jaw tires "
        "chewing.",
        fast,
        "emergency",
        "giant_cell_arteritis",
    )
    for text in (
        "We both walked 40 minutes and our calves ache.",
        "They both 2 weeks ago got cramps in the calves.",
    ):
        assert read(text, fast).case.age is None, text


@pytest.mark.parametrize("fast", MODES)
def test_leg_cold_since_a_clock_time(fast):
    """session15_qk:29: a leg cold and numb since a clock time began hours ago: acute limb ischaemia."""
    check_floor(
        "Her left leg has been cold and mottled since about 11am and the numbness is creeping up to "
        "the knee.",
        fast,
        "emergency_ambulance",
        "acute_limb_ischemia",
    )
    check_floor(
        "Right foot cold and numb since 14:30, he can barely move his toes.",
        fast,
        "emergency_ambulance",
        "acute_limb_ischemia",
    )


@pytest.mark.parametrize("fast", MODES)
def test_leg_cold_for_years_is_no_acute_onset(fast):
    """session15_qk:29 look-alikes: a year is no clock time; feet always cold."""
    for text in (
        "Left foot numb and cold since 2014, no change.",
        "My feet have always been cold and blotchy; numb since 3pm after the dental injection in my jaw.",
    ):
        _, flags, _ = assess(text, fast)
        assert "acute_limb_ischemia" not in flags, (text, fast, flags)


@pytest.mark.parametrize("fast", MODES)
def test_moving_the_toes_makes_them_cry_out(fast):
    """session15_qk:30: toes named, then moved as 'them' and the patient cries out (passive stretch), with
    pain out of proportion under a cast: compartment syndrome."""
    check_floor(
        "Fractured tibia in a cast since Friday. Tonight the leg is agony even with the oxycodone, his toes "
        "are numb and moving them makes him scream.",
        fast,
        "emergency_ambulance",
    )
    text = (
        "Plaster on since Monday. At 3am the shin is agony despite morphine and bending her toes makes "
        "her cry out."
    )
    _, _, st = assess(text, fast)
    assert "present" in st.get("pain_on_passive_stretch", set()), (text, fast, st)
    _, _, st = assess("My toes are stiff in the mornings and moving them makes me wince a bit.", fast)
    assert "present" not in st.get("pain_on_passive_stretch", set())


@pytest.mark.parametrize("fast", MODES)
def test_request_to_see_a_relative(fast):
    """session15_qk:31: someone asked to see or visit 'Dad' or 'my mum': the relative is the patient, and
    cancer with new night back pain is the spinal malignancy flag."""
    check_floor(
        "District nurse asks if a doctor could visit Mum today: breast cancer, new back pain that wakes her "
        "every night. She is walking fine.",
        fast,
        "consultation_24",
        "spinal_malignancy",
    )
    _, _, st = assess("My dad has prostate cancer. My knee aches on the stairs.", fast)
    assert "present" not in st.get("cancer_history", set())


@pytest.mark.parametrize("fast", MODES)
def test_sudden_change_of_old_claudication(fast):
    """session15_ql:18: a sudden change dated days back, with a cooler and paler foot, on claudication of
    years: acute limb ischaemia."""
    check_floor(
        "Calf pain walking for years at the same distance. Since Sunday it is suddenly much worse and the "
        "right foot is white and cold compared with the left.",
        fast,
        "emergency",
        "acute_limb_ischemia",
    )
    _, flags, _ = assess("My feet have always been cold and pale. Since Monday my knee suddenly locks.", fast)
    assert "acute_limb_ischemia" not in flags


@pytest.mark.parametrize("fast", MODES)
def test_slurring_with_one_side_weak(fast):
    """session15_ql:25: slurred speech and one side weak now (after a spell that came back): a stroke."""
    check_floor(
        "Nan had a funny turn and got better, now half an hour later she is slurring again and her right arm "
        "is floppy.",
        fast,
        "emergency_ambulance",
        "stroke",
    )


@pytest.mark.parametrize("fast", MODES)
def test_calf_suddenly_fatter_after_years_of_two_sided_swelling(fast):
    """session15_ql:31: years of two-sided swelling, then one calf suddenly bigger this week: a new swelling,
    a DVT emergency."""
    check_floor(
        "My ankles have swelled on and off for years, both the same. This week the right calf has suddenly "
        "got bigger and it is tender.",
        fast,
        "emergency",
    )


@pytest.mark.parametrize("fast", MODES)
def test_never_any_denies_a_list(fast):
    """session15_ql:46: 'Never any weakness on one side or trouble speaking' denies the speech trouble."""
    for text in (
        "Dizzy on standing for years, it passes in seconds. Never any weakness on one side or trouble "
        "speaking.",
        "Legs feel wobbly when I get up fast. Never any numbness on one side or trouble with speech.",
    ):
        check_not_emergency(text, fast)
    check_floor(
        "Never any trouble before, but since ten minutes ago his face droops and his speech is slurred.",
        fast,
        "emergency_ambulance",
        "stroke",
    )


@pytest.mark.parametrize("fast", MODES)
def test_red_urine_explained_by_beetroot(fast):
    """session15_qj:44: 'but that was the beetroot' explains the red urine before it; a cola urine after a
    marathon told later is still read."""
    check_not_emergency("His wee looked pink on Sunday but it turned out to be the beetroot salad.", fast)
    check_floor(
        "Red wee on Monday but that was the beetroot. Today, after the marathon, my pee is cola-coloured.",
        fast,
        "emergency",
        "rhabdomyolysis",
    )
