"""Session 13 (fx13a): bladder, bowel and saddle wordings of cauda equina and cord compression that the probe
files session13_pb.txt and session13_pa.txt found unread or misread. Invented sentences of our own (not the
probe lines), each read in both modes: a floor (the red flag and at least its level) or a look-alike (the
finding is not read as present and no cauda equina emergency is raised). The probe line each case comes
from is its first item."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, check_floor, is_emergency  # noqa: E402

FLOORS = [
    # urine not felt as it passes
    ("session13_pb:13", "Since Tuesday I don't feel my wee coming out at all, and my back is killing me."),
    ("session13_pb:13", "He says he couldn't feel it passing when he went to the toilet this morning."),
    # the bladder's state no longer felt
    ("session13_pb:34", "Since the weekend she can't tell whether she is wet or not. Low back pain."),
    # bowels opened without feeling, in limited English or plainly
    ("session13_pb:32", "My mother no feel when she do poo now, back very bad."),
    ("session13_pb:23", "Back went on Friday and since yesterday the poo comes out by itself."),
    (
        "session13_pb:23",
        "Urine is leaking out without him noticing and he can't feel anything round his bottom.",
    ),
    # an odd feeling of the toilet seat
    ("session13_pb:17", "Odd sensation whenever I sit down on the toilet, since my back went on Saturday."),
    ("session13_pb:17", "I can't feel the toilet seat properly since my back went."),
    # a soaked pad or bed in someone continent until now
    (
        "session13_pb:12",
        "Night report: her bed was soaked at 3am and she is usually continent. Back pain since a fall.",
    ),
    # 'with no warning' is not the negation of the numbness after it
    (
        "session13_pb:30",
        "Wet through this morning with no warning, and she can't feel the paper when she wipes.",
    ),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("probe,text", FLOORS)
def test_sphincter_floor(probe, text, fast):
    """A bladder, bowel or saddle wording of the probe line ``probe``: cauda equina, at least emergency."""
    check_floor(text, fast, "emergency", "cauda_equina")


LOOK_ALIKES = [
    # 'no change' in the bowels or bladder says nothing is wrong with them
    (
        "session13_pa:36",
        "Stable claudication. No change in his bladder, no change in bowels.",
        "new_fecal_incontinence",
    ),
    (
        "session13_pa:36",
        "Stable claudication. No change in his bladder, no change in bowels.",
        "new_urinary_retention_or_incontinence",
    ),
    # leakage known for years is no new incontinence
    (
        "session13_pa:36",
        "Her pad is soaked by evening, as it has been for years with her stress incontinence.",
        "new_urinary_retention_or_incontinence",
    ),
    # a feeling said to be normal is no saddle anaesthesia
    (
        "session13_pb:48",
        "Piles for years and I strain a lot. It all feels normal round my bottom when I wipe.",
        "saddle_anesthesia",
    ),
    (
        "session13_pb:48",
        "Sensation in the saddle area feels normal. Back pain down the left leg.",
        "saddle_anesthesia",
    ),
    # water felt with the feet, a splinter that came out: no sphincter
    (
        "session13_pb:13",
        "I can't feel the water temperature with my feet, numb for years with diabetes.",
        "new_urinary_retention_or_incontinence",
    ),
    (
        "session13_pb:23",
        "The splinter in my heel came out on its own, the leg pain is the same.",
        "sphincter_dysfunction",
    ),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("probe,text,finding", LOOK_ALIKES)
def test_sphincter_look_alike(probe, text, finding, fast):
    """A look-alike of the probe line ``probe``: the finding is not present, no cauda equina emergency."""
    level, flags, states = assess(text, fast)
    assert "present" not in states.get(finding, set()), (probe, states)
    assert not ("cauda_equina" in flags and is_emergency(level)), (probe, level, sorted(flags))
