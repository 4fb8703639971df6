"""Session 19 (fxl): limb and vascular lines of the session-19 probe files.

- A pale, cold, numb leg the day after a femoral (dialysis) line came out is an acute limb ischaemia
  (session19_sf:20): a line or catheter in the groin is an arterial procedure for the combine that dates a
  cold leg to it.
- An animal's leg ('my dog's left back leg went cold and floppy') is not the writer's (session19_sd:6).
- Both calves 'a bit swollen by evening and sore' are no severe muscle swelling (session19_sd:22).
- A calf 'still swollen and sore' after a scan that ruled the clot out is no DVT emergency (session19_sd:40).
- A calf that aches on long walks and swells by evening, better with the leg up, is no tender calf
  (session19_sd:50).

Each look-alike has an urgent twin read in both modes (the probe's neighbouring line and sentences of our
own). The sentences are ours; the probe lines they come from are named in each docstring."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import BOTH_MODES, assess, check_floor, check_not_emergency, probe_line, states  # noqa: E402

# --- acute limb ischaemia after a femoral line (session19_sf:20) -----------------------------------------

FEMORAL_LINE_ALI = [
    "They took the dialysis line out of his left groin this morning. Since then his left foot is white and "
    "cold and he says it has gone numb.",
    "Femoral venous catheter removed yesterday on ICU. Right leg now cold and pale from mid-calf down, "
    "tingling in the toes and she cannot move them properly.",
]


@BOTH_MODES
def test_femoral_line_probe_line_is_acute_limb_ischaemia(fast):
    """Floor (session19_sf:20): the probe line itself."""
    level, text = probe_line("session19_sf.txt", 20)
    check_floor(text, fast, level, "acute_limb_ischemia")


@BOTH_MODES
@pytest.mark.parametrize("text", FEMORAL_LINE_ALI)
def test_cold_numb_leg_after_femoral_line_is_acute_limb_ischaemia(text, fast):
    """Floor (session19_sf:20): a groin line out within a day, the leg now pale or cold and numb or weak."""
    check_floor(text, fast, "emergency_ambulance", "acute_limb_ischemia")


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        "Femoral line was taken out yesterday, small bruise in the groin. Leg is warm and pink, feet feel "
        "normal, a bit of groin ache when walking.",
        "Had a femoral dialysis line years ago. My feet have been cold and pale for years and my toes numb "
        "from diabetes; my calves ache on walking.",
    ],
)
def test_femoral_line_without_a_cold_numb_leg_is_no_ischaemia(text, fast):
    """Look-alike (session19_sf:20): a groin line with a warm, pink leg, or feet cold for years."""
    level, flags, _ = assess(text, fast)
    assert "acute_limb_ischemia" not in flags, (level, flags)
    check_not_emergency(text, fast)


# --- an animal's leg (session19_sd:6) ---------------------------------------------------------------------


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        probe_line("session19_sd.txt", 6)[1],
        "Our old cat's back legs suddenly went cold and stiff this morning and the vet thinks it's a clot. "
        "I'm 71 and my knees ache on the stairs.",
    ],
)
def test_animals_cold_leg_is_not_the_writers(text, fast):
    """Look-alike (session19_sd:6): a pet's cold, floppy leg; the writer's own complaint is a claudication
    or a knee ache."""
    level, flags, _ = assess(text, fast)
    assert "acute_limb_ischemia" not in flags, (level, flags)
    check_not_emergency(text, fast)


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        probe_line("session19_sd.txt", 5)[1],
        "My dog's lead wrapped round my legs an hour ago. Since then my right foot has gone cold and white, "
        "it's numb and I can't move the toes.",
        "Walking my dog an hour ago my right leg suddenly went cold and white, now it's numb and I can't "
        "move my foot.",
    ],
)
def test_writers_own_cold_leg_beside_a_dog_stays_ali(text, fast):
    """Floor (session19_sd:5, the pair of sd:6): the writer's own leg gone cold and numb, a dog named
    around it ('my dog's lead' is no animal's leg)."""
    check_floor(text, fast, "emergency_ambulance", "acute_limb_ischemia")


# --- both calves a bit swollen by evening (session19_sd:22) ----------------------------------------------


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        probe_line("session19_sd.txt", 22)[1],
        "For a week my ankles and calves have been slightly swollen by the end of the day and sore after the "
        "shops, both the same. Started nifedipine recently.",
    ],
)
def test_calves_a_bit_swollen_by_evening_is_not_rhabdomyolysis(text, fast):
    """Look-alike (session19_sd:22): a mild, evening swelling of both calves (a calcium-channel blocker)."""
    level, flags, st = assess(text, fast)
    assert "present" not in st.get("severe_muscle_pain_swelling", set()), st
    check_not_emergency(text, fast)


@BOTH_MODES
def test_one_calf_swollen_hot_and_sore_after_a_flight_stays_dvt(fast):
    """Floor (session19_sd:21, the pair of sd:22)."""
    level, text = probe_line("session19_sd.txt", 21)
    check_floor(text, fast, level, "deep_vein_thrombosis")


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        "After the marathon yesterday my thighs are swollen and really sore, I can barely walk.",
        "Did a spin class two days ago, now both thighs are hugely swollen and agony to touch.",
    ],
)
def test_muscles_swollen_and_sore_after_exercise_stays_rhabdomyolysis(text, fast):
    """Floor (session19_sd:22): muscles swollen and very sore after hard exercise keep the rhabdomyolysis
    flag."""
    check_floor(text, fast, "emergency", "rhabdomyolysis")


# --- a DVT ruled out by a scan (session19_sd:40) -----------------------------------------------------------


@BOTH_MODES
def test_calf_still_swollen_after_scan_ruled_out_clot_probe_line(fast):
    """Look-alike (session19_sd:40): the probe line itself."""
    check_not_emergency(probe_line("session19_sd.txt", 40)[1], fast)


@pytest.mark.parametrize(
    "text",
    [
        "The duplex yesterday excluded a DVT, they think I tore a calf muscle at tennis. My left calf is "
        "still swollen and sore when I walk.",
        "The doppler yesterday was negative for DVT; they think I tore a calf muscle at tennis. The calf is "
        "still swollen and sore when I walk.",
    ],
)
def test_calf_still_swollen_after_negative_duplex_rules_alone(text):
    """Look-alike (session19_sd:40), rules alone: a duplex or doppler that excluded the clot, a torn muscle
    named, the calf still swollen and sore on walking (the fast layer still reads a tender calf in these;
    not asked of it). 'Still swollen and tender' stays a DVT reading: a target rule reads the tenderness."""
    check_not_emergency(text, False)


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        probe_line("session19_sd.txt", 39)[1],
        "Scan in March ruled out a clot. Now my left calf is swollen and sore again.",
        "Last year a doppler ruled out a DVT. This week my left calf has become swollen and painful.",
        "They have not ruled out a clot yet. My left calf is swollen and tender, the right is normal.",
        "My left calf is swollen and sore. I need a scan to rule out a clot but cannot get one until Monday.",
    ],
)
def test_swollen_calf_not_answered_by_a_scan_stays_an_emergency(text, fast):
    """Floor (session19_sd:39, the pair of sd:40): a scan that confirmed the clot, an old negative scan before
    a new swelling, a clot not yet ruled out, a scan still to come."""
    check_floor(text, fast, "emergency")


# --- a past DVT and PE, a calf that swells by evening (session19_sd:50) ------------------------------------


@BOTH_MODES
def test_past_clot_calf_swells_by_evening_probe_line(fast):
    """Look-alike (session19_sd:50): the probe line itself. The tender-calf reading is refused (a daily
    swelling, better with the leg up); note that the level also rests on the DVT condition's escalation
    being held back by a duration over 6 weeks (read from 'treated for six months'), and that a previous
    DVT read here would make the two-level Wells score 2 with the swelling (the knowledge base's decision)."""
    text = probe_line("session19_sd.txt", 50)[1]
    level, flags, st = assess(text, fast)
    assert "present" not in st.get("deep_vein_tenderness", set()), st
    check_not_emergency(text, fast)


@BOTH_MODES
@pytest.mark.parametrize(
    "text",
    [
        probe_line("session19_sd.txt", 49)[1],
        "Since yesterday my left calf is swollen and painful, worse by evening, the right one is normal.",
        "My left calf has swollen up and it hurts when I walk, the right one is normal. Worse in the "
        "evening.",
    ],
)
def test_swollen_painful_calf_told_with_evenings_stays_dvt(text, fast):
    """Floor (session19_sd:49, the pair of sd:50): a one-sided swollen painful calf dated to now, or told
    with evenings in another sentence, stays a DVT."""
    check_floor(text, fast, "emergency", "deep_vein_thrombosis")


@BOTH_MODES
def test_evening_swelling_refusal_keeps_the_swelling(fast):
    """Look-alike (session19_sd:50): the refusal takes only the tender-calf reading; the swelling is read."""
    st = states("My left calf aches after long walks and the leg swells by evening, better with it up.", fast)
    assert "present" not in st.get("deep_vein_tenderness", set()), st
    assert "present" in st.get("unilateral_calf_swelling", set()), st
