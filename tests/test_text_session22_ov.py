"""Session 22 (ov): over-triage and spurious red flags.

A heaviness that comes on with walking is no spreading weakness (Guillain-Barre); an operation's wound is no
foot wound (chronic limb-threatening ischaemia); the fast layer's fever with back pain needs a back in the
text, and its one-leg swelling guess no swelling said to be absent. Beside each fix, a floor test: the urgent
version still reads urgent. The sentences are our own unless a docstring names the source line; both modes."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, check_floor, check_not_emergency  # noqa: E402


# 1. an exertional heaviness --------------------------------------------------------------------------------
@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Thighs heavy on long walks now.",
        "My thighs feel heavy on long walks now.",
        "His thighs go heavy when walking now, fine once he stops.",
        "Heaviness after a long walk in both thighs now, gone by the evening.",
    ],
)
def test_heaviness_on_walks_is_no_spreading_weakness(text, fast):
    """The brief's item 1 (its own two sentences, and ours): a heaviness said to come with walking, with
    'now' (these days) and the thighs, is claudication's heaviness, not an ascending weakness."""
    level, flags, _ = assess(text, fast)
    assert "guillain_barre" not in flags, (level, flags)
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Legs heavy and weak since Tuesday, now up to his thighs, he can't walk.",
        "Her legs went heavy on walking on Monday, now the heaviness is up to her thighs and hands.",
        "Feet weak three days ago, now weak up to my thighs even when walking a few steps.",
    ],
)
def test_spreading_weakness_still_reads_guillain_barre(text, fast):
    """Floor for item 1: a weakness (or a heaviness not tied to walking) that climbs to the thighs is still
    Guillain-Barre, an ambulance, with walking named in the sentence."""
    check_floor(text, fast, "emergency_ambulance", "guillain_barre")


# 2. an operation's wound -----------------------------------------------------------------------------------
@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        '{"procedure":"lumbar laminectomy","date":"10 days ago","wound":"dry",'
        '"back_pain":"far worse, constant, wakes him","temperature":"feverish, sweats at night"}',
        "Lumbar discectomy ten days ago. Wound dry. Temperature: feverish. Back pain worse and constant.",
    ],
)
def test_operation_wound_is_no_foot_wound(text, fast):
    """session22_va:35: after a spinal operation, 'wound dry' with a fever is the operation's wound: the
    spinal infection stays (an emergency), no foot wound or limb-threatening ischaemia is read."""
    level, flags, st = assess(text, fast)
    assert "chronic_limb_threatening_ischemia" not in flags, (level, flags)
    assert "present" not in st.get("foot_wound_or_sore", set())
    check_floor(text, fast, "emergency", "spinal_infection")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Toe amputation two weeks ago. Wound black and smelly. Temperature: feverish.",
        "Operation on the foot last month, the wound is weeping pus and he is feverish.",
        '{"procedure":"2nd toe amputation","wound":"sloughy, smelly","temperature":"feverish"}',
    ],
)
def test_foot_operation_wound_still_reads_threatened_foot(text, fast):
    """Floor for item 2: a wound after a foot or toe operation, infected or black, with a fever, is still a
    threatened foot (chronic limb-threatening ischaemia), an emergency."""
    check_floor(text, fast, "emergency", "chronic_limb_threatening_ischemia")


# 4. the fast layer's fever with back pain ------------------------------------------------------------------
@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        '{"type":"wound_review","site":"left big toe","appearance":"dry, pink, healing well",'
        '"temperature":"feverish, shivery last night","pedal_pulses":"present"}',
    ],
)
def test_fever_without_a_back_is_no_spinal_infection(text, fast):
    """session22_va:23 (default mode): a fever in a record that names no back or spine is no fever with back
    pain (the spinal-infection flag)."""
    level, flags, st = assess(text, fast)
    assert "spinal_infection" not in flags, (level, flags)
    assert "present" not in st.get("fever_with_back_pain", set())


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Feverish with shivers since yesterday and my lower back is agony.",
        '{"temperature":"feverish, rigors","back_pain":"severe, new, mid back"}',
    ],
)
def test_fever_with_a_back_pain_still_reads_spinal_infection(text, fast):
    """Floor for item 4: a fever with a back pain is still a spinal infection, an emergency."""
    check_floor(text, fast, "emergency", "spinal_infection")


# 5. a swelling said to be absent ---------------------------------------------------------------------------
@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Calf swelling absent. Calf ache walking uphill.",
        "Leg swelling denied. Both calves ache after half a mile, easing with rest.",
    ],
)
def test_swelling_said_absent_is_no_swollen_leg(text, fast):
    """The brief's item 5 (default mode): a calf or leg swelling said to be absent is no whole leg swollen;
    with an exertional calf ache it is no emergency."""
    level, _flags, st = assess(text, fast)
    assert "present" not in st.get("wells_entire_leg_swollen", set()), level
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Calf swelling absent last week. Now his left leg is swollen from the groin to the ankle "
        "since yesterday and the calf is tender.",
    ],
)
def test_swollen_leg_after_an_absent_one_still_reads_dvt(text, fast):
    """Floor for item 5: a one-leg swelling now, beside a swelling said absent before, is still a deep vein
    thrombosis, an emergency."""
    check_floor(text, fast, "emergency", "deep_vein_thrombosis")


# 4b. what the fever-with-back-pain guess had stood in for --------------------------------------------------
@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Mum's two little toes have turned the colour of a ripe plum, soft and oozing, and the smell is like "
        "rotting meat. She is burning hot tonight.",
        "His big toe has gone the colour of an aubergine and it smells like the bins on a hot day. Shivery.",
    ],
)
def test_toes_gone_plum_coloured_and_smelly_read_as_infected_foot(text, fast):
    """session14_pz:18: the emergency of toes gone the colour of a plum, with a smell told by a likeness to
    rot and a fever, had stood only on the fast layer's fever-with-back-pain guess (a wrong flag); with the
    guess needing a back, the toes must read as a threatened, infected foot themselves."""
    check_floor(text, fast, "emergency", "chronic_limb_threatening_ischemia")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "My socks smell like the bin after football, and my toes went a bit purple in the cold but warmed "
        "up.",
    ],
)
def test_smelly_socks_are_no_infected_foot(text, fast):
    """The look-alike of the above: smelly feet after sport and toes dusky in the cold that recover."""
    level, flags, _ = assess(text, fast)
    assert "chronic_limb_threatening_ischemia" not in flags, (level, flags)
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Got a cramp in my calf in the night after a long run, over in a minute, a bit tender now but normal "
        "size. All good really.",
    ],
)
def test_calf_of_normal_size_is_no_swelling(text, fast):
    """session16_qx:45 (default mode, KNOWN_OVER): a calf said to be its normal size after a night cramp is
    no one-sided swelling (the fast layer had guessed one), no emergency."""
    _level, _flags, st = assess(text, fast)
    assert "present" not in st.get("unilateral_calf_swelling", set())
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "My left calf is twice its usual size since this morning, hot and tender.",
        "Right calf bigger than its normal size since yesterday, tender along the back.",
    ],
)
def test_calf_bigger_than_its_usual_size_still_reads_swollen(text, fast):
    """Floor for the above: a calf 'twice its usual size' or 'bigger than its normal size' since a day is
    still a one-sided swelling, an emergency."""
    check_floor(text, fast, "emergency")


# 6. a field named for two sites ----------------------------------------------------------------------------
@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "clinic_export.csv\nage,hip_shoulder_stiffness,headache_new,jaw_ache_eating\n"
        "71,some stiffness in the hips and knees getting out of a chair,no,no",
        "hip_shoulder_pain: aching in the hips after gardening, better by evening\nneck_stiffness: no",
    ],
)
def test_site_pair_field_is_no_shoulder_ache(text, fast):
    """session22_va:49 (a look-alike): a field named 'hip_shoulder_stiffness' asks about either site; a value
    that names only the hips is no shoulder aching (polymyalgia's consultation_24)."""
    level, _flags, st = assess(text, fast)
    assert "present" not in st.get("bilateral_shoulder_aching", set()), level


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "clinic_export.csv\nage,hip_shoulder_stiffness,headache_new,jaw_ache_eating\n"
        "71,both shoulders and hips stiff every morning for 2 months,no,no",
        "Both shoulders ache and are stiff every morning, and my hips too, for six weeks.",
    ],
)
def test_shoulders_named_in_their_own_words_still_read(text, fast):
    """The other side of the above: shoulders named in words of their own, under such a field or in prose,
    are still read as both shoulders aching."""
    _level, _flags, st = assess(text, fast)
    assert "present" in st.get("bilateral_shoulder_aching", set())


# 7. KNOWN_OVER: passing urine said to be normal ------------------------------------------------------------
@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Peed normally this morning, everything feels normal down there today.",
        "Weed normally, all feels normal there now. Do I need a softer seat?",
    ],
)
def test_peed_normally_is_no_retention(text, fast):
    """session14_py:23 (default mode, KNOWN_OVER): 'peed normally' (after a numb saddle that came back, in
    the probe) is no new retention (the fast layer had guessed one, a cauda equina emergency)."""
    _level, _flags, st = assess(text, fast)
    assert "present" not in st.get("new_urinary_retention_or_incontinence", set())
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Since this morning my bottom is numb and I can't pee normally, only dribbles.",
        "Numb between the legs since lunch and I haven't peed at all since, bladder feels full.",
    ],
)
def test_cannot_pee_normally_still_reads_cauda_equina(text, fast):
    """Floor for the above: a numb bottom with urine that will not pass normally is still cauda equina."""
    check_floor(text, fast, "emergency", "cauda_equina")
