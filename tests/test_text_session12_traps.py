"""Session 12 (helper fx9): negation and time traps.

Each test is a floor (text -> at least this triage / this flag, in both reader modes) or a look-alike
(text -> not an emergency / not this finding), with the probe line it came from
(tests/fixtures/probes/session12_py.txt). The sentences are invented and differ from the probe lines.
"""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import BOTH_MODES, assess, check_floor, is_emergency, read  # noqa: E402

# --- a double negation affirms (py:1) -----------------------------------------------------------------------


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        "I couldn't say she hasn't had it, her bottom has gone numb since Monday and her back hurts.",
        "I wouldn't say I haven't noticed: numb in the saddle area since the weekend, back pain too.",
        "I can't say I haven't noticed it: since Tuesday wiping feels numb down there, like after the "
        "dentist. Back's been bad for years and both legs ache when I walk to the shops. No fever, no "
        "weight loss.",
    ],
)
def test_double_negation_saddle_numbness(text, fast):
    """session12_py.txt:1 ('can't say I haven't noticed' is a yes): cauda equina."""
    check_floor(text, fast, "emergency", "cauda_equina")


@BOTH_MODES
def test_single_negation_still_negates(fast):
    """session12_py.txt:1 look-alike: a plain 'haven't noticed' still negates the saddle numbness."""
    text = "I haven't noticed any numbness down below; my calves ache when I walk uphill."
    level, _, st = assess(text, fast)
    assert "present" not in st.get("saddle_anesthesia", set())
    assert not is_emergency(level)


# --- 'can't walk no more' is 'any more'; 'the flew'; 'legs and arms going' (py:30) -------------------------


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        "he cant stand up no more since Sunday, legs and arms going, caught a bad flew last week, "
        "his breathing is weak",
        "my wife cant walk no more since yesterday both legs and arms going, she say she cant get a deep "
        "breath in and her cough is weak, had the flew two weeks ago",
    ],
)
def test_gbs_dialect_with_breathing(text, fast):
    """session12_py.txt:30: limbs failing after a flu, with breathing trouble: ambulance."""
    check_floor(text, fast, "emergency_ambulance", "guillain_barre")


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        "We flew back from Spain two weeks ago; my calves ache walking uphill.",
        "Her legs and arms going numb when she sits too long, no weakness, no recent illness.",
        "I can't sleep no more since the move, no leg weakness, calves ache on hills.",
    ],
)
def test_gbs_look_alikes(text, fast):
    """session12_py.txt:30 look-alikes: the verb 'flew', limbs 'going numb', a 'no more' with a real 'no'."""
    assert not is_emergency(assess(text, fast)[0])


# --- 'can't not mention' affirms (py:13) ------------------------------------------------------------------


@BOTH_MODES
def test_cannot_not_mention_affirms(fast):
    """session12_py.txt:13: 'couldn't not tell you about the new back pain at night' is a yes (malignancy)."""
    check_floor(
        "I've lost weight without trying and I couldn't not tell you about the new back pain that wakes me "
        "at night; both legs buckle on walking now.",
        fast,
        "emergency",
        "spinal_malignancy",
    )


# --- a past year ends its episode (py:60) -------------------------------------------------------------------


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        "Swollen left calf and short of breath back in 2018, a clot, on warfarin for six months. Now calves "
        "ache walking uphill, no swelling.",
        "He was breathless with a swollen leg in 2019, that was the clot, treated. Now no swelling, no "
        "breathlessness, no chest pain; he just wants his legs checked because his walking slows after half "
        "a mile.",
    ],
)
def test_past_year_episode_not_an_emergency(text, fast):
    """session12_py.txt:60: a clot in a past year, treated, with nothing now: not an emergency."""
    assert not is_emergency(assess(text, fast)[0])


@BOTH_MODES
def test_since_a_year_still_current(fast):
    """session12_py.txt:60 floor: 'since 2019' is no past-episode cue; a calf swollen since then and now hot
    with breathlessness is a DVT."""
    check_floor(
        "Left calf swollen and tender since 2019 but much worse and hot since yesterday, now short of "
        "breath.",
        fast,
        "emergency",
        "deep_vein_thrombosis",
    )


# --- an age in digits as a text's first word (py:44) -------------------------------------------------


@BOTH_MODES
def test_opening_age_in_digits_gca(fast):
    """session12_py.txt:44: '78, ...' opening the text is the writer's age; temple headache and jaw pain on
    chewing at that age are giant cell arteritis."""
    check_floor(
        "78, shoulders and hips stiff in the mornings for weeks. New since Sunday: pain at my temples and my "
        "jaw tires when I chew.",
        fast,
        "emergency",
        "giant_cell_arteritis",
    )


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    ["50, metres and I stop with calf pain.", "12. Calves ache walking.", "72.5 kg, calves ache walking."],
)
def test_opening_number_not_an_age(text, fast):
    """session12_py.txt:44 look-alikes: a distance, a list number, a weight are not ages."""
    assert read(text, fast).case.age is None


# --- a foot drop in lay words; 'not able to walk ... without' (py:31, py:33) ---------------------------


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        "For a fortnight her left toes have started to scuff the carpet, and she can't lift her left foot on "
        "the stairs.",
        "He can't get to the shop without his left foot dragging now, getting worse for a month.",
    ],
)
def test_foot_drop_floor(text, fast):
    """session12_py.txt:31 and :33: a foot drop over weeks is a progressive deficit (consultation_24)."""
    check_floor(text, fast, "consultation_24", "progressive_neurological_deficit")


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        "I can walk 200 m without my leg dragging or any pain, calves ache after a mile.",
        "I'm able to lift my toes and walk on my heels fine; calves ache after half a mile.",
    ],
)
def test_foot_drop_look_alikes(text, fast):
    """session12_py.txt:31 and :33 look-alikes: an ability kept is no deficit."""
    _, flags, _ = assess(text, fast)
    assert "progressive_neurological_deficit" not in flags
