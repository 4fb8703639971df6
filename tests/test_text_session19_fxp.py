"""Session 19 (fxp): ellipsis and coordination (probe session19_sh) and very plain, telegraphic English (probe
session19_si, the spinal lines). The other leg 'doing the same', a numbness listed on with 'then my bottom',
'not just the right one', text-speak '2' for 'to', 'wee wont come', 'bottom no feeling', 'poo come out no
warning', a carer writing about the person they look after, a back wound leaking with a fever after a spinal
operation, 'Up to knees. Then hips. 2 day. Reflex gone', and symptoms dated back to a past year by 'that was
... in 2010'.

Floors are both modes (fast semantic layer and rules alone); each look-alike must stay below an emergency. The
sentences are our own; the probe line each comes from is named."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, at_least, is_emergency, probe_line  # noqa: E402

# (text, floor, flag, probe)
FLOORS = [
    (
        "Sciatica in my left leg since the summer. This week the right one has started doing the same, "
        "burning "
        "down to the ankle.",
        "emergency",
        "cauda_equina",
        "session19_sh:1",
    ),
    (
        "legs both weak now not just the left one + cant feel the toilet paper when i wipe",
        "emergency",
        "cauda_equina",
        "session19_sh:26",
    ),
    ("no urge 2 wee since yesterday, back killing me", "emergency", "cauda_equina", "session19_sh:26"),
    (
        "Both feet tingling, then my shins, then my bum. Since Sunday.",
        "emergency",
        "cauda_equina",
        "session19_sh:32",
    ),
    ("pee wont come since lunch. back bad. legs heavy", "emergency", "cauda_equina", "session19_si:4"),
    ("back hurt bum no feeling, legs weak", "emergency", "cauda_equina", "session19_si:4"),
    (
        "I care for my husband. Husband spine surgery 10 days ago. Now husband hot and shaking. "
        "Operation wound "
        "oozing green.",
        "emergency",
        "spinal_infection",
        "session19_si:18",
    ),
    (
        "Support worker note. Sam says: poo comes out without warning. New this week. Back sore.",
        "emergency",
        "cauda_equina",
        "session19_si:23",
    ),
    (
        "Legs weak both. Up to the knees, then thighs. 3 days. Reflexes gone, nurse say.",
        "emergency",
        "guillain_barre",
        "session19_si:31",
    ),
]


@pytest.mark.parametrize("fast", MODES, ids=["fast", "rules"])
@pytest.mark.parametrize(
    "text,floor,flag,probe", FLOORS, ids=[f"{p}-{i}" for i, (_t, _l, _f, p) in enumerate(FLOORS)]
)
def test_ellipsis_and_plain_english_floor(text, floor, flag, probe, fast):
    """Floors (probes named in the ids): the alarm said by ellipsis or in telegraphic words is read."""
    level, flags, st = assess(text, fast)
    assert at_least(level, floor), (probe, level, flags, st)
    assert flag in flags, (probe, level, flags, st)


@pytest.mark.parametrize("fast", MODES, ids=["fast", "rules"])
@pytest.mark.parametrize(
    "name,line",
    [
        ("session19_sh.txt", 1),
        ("session19_sh.txt", 26),
        ("session19_sh.txt", 32),
        ("session19_si.txt", 4),
        ("session19_si.txt", 18),
        ("session19_si.txt", 23),
        ("session19_si.txt", 31),
    ],
)
def test_probe_lines_reach_their_level(name, line, fast):
    """The probe lines themselves (session19_sh / si, named in the ids)."""
    floor, text = probe_line(name, line)
    level, flags, st = assess(text, fast)
    assert at_least(level, floor), (name, line, level, flags, st)


LOOKALIKES = [
    ("Legs ache walk. Sit better. 2 year. Bladder ok.", "session19_si (telegraphic but benign)"),
    ("Calves ache walk. Stop, better. 3 year. Feet cold winter.", "session19_si (telegraphic but benign)"),
    (
        "Had sciatica down my right leg last year. The left knee does the same clicking on stairs.",
        "session19_sh:1 (a knee doing the same)",
    ),
    (
        "The ankle water would not go down after the long flight, both sides, no pain.",
        "session19_si:4 (water that will not go down)",
    ),
    (
        "Saddle numbness and leaking urine, that was after my fall in 2014 and it settled. Now my right calf "
        "cramps at 200 yards.",
        "session19_sh:42",
    ),
    (
        "I look after my mum, who had a stroke. My calves ache when I walk to the shops and ease "
        "when I stop.",
        "session19_si:18 (the carer's own complaint)",
    ),
    (
        "Dad had a back operation in 2012. Now he has the flu, hot and shaky, walks fine.",
        "session19_si:18 (a fever without a leaking wound)",
    ),
    ("Ache up to knees. Then hips. Walk 200 yards. 5 years.", "session19_si:31 (a pain's reach over years)"),
]


@pytest.mark.parametrize("fast", MODES, ids=["fast", "rules"])
@pytest.mark.parametrize("text,probe", LOOKALIKES, ids=[p for _t, p in LOOKALIKES])
def test_telegraphic_or_past_lookalike_is_no_emergency(text, probe, fast):
    """Look-alikes (probes named in the ids): telegraphic but benign, a past episode, another part."""
    level, flags, st = assess(text, fast)
    assert not is_emergency(level), (probe, level, flags, st)


@pytest.mark.parametrize("fast", MODES, ids=["fast", "rules"])
def test_past_saddle_episode_probe_line(fast):
    """session19_sh:42: saddle numbness and wetting dated 'that was after my baby in 2010' is a past
    episode."""
    _floor, text = probe_line("session19_sh.txt", 42)
    level, flags, st = assess(text, fast)
    assert not is_emergency(level), (level, flags, st)
