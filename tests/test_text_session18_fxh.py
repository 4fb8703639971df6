"""Session 18 (fxh): scores, grades and scales (probe file session18_sc). The lines that were
under-triaged: both legs weak to an MRC grade of 3 or less within days (sc:12, sc:32), an MRC sum score
told as falling with lost reflexes and a weak cough (sc:16), a heel ulcer whose redness reaches the mid
calf (sc:26); and one over-triaged: a bladder volume told as before an operation in March (sc:52). Also
grades and classes other lines reached through other words: a two-level Wells score as a number (sc:9,
sc:11), anal tone and saddle sensation graded (sc:24), Rutherford 4-6 and Fontaine III-IV (sc:5, sc:6).
Each floor is an invented sentence of our own (plus the probe line), read in both modes; each fix has a
look-alike that must not fire."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, check_floor, check_not_emergency, probe_line, states  # noqa: E402

FLOORS = [
    # session18_sc:12 and sc:32: both legs weak to grade 3 or less, begun days or hours ago
    (
        "cauda_equina",
        "emergency",
        "Hip flexors 2/5 on both sides and ankle dorsiflexion 3/5 bilaterally, normal until it started on "
        "Saturday. Back ache on and off.",
    ),
    ("cauda_equina", "emergency", "Both legs 3/5 since yesterday, she now needs two to help her stand."),
    ("cauda_equina", "emergency", "Power 1/5 at both ankles, new over the last 3 days, bilateral foot drop."),
    # session18_sc:16: an MRC sum score told as falling, with lost reflexes and a weak cough
    (
        "guillain_barre",
        "emergency_ambulance",
        "MRC sum score dropped from 50 to 38 overnight, reflexes absent, cough weak and he is breathless "
        "lying flat.",
    ),
    ("guillain_barre", "emergency", "Sum score 41/60 and still falling. No reflexes at the knees or ankles."),
    # session18_sc:26: redness reaching up the leg from a foot ulcer
    (
        "chronic_limb_threatening_ischemia",
        "emergency",
        "Diabetic with an ulcer under the big toe, the foot is now red to the ankle and he is off his food.",
    ),
    (
        "chronic_limb_threatening_ischemia",
        "emergency",
        "Toe ulcer for six weeks; erythema as far as the mid shin since Friday.",
    ),
    # session18_sc:24: the anal tone and saddle sensation graded on a rectal or spinal-injury examination
    ("cauda_equina", "emergency", "Back pain and left sciatica. Saddle light touch 1/2, reflexes normal."),
    ("cauda_equina", "emergency", "Sciatica for 3 weeks. DRE: tone 1/5."),
    # session18_sc:5, sc:6 (reached by words): the CLTI classes written as Rutherford 4-6 or Fontaine III-IV
    (
        "chronic_limb_threatening_ischemia",
        "consultation_24",
        "Vascular letter: Rutherford 4, ABI 0.45 right.",
    ),
    ("chronic_limb_threatening_ischemia", "consultation_24", "Fontaine stage III on the left since spring."),
    ("chronic_limb_threatening_ischemia", "consultation_24", "Rutherford category 5 on the right foot."),
    # session18_sc:9: a two-level Wells score stated as 2 or more, with a leg sign
    (None, "emergency", "Left calf swollen and tender since the weekend, Wells score of 3 at the walk-in."),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("flag,floor,text", FLOORS)
def test_floor(flag, floor, text, fast):
    """Each invented sentence reaches its floor (and its flag) in both modes."""
    check_floor(text, fast, floor, flag)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("line", [12, 16, 26, 32])
def test_probe_lines(line, fast):
    """The probe lines themselves (session18_sc:12, 16, 26, 32)."""
    level, text = probe_line("session18_sc.txt", line)
    check_floor(text, fast, level)


LOOK_ALIKES = [
    # a grade of 3 or less over years (polio), beside a new calf cramp since Tuesday
    "Ankle dorsiflexion 2/5 both sides for 3 years since polio. New calf cramp since Tuesday when walking.",
    # a grade improving after treatment
    "Hip flexion 3/5 both legs, improving daily since Monday after the IVIg, now walking with a stick.",
    # a normal grade
    "Knee extension 5/5 both sides. New tingling in both feet since Tuesday, walking normally.",
    # a sum score that improved, or stable
    "MRC sum score improved from 36 to 50/60 over the last week. Legs tire walking.",
    "MRC sum score 52/60 and stable for a year. Calves ache walking uphill.",
    # a red leg with no foot wound (a cellulitis or a DVT's business, not a foot infection)
    "Left leg red to mid calf and warm since Saturday, no wounds on the feet. Aches when walking.",
    # redness denied beside an ulcer
    "Heel ulcer, no redness to the ankle, dressings twice a week. Calf ache at 200 m.",
    # a bladder volume before an operation years ago (session18_sc:52's family)
    "PVR 600 ml before his TURP in 2019, now passing urine fine. Thighs heavy walking 10 minutes.",
    "Residual 500 ml before her spinal decompression 2 years ago; now 40 ml and she voids normally. "
    "Calves ache walking.",
    # normal grades on a rectal and saddle examination
    "Sciatica for 3 weeks, anal tone 5/5, perianal pinprick 2/2. Calf ache walking.",
    # claudication classes
    "Fontaine IIb, claudicates at 150 m, feet warm.",
    "He was Rutherford 4 before his fem-pop bypass last year. Now Rutherford 1, claudication at 400 m.",
    # a Wells score below 2, and a street name
    "Wells 1, legs measured the same. Calf cramp walking uphill.",
    "Calf cramp walking uphill, I live at 2 Wells Road.",
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_look_alike_not_emergency(text, fast):
    """Look-alikes: an old, improved, normal or unrelated grade or score is no emergency."""
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
def test_probe_52_old_bladder_volume(fast):
    """session18_sc:52: 'PVR was 700 ml before her cauda equina decompression in March. Now 30 ml': the
    volume is historical, not a new retention."""
    level, text = probe_line("session18_sc.txt", 52)
    check_not_emergency(text, fast)
    st = states(text, fast)
    assert "present" not in st.get("new_urinary_retention_or_incontinence", set()), st


@pytest.mark.parametrize("fast", MODES)
def test_volume_before_an_operation_to_come_stays_new(fast):
    """Safety look-alike of sc:52: a volume before an operation that is still to come is a current one."""
    check_floor(
        "Bladder scan 700 ml before his operation tomorrow, new numb bottom since yesterday.",
        fast,
        "emergency",
        "cauda_equina",
    )


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text,state",
    [
        ("Right calf swollen and sore, GP scored Wells 2 this morning.", "present"),
        ("I worked out a two-level Wells and got 3.", "present"),
        ("Wells 0 and D-dimer negative.", "absent"),
    ],
)
def test_wells_score_as_a_number(text, state, fast):
    """session18_sc:9, sc:11: a stated two-level Wells score is read against the finding's own cut-off (2)."""
    st = states(text, fast)
    assert st.get("wells_dvt_likely") == {state}, st


@pytest.mark.parametrize("fast", MODES)
def test_muscle_breakdown_is_not_a_progressive_neurological_weakness(fast):
    """Look-alike (development16 l19, development18 h23): statin muscle breakdown, weak thighs to 3/5 since
    this morning with cola-dark urine, is the rhabdomyolysis emergency, not a rapidly progressive weakness of
    both legs (cauda equina, Guillain-Barre, an ambulance)."""
    level, flags, st = assess(
        "On atorvastatin, since this morning symmetrical weakness of the thighs, hip flexion 3/5 "
        "bilaterally, urine like cola after a chest infection.",
        fast,
    )
    assert "rhabdomyolysis" in flags, (level, flags)
    assert "cauda_equina" not in flags and level != "emergency_ambulance", (level, flags)
    assert "present" not in st.get("bilateral_leg_weakness_progressive", set()), st
