"""Session 16 (fxd): conditions named in questions, as fears, as what a source says, or as another person's
illness (tests/fixtures/probes/session16_qs.txt), and the under-triaged lines of that file. The name of an
emergency asked about ('Could these be mini strokes?', 'Spinal infection?'), feared, read about, said by a
friend to be a risk, or had by a friend is not the patient's finding; the patient's own symptoms beside the
name keep their reading, and so does a clinician's hedge ('?CES', 'concern for GBS'). Invented sentences of
our own, read in both modes, plus the probe lines where useful."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import BOTH_MODES, assess, at_least, is_emergency, read  # noqa: E402

# --- look-alikes: a condition named, not had (not an emergency) ---
# in order: a question about mini strokes beside a slow neuropathy (session16_qs:52, and the probe
# line), another person's Guillain-Barre (qs:44), a risk told by a friend (qs:43), a title question
# and what the writer read (qs:48, and the probe line), a fear, a source (qs:51)
NOT_EMERGENCY = [
    "Could it be a mini stroke? Both feet have burned at night for three years, creeping up "
    "slowly. Face and arms fine.",
    "Could these be mini strokes? Type 2 diabetic for 20 years. Both feet numb and burning, "
    "slowly creeping up over about 2 years, worse in bed, like wearing socks. No sudden episodes,"
    " face and arms fine.",
    "My neighbour had Guillain-Barre last year so I got worried. My legs are tired after a cold "
    "but strength is fine and nothing is spreading.",
    "A colleague at work had GBS after flu. I just have achy calves after a long walk, no tingling.",
    "A mate at the gym said I could get rhabdo. Did squats on Monday, thighs sore since, wee is a"
    " normal colour.",
    "Epidural abscess? I read fever with back pain matters. Pulled my back gardening, no "
    "temperature, legs fine.",
    "Spinal infection? I read fever with back pain is serious. Hurt my back lifting a wardrobe 4 "
    "days ago, aches into the right buttock when I walk. No temperature, no drugs, not on "
    "steroids, not diabetic, legs strong, waterworks fine.",
    "I'm terrified it's sepsis. Small graze on my shin from the garden, not red, no fever.",
    "Dr Google says gangrene. My toenail went black after a long run; the toe is warm and pink "
    "and I'm not diabetic.",
]

# --- floors: the patient's own symptoms beside the name, a clinician's hedge, the under-triaged lines ---
# in order: the name asked about and the symptoms told (qs:52, qs:13); a friend's illness, then the
# writer's own (qs:7); a friend as informant about the patient's foot (the fxd brief); a title
# question and the symptoms that answer it (qs:48); a clinician's hedge (session15_qc); limited
# English 'no can' (qs:27, and the probe line); a foot paler and colder than the other since this
# morning (qs:6, and the probe line); an age given as about (qs:21, and the probe line)
FLOORS = [
    (
        "Could it be a mini stroke? Twenty minutes ago my right arm and right leg went weak and "
        "my speech is slurred.",
        "emergency_ambulance",
        "stroke",
    ),
    (
        "My friend had Guillain-Barre, and now my legs have got weaker every day since Monday and"
        " my hands tingle.",
        "emergency",
        None,
    ),
    (
        "My friend says my foot looks white and cold, it started an hour ago.",
        "emergency",
        "acute_limb_ischemia",
    ),
    (
        "Spinal infection? I've had a temperature of 38.6 and bad back pain for 5 days, and I inject heroin.",
        "emergency",
        "spinal_infection",
    ),
    (
        "?CES. Saddle numbness and urinary retention since this morning.",
        "emergency",
        None,
    ),
    (
        "my wife 70, her left foot cold and white since 3 hour, no pulse, she no can feel the "
        "toes and no can move them",
        "emergency_ambulance",
        "acute_limb_ischemia",
    ),
    (
        "my husband 60 year, internet say is varicose vein, but right leg cold and blue since 2 "
        "hour, no pulse in foot, he no can feel the foot and cannot move the toes. please what we"
        " do",
        "emergency_ambulance",
        "acute_limb_ischemia",
    ),
    (
        "Since 6 this morning her left foot has been paler and colder than the right. She can "
        "move her toes fine.",
        "emergency",
        "acute_limb_ischemia",
    ),
    (
        "Googled peripheral artery disease because I've had calf cramps walking for a year. But "
        "since about 7am today (5 hours) my right foot has been much paler and colder than the "
        "left and aches even sitting still. I can still feel and move my toes normally.",
        "emergency",
        "acute_limb_ischemia",
    ),
    (
        "Man about 80 with polymyalgia, new headache at the temples and pain in the jaw when chewing.",
        "emergency",
        "giant_cell_arteritis",
    ),
    (
        "Pharmacist: lady about 75 asking for stronger painkillers for her polymyalgia, hips and "
        "thighs stiff every morning for a month. She mentioned in passing that the vision in her "
        "left eye went blurry for a few minutes yesterday and her jaw hurts when she eats.",
        "emergency",
        "giant_cell_arteritis",
    ),
]


@BOTH_MODES
@pytest.mark.parametrize("text", NOT_EMERGENCY)
def test_condition_named_not_had(text: str, fast: bool) -> None:
    "''session16_qs:43, qs:44, qs:48, qs:51, qs:52: the name is no finding of the patient's.''"
    level, flags, _ = assess(text, fast)
    assert not is_emergency(level), (text, fast, level, sorted(flags))


@BOTH_MODES
@pytest.mark.parametrize(("text", "floor", "flag"), FLOORS)
def test_floors(text: str, floor: str, flag: str | None, fast: bool) -> None:
    """session16_qs:6, qs:7, qs:13, qs:21, qs:27, qs:48, qs:52; session15_qc: symptoms beside a name
    keep their reading."""
    level, flags, _ = assess(text, fast)
    assert at_least(level, floor), (text, fast, level, sorted(flags))
    if flag is not None:
        assert flag in flags, (text, fast, level, sorted(flags))


@BOTH_MODES
def test_friend_illness_not_the_patients(fast: bool) -> None:
    """session16_qs:44: 'My friend had Guillain-Barre' reads no ascending weakness at all (not present,
    not family)."""
    _, _, got = assess("My friend had Guillain-Barre after a tummy bug. My legs feel fine.", fast)
    assert "ascending_symmetric_weakness_days" not in got, got


@BOTH_MODES
def test_concern_for_gbs_stays_possible(fast: bool) -> None:
    "''session15_qc: a clinician's 'concern for GBS' keeps its possible reading.''"
    _, _, got = assess("Concern for GBS, see neurology today.", fast)
    assert got.get("ascending_symmetric_weakness_days") == {"possible"}, got


def test_age_about_not_a_distance() -> None:
    "''session16_qs:21 look-alike: 'a man about 50 metres away' is no age.''"
    assert read("A man about 50 metres away shouted. My calf aches when I walk.", False).case.age is None
    assert read("Lady about 75 with new headaches.", False).case.age == 75
