"""Session 19 (fxq): the plainest, telegraphic English (probe file session19_si): no verbs or
auxiliaries ('Toes no move', 'Pain start quick', 'faint in kitchen', 'cant breath good'), one word per
sentence ('Leg. Calf. Fat. Big.'), all capitals, and an age in words as the first sentence ('Sixty
seven.'); vascular, stroke, GCA and compartment readings. Invented sentences of our own in both
modes, the probe lines fixed, and telegraphic look-alikes that must not reach an emergency."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import (  # noqa: E402
    MODES,
    assess,
    check_floor,
    check_not_emergency,
    probe_line,
)

FLOORS = [
    # session19_si:6: one word per sentence, a calf and its swelling in separate sentences
    (None, "emergency", "Left leg. Calf. Swollen. Hot. Tender. Four days now."),
    # session19_si:10: speech told mixed up without a verb (rules alone had no speech reading)
    ("stroke", "emergency_ambulance", "Wife talk slurred since tea. Arm fine. Half hour ago."),
    ("stroke", "emergency_ambulance", "Husband words jumbled, started at lunch."),
    # session19_si:13: compartment items without auxiliaries, in capitals
    (
        "acute_compartment_syndrome",
        "emergency_ambulance",
        "RUGBY BOOT TO SHIN THIS MORNING. PAINKILLER DOES NOTHING. BENDING MY TOES MAKES THE PAIN WORSE.",
    ),
    (
        "acute_compartment_syndrome",
        "emergency_ambulance",
        "Shin kicked at rugby. Pain killer do nothing. Rest not helping.",
    ),
    # session19_si:26: breathless 'cant breath good', 'sudden.' alone, a bare 'faint'
    (
        "deep_vein_thrombosis",
        "emergency_ambulance",
        "Right calf swollen and red 4 day. Now cant breath good. Sudden.",
    ),
    (
        "deep_vein_thrombosis",
        "emergency_ambulance",
        "Calf swollen left side since Monday. He faint at the shops today.",
    ),
    # session19_si:29: 'leg ice', 'Colour grey', 'Toes no move', 'come quick at'
    (
        "acute_limb_ischemia",
        "emergency_ambulance",
        "Leg like ice. Colour grey. Toes no move. Pain come quick at 6 pm.",
    ),
    # session19_si:35: an age in words as the first sentence
    ("giant_cell_arteritis", "emergency", "Seventy two. Temple headache new. Jaw pain chewing."),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("flag,floor,text", FLOORS)
def test_session19_fxq_floor(flag, floor, text, fast):
    """Each invented sentence: at least its floor, with its red flag when named, in both modes."""
    check_floor(text, fast, floor, flag)


PROBES = [
    ("session19_si.txt", 6),
    ("session19_si.txt", 10),
    ("session19_si.txt", 13),
    ("session19_si.txt", 26),
    ("session19_si.txt", 29),
    ("session19_si.txt", 35),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("name,line", PROBES)
def test_session19_fxq_probe_line(name, line, fast):
    """The probe lines this helper fixed (session19_si:6, si:10, si:13, si:26, si:29, si:35): at least their
    level in both modes."""
    level, text = probe_line(name, line)
    check_floor(text, fast, level)


LOOK_ALIKES = [
    # telegraphic but benign (the brief's own look-alike and others of its kind)
    "Calf sore. Gym yesterday. Better now.",
    "Calf. Sore. Gym. Yesterday. Better. Now.",
    # 'faint' as a feeling, not a faint
    "Feel faint in the heat. Legs ache walking, stop, better.",
    # the onset of claudication on walking, not a sudden onset
    "Pain come on quick when walk uphill. Stop, go away two minute. Five year same.",
    # an old stroke's speech and no fault named
    "Stroke 2 year ago, talk not good since. Calves ache walking.",
    # an ice pack, not an icy limb; toes that move
    "Ice pack on foot after sprain. Toes move fine. Walk ok.",
    # a number in words that is a time, not an age
    "Twenty minutes. Calves ache walking then stop.",
    # rest not helping an old arthritic knee, with nothing else of a compartment syndrome
    "Knee old arthritis. Rest not help. Walk slow.",
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_session19_fxq_look_alike(text, fast):
    """Telegraphic look-alikes (session19_si family): not an emergency in either mode."""
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
def test_session19_fxq_feel_faint_is_no_syncope(fast):
    """session19_si:26 look-alike: 'feel faint' is no syncope; the bare 'faint in kitchen' is."""
    _, _, st = assess("Feel faint in kitchen, calves ache walking.", fast)
    assert "present" not in st.get("syncope", set())
    _, _, st = assess("Faint in kitchen. Calves ache walking.", fast)
    assert "present" in st.get("syncope", set())
