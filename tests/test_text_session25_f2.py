"""Session 25 (f2): spurious pairs over development11-31 (precision).

A finding of a part of the limbs (a pulse, a muscle group) read abnormal on one part and normal on another
is abnormal: the normal part's absent reading is dropped (reader.yaml: part_findings), and normal pedal
pulses are not read when a foot or popliteal pulse is read absent or weak (reader.yaml: part_denials). The
sentences are our own; each test names the corpus lines it stands for. Both modes."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, read, states  # noqa: E402


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "On examination the right popliteal and foot pulses are absent; left foot pulses palpable. "
        "ABI R 0.6.",
        "O/E: L pop/DP/PT absent, R DP/PT palpable, L femoral bruit.",
        "Pulses: DP palpable on both sides, PT faint on the left.",
    ],
)
def test_pulse_absent_one_side_normal_other(text, fast):
    """development11 a12, development17 q02, development22 e048, development31 am002, development13 c06
    (and some 20 more): an absent or faint pulse beside a palpable one on the other leg or at another site
    is a pulse abnormality, not none, and the pedal pulses are not normal."""
    got = states(text, fast)
    assert got.get("palpable_pulse_abnormality") == {"present"}
    assert "present" not in got.get("pedal_pulses_normal", set())


@pytest.mark.parametrize("fast", MODES)
def test_pulses_normal_both_sides_still_read(fast):
    """The rule needs an abnormal part: pulses palpable on both sides are normal pedal pulses and no
    abnormality."""
    got = states("Foot pulses palpable on both sides, feet warm.", fast)
    assert "present" in got.get("pedal_pulses_normal", set())
    assert "present" not in got.get("palpable_pulse_abnormality", set())


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Hip flexors 4-/5 on both sides, distal power normal, reflexes present.",
        "Power: hip flexion 3/5 bilaterally; elsewhere power 5/5.",
    ],
)
def test_weak_group_beside_normal_power(text, fast):
    """development17 q45, development18 h23, development27 ad020, development31 am022: a graded weak muscle
    group beside 'power normal' elsewhere is weakness on examination; the normal part denies nothing."""
    assert states(text, fast).get("leg_weakness_on_exam") == {"present"}


@pytest.mark.parametrize("fast", MODES)
def test_pain_to_thighs_not_below_knee(fast):
    """development21 q232, development31 am024: pain into the back of the thighs but not below the knee is
    below the buttocks."""
    text = "The pain goes from the low back into the back of both thighs, but never below the knee."
    got = states(text, fast)
    assert got.get("pain_below_buttocks") == {"present"}


@pytest.mark.parametrize("fast", MODES)
def test_part_findings_keep_the_case(fast):
    """The case is unchanged (present wins): an acute limb with the other leg's pulses palpable is still an
    emergency, and no conflicting-mentions warning remains for the pulse."""
    text = ("Sudden onset 2 hours ago: right foot cold, white and numb, no popliteal or pedal pulses on the "
            "right; left foot pulses present.")
    level, flags, got = assess(text, fast)
    assert level in ("emergency_ambulance", "emergency")
    assert got.get("palpable_pulse_abnormality") == {"present"}
    warns = [w.message for w in read(text, fast).warnings if w.code == "conflicting_mentions"]
    assert not any("palpable_pulse_abnormality" in m for m in warns)


def test_part_ids_are_findings():
    """Every id reader.yaml names in part_findings and part_denials is a knowledge-base finding."""
    from legdx.knowledge.loader import default_kb
    from legdx.text.rules import default_rules

    kb = default_kb()
    r = default_rules().reader
    ids = set(r.part_findings) | set(r.part_denials) | {d.by for d in r.part_denials.values()}
    assert ids and ids <= set(kb.findings)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "His legs feel a bit wobbly today but he can still get to the toilet on his own.",
        "She can get up out of the armchair without help and walks to the shop.",
        "He can stand up from the settee without using his arms.",
        "My neighbour asked me to write because she can't manage the telephone any more.",
    ],
)
def test_can_rise_is_no_proximal_weakness(text, fast):
    """development27 ad003, development15 g20, development29 af019, development9 s13: 'can' or 'could' with no
    word that limits it (or a 'manage the' with no stairs after it) tells no trouble rising or climbing."""
    assert "present" not in states(text, fast).get("proximal_leg_weakness", set())


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Since Friday he can't get up from the sofa on his own.",
        "I can barely get out of the chair now.",
        "She could only stand up from the chair after three tries.",
        "He can no longer climb the stairs.",
        "She cannot manage the 4 steps to the back door.",
        "She struggles to get out of the bath.",
    ],
)
def test_limited_rise_still_read(text, fast):
    """The rule still reads a rise or climb told as impossible or hard (development11 a28, development26
    ab015)."""
    assert "present" in states(text, fast).get("proximal_leg_weakness", set())


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Both calves ache after 300 yards. Dr: And if you stop and stand still? Pt: That doesn't help. "
        "I have to sit on a wall.",
        "Calves ache after 300 yards. Nurse: Does it settle if you just stand still? Patient: Not really, "
        "sitting down is what works.",
    ],
)
def test_relief_question_answered_no(text, fast):
    """development17 q03, development14 e38: a question whether the pain eases if the patient stops and
    stands, answered 'not really' or 'that doesn't do it', denies relief by standing still (it had read
    present: the vascular pattern, where the answer tells the neurogenic one)."""
    got = states(text, fast)
    assert "present" not in got.get("relieved_by_standing_still", set())
    assert "absent" in got.get("relieved_by_standing_still", set())


@pytest.mark.parametrize("fast", MODES)
def test_relief_question_answered_yes(fast):
    """The same question answered yes keeps the relief."""
    text = "Calves ache after 300 yards. Dr: Does it ease if you stand still? Pt: Yes, in a minute or two."
    assert "present" in states(text, fast).get("relieved_by_standing_still", set())


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "His left calf aches after 200 yards, sooner on the hill up to his son's, and goes within two "
        "minutes of standing still.",
        "The cramp in her calf comes on walking round to her sister's house and eases when she stands "
        "still.",
    ],
)
def test_relatives_house_is_a_place(text, fast):
    """development23 p003, development31 am038: a relative's home on the walk ('up to her daughter's') is a
    place; it had read the walking symptoms of the sentence as a family history."""
    got = states(text, fast)
    assert "present" in got.get("leg_symptoms_with_walking", set())
    assert not any("family" in s for s in got.values())


@pytest.mark.parametrize("fast", MODES)
def test_relatives_illness_still_family(fast):
    """A relative's illness stays a family history."""
    got = states("Her daughter's legs swelled with a clot last year; her mother had a DVT too.", fast)
    assert "family" in got.get("previous_dvt", set())
