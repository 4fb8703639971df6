"""Session 20 (fxv): leftovers the session's helpers saw (none is a probe file line; the brief's sentences
are quoted in the docstrings, and the test sentences are our own unless said).

1. An ascending weakness told in another clause ('Weak legs in a man in his twenties, climbing up over 3
   days, now struggling to breathe') was no ascending weakness: Guillain-Barre under-triaged. 'a man aged
   25,' had also read what followed as historical (the 'At 16,' cue).
2. A sentence opening with a past year ('In 1998 my feet then knees weak over four days, it was
   Guillain-Barre, fully recovered') or 'Back then' read as present.
3. One dragging foot ('My right foot has been dragging since Monday and it is getting worse') was guessed by
   the fast layer as an ascending symmetric weakness (Guillain-Barre, an emergency).
4. 'My eyelids droop by teatime and my arms tire brushing my hair' was guessed as a slurred speech (a
   myasthenic crisis, an ambulance).
5. 'No change in mobility, bladder, bowels or back pain this month' with myeloma read a new back pain
   (spinal malignancy).
6. With the rules alone 'tender behind the knee' was no deep-vein tenderness.
"""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, at_least, check_floor, check_not_emergency, is_emergency  # noqa: E402


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Weak legs in a man in his twenties, climbing up over 3 days, now struggling to breathe.",
        "Weak legs in a man aged 25, climbing up over 3 days, now struggling to breathe.",
        "Both legs weak in a woman of 40, creeping upwards over the last two days, and she is breathless.",
        "His legs are weak and it has been moving up over the past 3 days; now he cannot breathe properly.",
    ],
)
def test_ascent_in_another_clause_is_gbs_ambulance(text, fast):
    """fxv brief item 1 ('Weak legs in a man in his twenties, climbing up over 3 days, now struggling to
    breathe.'):
    weakness of both legs and a spread upwards over days, told in another clause, with breathing trouble:
    Guillain-Barre and an ambulance."""
    level, flags, _ = assess(text, fast)
    assert level == "emergency_ambulance", (text, fast, level, sorted(flags))
    assert "guillain_barre" in flags, (text, fast, sorted(flags))


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Both legs weak, going up over two days.",
        "A man aged 22, legs weak and it has been spreading up over two days.",
    ],
)
def test_ascent_over_days_floor(text, fast):
    """fxv brief item 1: the same course without breathing trouble is still Guillain-Barre (an emergency)."""
    check_floor(text, fast, "emergency", "guillain_barre")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Both legs weak. A rash has been spreading over 3 days.",
        "Both legs weak for years; it was climbing up over 3 days back in 2010 then settled.",
    ],
)
def test_ascent_lookalikes(text, fast):
    """fxv brief item 1, look-alikes: a rash spreading (no direction word), a course dated years back."""
    _, flags, _ = assess(text, fast)
    assert "guillain_barre" not in flags, (text, fast, sorted(flags))


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "In 1998 my feet then knees weak over four days, it was Guillain-Barre, fully recovered",
        "In 2004, both legs went weak from the feet up over three days and it turned out to be GBS.",
        "I was 30. Back then my feet then knees went weak over four days and it was GBS.",
    ],
)
def test_sentence_opening_with_past_year_is_history(text, fast):
    """fxv brief item 2 (the first sentence is the brief's): a sentence opening with a past year, or with
    'Back then', tells a past episode."""
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text, floor, flag",
    [
        (
            "In 2015 I had a clot in my leg; now my right calf is swollen and tender since yesterday.",
            "emergency",
            "deep_vein_thrombosis",
        ),
        (
            "In 2019 I had back surgery, and since last night I cannot pass water and my bottom is numb.",
            "emergency",
            "cauda_equina",
        ),
        (
            "In the last three days my legs have gone weak from the feet up and now I am short of breath.",
            "emergency_ambulance",
            "guillain_barre",
        ),
    ],
)
def test_past_year_cue_ends_at_now(text, floor, flag, fast):
    """fxv brief item 2, floors: ', now' or ', and since last night' ends the year's scope; 'In the last three
    days' is no past year."""
    check_floor(text, fast, floor, flag)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "My right foot has been dragging since Monday and it is getting worse.",
        "Since Monday my right foot drags and it is getting worse",
        "My left leg has been getting weaker since Friday.",
    ],
)
def test_one_dragging_foot_is_no_gbs(text, fast):
    """fxv brief item 3 (the second sentence is the brief's): one foot or leg weakening over days is a
    progressive deficit (consultation_24), not Guillain-Barre."""
    level, flags, _ = assess(text, fast)
    assert "guillain_barre" not in flags, (text, fast, sorted(flags))
    assert not is_emergency(level), (text, fast, level)
    assert at_least(level, "consultation_24"), (text, fast, level)


@pytest.mark.parametrize("fast", MODES)
def test_one_foot_then_ascent_stays_gbs(fast):
    """fxv brief item 3, floor: one foot first, then both legs and a spread upwards, is still
    Guillain-Barre."""
    check_floor(
        "Right foot numb then both legs weak, creeping up to my hips over 2 days",
        fast,
        "emergency",
        "guillain_barre",
    )


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "My eyelids droop by teatime and my arms tire brushing my hair.",
        "By evening my eyelids sag and my arms tire when I hang the washing.",
    ],
)
def test_ocular_and_limb_fatigue_is_no_bulbar_crisis(text, fast):
    """fxv brief item 4 (the first sentence is the brief's): no speech, swallow or breathing symptom is told;
    no dysarthria, no myasthenic crisis."""
    level, flags, st = assess(text, fast)
    assert "dysarthria" not in st, (text, fast, st)
    assert "myasthenic_crisis" not in flags, (text, fast, sorted(flags))


@pytest.mark.parametrize("fast", MODES)
def test_slurred_speech_with_ptosis_stays_crisis(fast):
    """fxv brief item 4, floor: a slurred, nasal speech with drooping eyelids is a bulbar symptom (an
    ambulance:
    a myasthenic crisis, or with the rules alone a stroke)."""
    check_floor(
        "By the evening my eyelids droop and my speech goes slurred and nasal.", fast, "emergency_ambulance"
    )


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "I have myeloma, on treatment. No change in mobility, bladder, bowels or back pain this month.",
        "Known myeloma. Back pain unchanged, walking fine.",
        "Breast cancer 2019. Her back ache is the same as ever.",
    ],
)
def test_unchanged_back_pain_is_not_new(text, fast):
    """fxv brief item 5 (the first sentence is the brief's, with the myeloma told): a back pain told as
    known and unchanged is no new back pain in a cancer history."""
    _, flags, _ = assess(text, fast)
    assert "spinal_malignancy" not in flags, (text, fast, sorted(flags))


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Known myeloma, new back pain since Friday.",
        "Prostate cancer. No change in bowels; back pain started last week.",
    ],
)
def test_new_back_pain_with_cancer_floor(text, fast):
    """fxv brief item 5, floors: a new back pain, or one outside the 'no change' list, keeps the flag."""
    check_floor(text, fast, "consultation_24", "spinal_malignancy")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "On the pill. Left calf 3 cm bigger than the right, tender behind the knee, pitting to the shin.",
        "After my hip operation the right calf is swollen and there is tenderness at the back of my knee.",
        "Sore behind the knee when I press it, calf swollen since yesterday",
    ],
)
def test_tender_behind_the_knee_floor(text, fast):
    """fxv brief item 6: tenderness behind the knee (the popliteal fossa) is a deep-vein tenderness; with a
    swollen calf, a DVT."""
    check_floor(text, fast, "emergency", "deep_vein_thrombosis")
    assert "present" in assess(text, fast)[2].get("deep_vein_tenderness", set())


@pytest.mark.parametrize("fast", MODES)
def test_tender_behind_the_knee_rules(fast):
    """fxv brief item 6: 'tender behind the knee' alone reads the tenderness; 'Not tender behind the
    knee' denies it."""
    assert "present" in assess("tender behind the knee", fast)[2].get("deep_vein_tenderness", set())
    st = assess("Not tender behind the knee, calf soft.", fast)[2].get("deep_vein_tenderness", set())
    assert "present" not in st, st


@pytest.mark.parametrize("fast", [False])
def test_ache_behind_the_knee_is_no_tenderness(fast):
    """fxv brief item 6, look-alike (rules alone): an ache behind the knee after walking is a pain, not a
    tenderness."""
    st = assess("Ache behind the knee after walking, known Baker's cyst.", fast)[2]
    assert "deep_vein_tenderness" not in st, st
