"""Session 25 (f1): missed pairs of development11-31 (extraction recall).

A CK with grouped thousands before a comma or a full stop ('CK 18 400, CRP 12') was read as its first group
(CK 18: no very high CK); a sit-down said not to help, the hands' joints said not to be swollen, a sexual
problem denied and a trolley said to be no better read nothing. The sentences are our own; each test names the
corpus narratives it stands for; both modes."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, check_floor, read, states  # noqa: E402


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Sore thighs after a weekend of digging, on a statin. Bloods: CK 21 300, creatinine up. "
        "Urine like cola.",
        "Aching thighs and calves on atorvastatin. CK 1 450. Urine dark this morning.",
    ],
)
def test_ck_grouped_thousands_before_punctuation(text, fast):
    """development18 h23 ('CK 18 400, CRP 12'): the grouped thousands end at a comma or a full stop; the CK is
    very high (and raised), and with muscle pain and dark urine that is the rhabdomyolysis flag."""
    got = states(text, fast)
    assert "present" in got.get("ck_very_high", set()), got
    assert "absent" not in got.get("ck_very_high", set()), got
    check_floor(text, fast, "emergency", "rhabdomyolysis")


@pytest.mark.parametrize("fast", MODES)
def test_ck_decimal_after_group_not_split(fast):
    """A digit after the comma still belongs to the number ('CK 640' then a list is not a grouped thousand):
    a small CK stays a CK that is not very high (session 26, f2: the reader keeps the measurement, 640, and
    the engine derives ck_very_high absent from it; the reader no longer states it)."""
    got = states("Bloods: CK 640, TSH 2.0.", fast)
    assert "present" not in got.get("ck_very_high", set()), got
    assert read("Bloods: CK 640, TSH 2.0.", fast).case.measurements.get("ck") == 640, got


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "His legs feel heavy when he walks, and sitting down doesn't change anything.",
        "Her calves ache after a mile; sitting does not really help.",
        "The numbness comes on walking; sitting or bending does not ease it.",
        "Sitting vs standing makes no difference to the ache.",
        "Walking brings on the heaviness and there is no relief from sitting.",
        "Standing still helps a little, but sitting is no better than standing.",
    ],
)
def test_sitting_said_not_to_help(text, fast):
    """development12 b04, 17 q34, 19 m13, 21 q235, 24 k038 and others: a sit-down said not to help is the
    relief by sitting denied."""
    got = states(text, fast)
    assert got.get("improves_when_seated") == {"absent"}, got


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "When I sit down it doesn't hurt any more.",
        "If she sits down for a few minutes it eases.",
    ],
)
def test_sitting_that_helps_stays_present(text, fast):
    """Look-alike: a sit-down that helps is no denial."""
    got = states(text, fast)
    assert "absent" not in got.get("improves_when_seated", set()), got


@pytest.mark.parametrize("fast", MODES)
def test_sitting_denial_keeps_the_inner_reading(fast):
    """development24 k038: 'sitting or bending forward makes no difference' also denies that relief needs
    sitting or bending (keep_inner)."""
    got = states("He has no leg pain, and sitting or bending over makes no difference.", fast)
    assert got.get("improves_when_seated") == {"absent"}, got
    assert "present" not in got.get("relief_requires_sitting_or_flexion", set()), got


@pytest.mark.parametrize("fast", MODES)
def test_trolley_no_better(fast):
    """development21 q236: 'no better leaning on a supermarket trolley' denies the trolley's relief by its own
    words ('no better' is a pseudo-negation for ConText)."""
    got = states("His legs are stiff. He is no better pushing a trolley round the shop.", fast)
    assert got.get("shopping_cart_sign") == {"absent"}, got


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Aching shoulders and hips for a month, ESR 70. No synovitis of the hands.",
        "Stiff shoulders every morning. No joint swelling in her hands.",
        "Sore hip girdle. Her hands, wrists and knees are not swollen.",
        "Stiff upper arms. Small joints of the hands normal.",
    ],
)
def test_other_joints_not_swollen(text, fast):
    """development13 c36, 17 q26 and other polymyalgia narratives: the hands' joints said not to be swollen
    deny pain or swelling in other joints."""
    got = states(text, fast)
    assert got.get("other_joint_pain") == {"absent"}, got


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Sciatica down the right leg. Bladder fine, no erectile problems, no fever.",
        "Red flag screen: saddle normal; sexual function normal; no fever.",
        "Leg pain. Sexual function: not affected.",
    ],
)
def test_sexual_problem_denied(text, fast):
    """development11-31 red-flag screens ('no erectile problems', 'sexual function normal', 'Sexual function:
    not affected'): no new sexual dysfunction."""
    got = states(text, fast)
    assert got.get("sexual_dysfunction_new") == {"absent"}, got


@pytest.mark.parametrize("fast", MODES)
def test_sexual_denial_keeps_the_emergency(fast):
    """Floor: a sexual problem denied beside a new retention and numb saddle is still cauda equina."""
    check_floor(
        "Back pain and sciatica both legs, since this morning I can't pass urine and my bottom is numb. "
        "No erectile problems.",
        fast,
        "emergency",
        "cauda_equina",
    )


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text", ["Saddle sensation intact, PU/BO normal, walking fine.", "Bladder/bowel: normal. Fever: no."]
)
def test_slash_bladder_bowel_normal(fast, text):
    """development11-31 red-flag screens ('Bladder/bowel: normal', 'PU/BO normal'): the slash form of 'bladder
    and bowels normal' denies retention, faecal incontinence and sphincter trouble."""
    got = states(text, fast)
    for fid in ("sphincter_dysfunction", "new_urinary_retention_or_incontinence", "new_fecal_incontinence"):
        assert got.get(fid) == {"absent"}, (fid, got)


@pytest.mark.parametrize("fast", MODES)
def test_slash_bladder_bowel_normal_keeps_a_later_retention(fast):
    """Floor: a screen normal until today beside a retention and a numb saddle now is still cauda equina."""
    check_floor(
        "Bad back and sciatica. Bladder/bowel: normal until today, now can't pass urine and numb around "
        "the back passage.",
        fast,
        "emergency",
        "cauda_equina",
    )


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", ["O/E: neck flexion 5/5, hip flexion 4/5 both sides.", "Neck flexors: 5/5."])
def test_neck_flexion_full_power(fast, text):
    """development11-31 examinations ('neck flexion 5/5', five narratives): no neck flexor weakness."""
    got = states(text, fast)
    assert got.get("neck_flexor_weakness") == {"absent"}, got


@pytest.mark.parametrize("fast", MODES)
def test_neck_flexion_weak_stays_present(fast):
    """Look-alike: a weak neck flexion is still read."""
    got = states("O/E: neck flexion 4/5, hip flexion 4/5.", fast)
    assert got.get("neck_flexor_weakness") == {"present"}, got


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Pedal pulses present; normal sensation in both feet.",
        "Diabetic foot check: monofilament sensation intact, no ulcers.",
    ],
)
def test_normal_foot_sensation(fast, text):
    """development11-31 foot examinations ('normal sensation in the feet', 'Monofilament sensation intact both
    feet'; the fast layer had guessed the loss present over them): no distal symmetric sensory loss."""
    got = states(text, fast)
    assert got.get("distal_symmetric_sensory_loss") == {"absent"}, got


@pytest.mark.parametrize("fast", MODES)
def test_pinprick_and_vibration_normal(fast):
    """development11-31 ('pinprick and vibration are normal to the toes', 'vibration and pinprick normal in
    the feet'): the three sensory findings denied."""
    got = states("Ankle jerks present. Vibration and pinprick are normal at the toes.", fast)
    for fid in ("distal_symmetric_sensory_loss", "pinprick_deficit", "vibration_deficit"):
        assert got.get(fid) == {"absent"}, (fid, got)


@pytest.mark.parametrize("fast", MODES)
def test_monofilament_felt_at_some_sites_is_no_denial(fast):
    """Look-alike (development11 a26, 17 q06, 31 am016): a monofilament felt at only some sites is a loss, not
    normal sensation."""
    got = states("Monofilament felt at 3/10 sites on each foot, vibration absent at the toes.", fast)
    assert "absent" not in got.get("distal_symmetric_sensory_loss", set()), got




@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "No pain, no numbness; sitting does not particularly help and he is no better pushing a trolley.",
        "Saddle sensation intact, PU/BO normal, no erectile problems. No synovitis. Neck flexion 5/5.",
        "Monofilament felt at 3/10 sites; vibration and pinprick normal at the knees. CK 18 400, CRP 12.",
    ],
)
def test_new_rules_read_alike_on_both_context_paths(reader_pairs, fast, text):
    """The new denials (the negation inside the match) read the same on the fast and the plain ConText
    path."""
    f, s = reader_pairs[fast]
    assert f.read(text).model_dump_json() == s.read(text).model_dump_json()
