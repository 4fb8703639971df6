"""Session 21 (fxb): the new probe authors' acute limbs, compartments and calves.

An acute limb told in plain or Scots speech ('it went sudden like', 'cauld tae touch') on an old
claudication, a bypass leg gone numb and weak since waking, a thigh compartment stretched by straightening
the knee, a compartment syndrome asked about as a hypothetical ('lifting the toes back is agony', 'worse
than anything you've ever had'), a swollen, painful calf with the side told between; and the look-alike of
a leaflet's 'watch for calf swelling'. Look-alikes: a claudication that is only worse, a numb foot after
sleeping on it without a graft, a sore knee bent by its owner, a skin graft, a cramp. The sentences are our
own unless a docstring names the source line; both modes."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, check_floor, check_not_emergency, probe_line  # noqa: E402


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "My leg's been bad with the walking for ages but last night it went sudden. Now the foot's a "
        "funny grey colour and it's cold to touch.",
        "Claudication in the left calf for ages. Yesterday it came on sudden: the foot went pale and "
        "it's cauld tae touch.",
    ],
)
def test_sudden_change_on_old_claudication(text, fast):
    """session21_ua:7: 'it went sudden' on a claudication of years, with a pale or cold foot dated to a
    near day: acute limb ischaemia (the walking's slow course is no slow course of the limb)."""
    check_floor(text, fast, "emergency", "acute_limb_ischemia")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "She had a bypass graft in her left leg in 2019. Since waking she says the leg feels heavy, "
        "it's numb up to the ankle and she can't lift the front of her foot.",
        "Fem-pop bypass on the right two years ago. Since waking the right foot is numb and weak and he "
        "cannot lift the front of his foot.",
    ],
)
def test_bypass_leg_numb_and_weak_since_waking(text, fast):
    """session21_ua:8: a leg with a bypass gone numb and weak since waking: a graft occlusion with a
    threatened limb until shown otherwise (ambulance)."""
    check_floor(text, fast, "emergency_ambulance", "acute_limb_ischemia")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Found him on the floor after a night of drinking, lying on his left leg. The thigh is swollen "
        "and tight and he howls if we straighten his leg.",
        "After lying on her leg for hours she has a swollen and tight thigh and she cries out if the "
        "paramedic straightens her leg.",
    ],
)
def test_thigh_compartment_stretched_by_the_knee(text, fast):
    """session21_ua:24: a thigh swollen and tight after a long lie, with a cry when another person moves
    the knee or leg: acute compartment syndrome (ambulance)."""
    check_floor(text, fast, "emergency_ambulance", "acute_compartment_syndrome")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Hypothetically, if after a kick the calf went rock hard and lifting the toes up was agony, "
        "could it wait till Monday?",
        "Say someone's calf was rock hard after a kick and the pain was worse than anything they'd ever "
        "felt, would that be fine till the weekend?",
    ],
)
def test_compartment_syndrome_asked_as_a_hypothetical(text, fast):
    """session21_ub:27: a compartment syndrome framed as a question ('if the calf goes rock hard ...
    lifting the toes back is agony'): the stretch pain and the pain beyond anything ever felt are items
    (ambulance)."""
    check_floor(text, fast, "emergency_ambulance", "acute_compartment_syndrome")


@pytest.mark.parametrize("fast", MODES)
def test_toes_moved_back_is_no_back_pain(fast):
    """session21_ub:27: 'lifting the toes back is agony' names no back."""
    _, _, st = assess("After a kick to the shin, even lifting the toes back is agony.", fast)
    assert "back_pain" not in st and "thoracic_or_progressive_back_pain" not in st, st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Flew home from Singapore on Sunday. Left calf is swollen on that side only, hot and painful "
        "when I walk.",
        "After the long drive my right calf is swelled up on one side only, tight and painful to walk on.",
    ],
)
def test_swollen_painful_calf_with_the_side_between(text, fast):
    """session21_ub:35: one calf swollen and painful with the side told between the two: suspected DVT."""
    check_floor(text, fast, "emergency", "deep_vein_thrombosis")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(("name", "line"), [("session21_ua.txt", 7), ("session21_ua.txt", 8),
                                            ("session21_ua.txt", 24), ("session21_ub.txt", 27),
                                            ("session21_ub.txt", 35)])
def test_probe_lines(name, line, fast):
    """The probe lines themselves (session21_ua:7, 8, 24; session21_ub:27, 35)."""
    level, text = probe_line(name, line)
    check_floor(text, fast, level)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        # session21_ub:54 itself
        probe_line("session21_ub.txt", 54)[1],
        "Discharge sheet after my hip replacement: watch for a swollen calf or chest pain. Day 5, hip "
        "sore and stiff, calves soft and the same size.",
    ],
)
def test_safety_net_watch_for_is_no_swelling(text, fast):
    """session21_ub:54 and our own: a leaflet's 'watch for calf swelling' beside a sore joint and normal
    calves is no swelling and no tender calf (consultation)."""
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "My legs have been bad with the walking for years and it's getting worse this year. Feet warm, "
        "good colour.",
        "Woke up with a numb foot, I must have slept on it funny, it was fine again by lunch.",
        "Says since waking the leg feels heavy, he can't lift the front of the foot properly and it's "
        "numb up to the ankle. He thinks he slept on it funny.",
        "My knee hurts when I bend it and it screams if I straighten my knee after sitting. Arthritis "
        "for years.",
        "Had a skin graft on my left leg after a burn. The graft in the leg is healing well.",
        "It came on sudden last night, a cramp in my calf that went after I stretched it. Foot warm and "
        "pink.",
        "My physio said the pain is worse than anything the massage does, but it settles after a rest.",
    ],
)
def test_look_alikes_not_emergency(text, fast):
    """Look-alikes: a claudication only worse, a numb foot that went by lunch, a numb and weak foot since
    waking with no graft (a pressure palsy), a sore knee bent by its owner, a skin graft, a cramp that
    went, a pain compared with no 'ever'."""
    check_not_emergency(text, fast)
