"""Session 16 (fxg): misses of the session-16 probes session16_qw (diabetic feet), session16_qx (hyperbole,
slang and voice to text) and session16_qy (two problems at once). Each floor is an invented sentence of our
own (plus the probe line), read in both modes; each fix has a look-alike that must not fire."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import BOTH_MODES, assess, check_floor, is_emergency, probe_line  # noqa: E402

FLOORS = [
    # session16_qw:8: a red hot swollen midfoot beside an ulcer leaking cloudy fluid
    ("chronic_limb_threatening_ischemia", "emergency",
     "Diabetic, his left midfoot is red, hot and swollen and there is an ulcer on the sole."),
    ("chronic_limb_threatening_ischemia", "emergency",
     "Ulcer on her right heel leaking cloudy fluid for two days."),
    # session16_qw:18: one thigh swollen since yesterday, with breathlessness and pleuritic pain
    ("deep_vein_thrombosis", "emergency_ambulance",
     "Swollen left thigh since yesterday and now she is short of breath with chest pain when breathing in."),
    ("deep_vein_thrombosis", "emergency",
     "My right thigh is swollen and tender since the weekend, and it is the only swollen leg."),
    # session16_qw:22: a hot red swollen foot after a cut from a shoe, and feeling hot and cold
    ("chronic_limb_threatening_ischemia", "emergency",
     "Type 2 diabetes. His foot is red, swollen and hot, there is a cut from his new shoes."),
    ("chronic_limb_threatening_ischemia", "emergency",
     "I have a graze on my heel from the sandals and since last night I feel hot and cold."),
    # session16_qx:10: voice to text, 'went cold and blew', 'pins and noodles'
    ("acute_limb_ischemia", "emergency_ambulance",
     "dictated: an hour ago his right leg went white and blew and now he cant feel it"),
    ("acute_limb_ischemia", "emergency_ambulance",
     "her foot suddenly went cold, first pins and noodles and now she can't feel her toes"),
    # session16_qx:11: 'no feeling since 2 hour' in a cold white leg
    ("acute_limb_ischemia", "emergency_ambulance", "my foot is cold and white, no feeling for 3 hours now"),
    # session16_qx:31: 'won't quit' is a persistence, not a negation of the fever after it
    ("spinal_infection", "emergency",
     "On methotrexate and my back pain won't let up, plus a temperature of 38.5 since this morning."),
    ("spinal_infection", "emergency", "Back ache that won't quit and fever since yesterday, I'm on chemo."),
    # session16_qx:32: legs like noodles with a cancer history and back pain worse at night
    ("spinal_malignancy", "emergency",
     "Prostate cancer three years ago. Back pain for a month, wakes me at night, "
     "and now my legs feel like wet noodles."),
    # session16_qy:25: an accident in one's pants told this week, despite years of back pain
    # session16_qx:43 (the emergency beside the look-alike): a retention with no toilet queue
    ("cauda_equina", "emergency", "Lower back pain and I can't pee at all since this morning."),
    ("cauda_equina", "emergency",
     "Bad back for twenty years. Since Tuesday I have had an accident in my underwear "
     "that I didn't feel happen."),
]


@BOTH_MODES
@pytest.mark.parametrize("flag,floor,text", FLOORS)
def test_session16_fxg_floor(flag, floor, text, fast):
    """An invented sentence of each fixed wording family reaches its floor and flag."""
    check_floor(text, fast, floor, flag)


PROBE_LINES = [
    ("session16_qw.txt", 8), ("session16_qw.txt", 18), ("session16_qw.txt", 22),
    ("session16_qx.txt", 10), ("session16_qx.txt", 11), ("session16_qx.txt", 31),
    ("session16_qx.txt", 32), ("session16_qy.txt", 25),
]


@BOTH_MODES
@pytest.mark.parametrize("name,line", PROBE_LINES)
def test_session16_fxg_probe_line(name, line, fast):
    """The probe lines themselves (fxg's under-triaged lines) reach their level."""
    level, text = probe_line(name, line)
    check_floor(text, fast, level)


LOOK_ALIKES = [
    # session16_qw:18: both thighs swollen after exercise, and a thigh that is not swollen
    ("My right thigh is not swollen, just sore after the gym.", "unilateral_calf_swelling"),
    ("Swollen thighs after spin class, both the same.", "unilateral_calf_swelling"),
    # session16_qw:22: a cut on a hand, and cutting down on walking
    ("I cut down on walking as my feet ache, and I have a small cut on my finger.", "foot_wound_or_sore"),
    # session16_qx:10: 'blew' as a verb
    ("My left calf aches when I walk uphill, and the cold wind blew my hat off.", "pale_limb"),
    ("My feet get cold in winter and he blew up at me for leaving the window open.", "pale_limb"),
    # session16_qx:11: feeling lost for hours in the face, after the dentist
    ("No feeling in my lip for 2 hours after the dentist, legs fine.", "paresthesia_limb"),
    # session16_qx:32: noodles for dinner
    ("We had noodles for dinner and my legs ache after the walk.", "bilateral_leg_weakness"),
    # session16_qy:25: an accident in the car; incontinence for years
    ("I had an accident in my car last week and my back aches.", "new_urinary_retention_or_incontinence"),
    # session16_qx:43: not peeing because of a toilet queue
    ("Sore back from the concert, couldn't wee because the line for the toilets was huge.",
     "new_urinary_retention_or_incontinence"),
]


@BOTH_MODES
@pytest.mark.parametrize("text,finding", LOOK_ALIKES)
def test_session16_fxg_look_alike(text, finding, fast):
    """A look-alike of each fix: not the finding, and not an emergency."""
    level, flags, states = assess(text, fast)
    assert "present" not in states.get(finding, set()), states
    assert not is_emergency(level), (level, sorted(flags))
