"""Session 19 (fxk): spinal and cord emergencies the session-19 probe files found read as nothing: urine that
can no longer be passed, a cancer said to have spread to the spine with weak legs, numbness climbing from
the feet to the trunk, a saddle checked with a tissue and not felt, dictated notes misrecognised by speech
software ('my allopathy', 'in continents', 'up going planters', 'comma', 'full stop', 'epi drool'), and a
sore epidural site with a fever after childbirth.

Each floor has a look-alike that must stay below an emergency (nocturia gone, a spread denied or to the
liver, numbness to the knees, a saddle felt normally, a sore vaccination site). The sentences are our own;
the probe line each comes from is named in its docstring or beside it."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, at_least, is_emergency, probe_line  # noqa: E402


def _floor(text: str, fast: bool, floor: str, flag: str | None = None) -> None:
    level, flags, _ = assess(text, fast)
    assert at_least(level, floor), (text, fast, level, sorted(flags))
    if flag is not None:
        assert flag in flags, (text, fast, level, sorted(flags))


def _not_emergency(text: str, fast: bool) -> None:
    level, flags, _ = assess(text, fast)
    assert not is_emergency(level), (text, fast, level, sorted(flags))


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Dad's calves ache on his walk to the shop. Since lunchtime he can no longer pass urine.",
        "She is no longer able to pee and her back hurts.",
        "He's no longer able to wee since yesterday evening.",
        "Can no longer empty my bladder at all today.",
        "I can't pass water any more and my back is killing me.",
        "He has stopped passing water since the morning.",
    ],
)
def test_urine_no_longer_passed_is_retention(text, fast):
    """session19_sd:29: 'can no longer pass water' (and its family) is a new retention: cauda equina."""
    _floor(text, fast, "emergency", "cauda_equina")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "He no longer gets up at night to pass water, and his calves ache after 200 yards.",
        "Since the tablets she no longer pees so often at night; calves tight on hills.",
    ],
)
def test_nocturia_gone_is_no_retention(text, fast):
    """session19_sd:29 look-alike: 'no longer' without 'can' or 'able' (a nocturia that has gone) is no
    retention."""
    _not_emergency(text, fast)
    _, _, states = assess(text, fast)
    assert "present" not in states.get("new_urinary_retention_or_incontinence", set()), (text, fast, states)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "The oncologist says her myeloma has spread to the spine, and this week both her legs feel weak.",
        "Prostate cancer, now with secondaries in his spine; his legs are weak when he stands.",
        "Known spinal mets from a lung primary. Both legs weaker than last week.",
    ],
)
def test_cancer_spread_to_spine_with_weak_legs_is_mscc(text, fast):
    """session19_sd:9: a cancer said to have spread to the spine with weak legs is suspected metastatic cord
    compression (spinal malignancy's escalation)."""
    _floor(text, fast, "emergency", "spinal_malignancy")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "The scan showed the cancer has not spread to his spine. His calves ache after half a mile.",
        "Her bowel cancer spread to the liver two years ago; now her calves cramp on walking.",
    ],
)
def test_spread_denied_or_elsewhere_is_no_spinal_metastasis(text, fast):
    """session19_sd:9 look-alike: a spread denied or to another organ is no spinal metastasis."""
    _, _, states = assess(text, fast)
    assert "present" not in states.get("cancer_history_new_back_pain", set()), (text, fast, states)
    _not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Over the last three days the numbness has crept from my feet up to my belly button.",
        "Tingling has spread from his toes up to below the nipples and his legs are stiff.",
        "numbness creeping from both legs up as far as my chest",
    ],
)
def test_numbness_climbing_from_feet_to_trunk_is_a_sensory_level(text, fast):
    """session19_sd:37: numbness climbing from the feet up to the trunk is an ascending sensory level."""
    _floor(text, fast, "emergency", "spinal_cord_compression")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Numbness has crept from my feet up to my knees over two years; I have diabetes.",
        "Tingling from my toes up to my ankles at night, for months.",
    ],
)
def test_numbness_to_the_knees_is_no_sensory_level(text, fast):
    """session19_sd:37 look-alike: numbness from the feet to the knees or ankles is a stocking, not a level
    (not asserted below an emergency: 'crept from my feet up to my knees' still reads as an ascending
    weakness, an older rule's reading of a spread, whatever its course)."""
    level, flags, states = assess(text, fast)
    assert "present" not in states.get("sensory_level", set()), (text, fast, states)
    assert "spinal_cord_compression" not in flags, (text, fast, level, flags)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Sciatica both sides. The GP told me to test with toilet paper down there. I did and could not feel "
        "a thing there.",
        "Low back pain. nurse said to touch a tissue down below. did it, no feeling down there at all",
    ],
)
def test_saddle_checked_with_tissue_and_not_felt_is_saddle_anaesthesia(text, fast):
    """session19_sd:61: a saddle checked with a tissue and nothing felt there is saddle anaesthesia."""
    _floor(text, fast, "emergency", "cauda_equina")


@pytest.mark.parametrize("fast", MODES)
def test_saddle_checked_with_tissue_and_felt_is_not_an_emergency(fast):
    """session19_sd:61 look-alike: the same check with a normal feeling."""
    text = (
        "Back ache and my calves hurt walking. The GP told me to check with tissue down below. "
        "I did and I can feel it fine there."
    )
    _not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Thoracic my allopathy comma worse gait this month and now urinary in continence comma plantars "
        "up going full stop",
        "Referral comma known cervical my allopathy comma bladder in continents since Monday full stop",
    ],
)
def test_dictated_myelopathy_with_incontinence_is_an_emergency(text, fast):
    """session19_se:35: speech recognition's 'my allopathy', 'in continents/continence' and 'up going
    planters' are read as myelopathy, incontinence and upgoing plantars."""
    _floor(text, fast, "emergency", "spinal_cord_compression")


@pytest.mark.parametrize("fast", MODES)
def test_dictated_full_stop_and_commas_end_a_negation(fast):
    """session19_se:44: dictated 'comma' and 'full stop' end a cue's scope as written punctuation do (a 'no
    swelling comma no redness full stop' list with a hypothetical 'if urine darkens' after it)."""
    text = (
        "thirty year old sore thighs a day after a long hike comma easing each day full stop urine normal "
        "colour comma no swelling full stop told to come back if urine darkens"
    )
    _not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
def test_down_going_planters_are_not_upgoing(fast):
    """session19_se:35 look-alike: a normal plantar response dictated ('down going planters') is no
    Babinski sign."""
    _, _, states = assess("cervical spondylosis comma down going planters both sides full stop", fast)
    assert "present" not in states.get("babinski_sign", set()), (fast, states)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Five days after a caesarean under an epidural; the epidural site is red and tender and she has a "
        "temperature of 38.6.",
        "Had an epi drool for the birth last week, now a sore area at the epidural site and fever 38.2.",
    ],
)
def test_sore_epidural_site_with_fever_is_spinal_infection(text, fast):
    """session19_sf:8: a sore or tender epidural site with a fever after childbirth is a spinal infection."""
    _floor(text, fast, "emergency", "spinal_infection")


@pytest.mark.parametrize("fast", MODES)
def test_sore_vaccination_site_with_fever_is_not_spinal_infection(fast):
    """session19_sf:8 look-alike: a sore injection site on the arm with a fever is no spinal pain."""
    text = "Sore spot at the injection site on my arm after the flu jab, fever 38.1, calves ache walking."
    level, flags, _ = assess(text, fast)
    assert "spinal_infection" not in flags, (fast, level, flags)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "line",
    [
        ("session19_sd.txt", 29),
        ("session19_sd.txt", 9),
        ("session19_sd.txt", 37),
        ("session19_sd.txt", 61),
        ("session19_se.txt", 35),
        ("session19_sf.txt", 8),
    ],
)
def test_the_probe_lines(line, fast):
    """The probe lines themselves (session19_sd:29, sd:9, sd:37, sd:61, se:35, sf:8)."""
    floor, text = probe_line(*line)
    _floor(text, fast, floor)
