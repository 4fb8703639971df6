"""Session 17 (fxf): long texts where one sentence changes everything (probe file session17_rj) and
which leg and which part (session17_rl): a groin puncture for the heart, a cast, a bypass whose walking
distance fell overnight, Guillain-Barre dated by weekdays or hours, a carer's words for a dead leg,
wetting without a bladder word. Invented sentences of our own in both modes, the probe lines fixed, and
look-alikes that must not fire."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import (  # noqa: E402
    MODES,
    assess,
    at_least,
    check_floor,
    check_not_emergency,
    probe_line,
)

FLOORS = [
    # session17_rl:24: a groin puncture for the heart in lay words, the foot cold with no feeling the day
    # after
    (
        "acute_limb_ischemia",
        "emergency_ambulance",
        "Yesterday they put a wire up through her left groin to look at the heart. Now the left foot is "
        "icy, "
        "and she can not move the toes.",
    ),
    (
        "acute_limb_ischemia",
        "emergency_ambulance",
        "My father, the doctors put the tube in the groin for his heart yesterday. Now his foot is cold, "
        "he says "
        "no feeling.",
    ),
    # session17_rl:31: cool, tingling toes under a new cast
    (
        "acute_limb_ischemia",
        "emergency_ambulance",
        "They put a cast on my son's right ankle yesterday for a fracture. Now his toes are cold and "
        "numb and "
        "the pain is far worse than before.",
    ),
    # session17_rl:29: a bypass, the walking distance fell overnight, the foot cooler
    (
        "acute_limb_ischemia",
        "emergency",
        "Right fem-pop bypass last year. Since yesterday she gets calf pain after 20 metres, until then "
        "she "
        "could walk to the shops. Right foot cooler than the left.",
    ),
    # session17_rl:12: tingling and weakness of both legs dated by a weekday, after a stomach bug
    (
        "guillain_barre",
        "emergency",
        "Pins and needles began in both feet on Tuesday, now up to the knees, and today I could not "
        "climb the stairs. "
        "I had food poisoning ten days ago.",
    ),
    # session17_rl:35: a course of hours in clinicians' shorthand, reflexes gone, after an infection
    (
        "guillain_barre",
        "emergency",
        "Both legs weak, worsening over 72 hours, reflexes absent throughout. Chest infection a "
        "fortnight ago.",
    ),
    # session17_rj:18: a Gowers-type rise after an infection, reflexes absent
    (
        "guillain_barre",
        "emergency",
        "Diarrhoea last week. Her feet tingled three days ago and today she has to push up with her "
        "hands to "
        "get off the sofa. Knee jerks absent.",
    ),
    # session17_rj:20: wetting without a bladder word, new this week
    (
        "cauda_equina",
        "emergency",
        "Back pain and heavy legs. He has been wet twice this week, which has never happened before.",
    ),
    # session17_rj:4 (rules alone): a carer's words for a pulseless leg that does not move and feels nothing
    (
        "acute_limb_ischemia",
        "emergency_ambulance",
        "Her left foot is white and cold, I can't find a pulse in it, she isn't moving that leg and "
        "doesn't "
        "react when I touch it.",
    ),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("flag,floor,text", FLOORS)
def test_session17_fxf_floor(flag, floor, text, fast):
    """Each floor: the triage at least ``floor`` and the red flag raised, in both modes."""
    check_floor(text, fast, floor, flag)


PROBES = [
    ("session17_rj.txt", 4),
    ("session17_rj.txt", 18),
    ("session17_rj.txt", 20),
    ("session17_rl.txt", 12),
    ("session17_rl.txt", 24),
    ("session17_rl.txt", 29),
    ("session17_rl.txt", 31),
    ("session17_rl.txt", 35),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("name,line", PROBES)
def test_session17_fxf_probe_line(name, line, fast):
    """The probe lines this helper fixed (session17_rj:4, rj:18, rj:20, rl:12, rl:24, rl:29, rl:31,
    rl:35)."""
    level, text = probe_line(name, line)
    got, flags, _ = assess(text, fast)
    assert at_least(got, level), (name, line, fast, got, sorted(flags))


LOOK_ALIKES = [
    # session17_rl:47 family: an angiogram days ago, the foot warm and pink (no cold or numb leg)
    "Angiogram through the left groin three days ago. A small bruise, the foot is warm and pink and "
    "moves normally.",
    # a groin puncture long ago and feet cold and numb for years (diabetic neuropathy with PAD)
    "Cardiac cath through the groin in 2016. My feet have been cold and numb for years with the diabetes.",
    # an old cast and toes that are cool in winter, no numbness
    "I had a cast on my ankle two years ago. My toes get cool in winter but feel normal.",
    # a stable bypass patient whose walking distance has fallen slowly over a year
    "Left fem-pop bypass in 2020. Over the past year he can only manage 200 yards, before that he walked "
    "a mile. "
    "Foot slightly cooler than the right, toes move and feel normal.",
    # tingling feet dated by a weekday, no weakness, no infection
    "The tingling in my feet started on Monday after a long run in new trainers, legs strong, walking fine.",
    # pushing up from a chair with a painful knee for years (no infection, no reflex loss, no days course)
    "Osteoarthritis of both knees for ten years, I push up with my arms to get out of the chair.",
    # 'no feeling of' is not a numb leg
    "Yesterday's angiogram went well. No feeling of tightness, the foot is warm.",
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_session17_fxf_look_alike(text, fast):
    """Each look-alike: not an emergency and no acute limb ischaemia or Guillain-Barre flag, in both
    modes."""
    check_not_emergency(text, fast)
    _, flags, _ = assess(text, fast)
    assert not {"acute_limb_ischemia", "guillain_barre"} & flags, flags


@pytest.mark.parametrize("fast", MODES)
def test_hand_fingers_stay_fingers(fast):
    """The 'fingers of the foot' rewrite (session17_rl:24) leaves a hand's fingers alone: numb fingers in
    a text about a cold foot are no toe reading."""
    _, _, states = assess("My fingers on my left hand are numb from the cold weather.", fast)
    assert "present" not in states.get("paresthesia_limb", set()), states
