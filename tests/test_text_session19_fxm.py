"""Session 19 (fxm): look-alikes that read at an emergency level. Spoken punctuation in dictated notes
('comma', 'full stop': 'full' was a bladder-change word), a saddle numbness that goes on getting off the
bike, a normal post-void residual with 'he had not noticed any problem', a retention put down to an
anaesthetic and over, one dose of a steroid. Each look-alike has an urgent twin that must stay an
emergency, both modes. The sentences are our own unless the probe name says it is the probe line."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, check_floor, check_not_emergency, probe_line, states  # noqa: E402

# (text, probe): non-urgent look-alikes that must not reach an emergency level
LOOKALIKES = [
    (
        "thirty one year old runner comma stiff thighs the day after a half marathon comma easing "
        "full stop urine "
        "clear comma no swelling full stop advised rest and fluids",
        "session19_se:44",
    ),
    (
        "Mrs Patel seventy comma knee ache on the stairs comma bladder fine full stop bowels regular "
        "full stop "
        "review in clinic",
        "session19_se:44 (spoken full stop before a bladder word)",
    ),
    (
        "Triathlete forty five comma numb bottom on the saddle after a long ride that goes within "
        "half an hour of "
        "getting off full stop waterworks and bowels normal full stop new saddle advised",
        "session19_se:40",
    ),
    (
        "My bum goes numb on long bike rides but the feeling comes back completely once I'm off. Bladder and "
        "bowels fine.",
        "session19_se:40 (the bike-saddle family)",
    ),
    (
        "Community nurse: 72F, back ache for a month, legs heavy after a short walk. Bladder scan "
        "after voiding "
        "60 mL; she has not noticed any problems with her waterworks.",
        "session19_sd:44",
    ),
    (
        "After my gallbladder operation last spring I couldn't wee for a few hours because of the general "
        "anaesthetic, no trouble since. These days my lower back aches and both legs get heavy when "
        "I walk far, "
        "easing when I sit.",
        "session19_sd:2",
    ),
    (
        "She had a single dose of prednisolone at the walk-in centre last spring for a rash, nothing since. "
        "Now low back pain going into her right leg on walking, no fever.",
        "session19_sd:16",
    ),
]

# (text, floor, flag, probe): the urgent twins
FLOORS = [
    (
        "fifty eight year old comma back pain comma can not pass urine since this morning full stop numb "
        "between the legs",
        "emergency",
        "cauda_equina",
        "session19_se:44 (twin: a retention told in a dictated note)",
    ),
    (
        "Cyclist forty comma numb in the saddle area since yesterday's ride and it has not gone full stop "
        "can not feel the toilet paper",
        "emergency",
        "cauda_equina",
        "session19_se:40 (twin: a saddle numbness that stays)",
    ),
    (
        "Community nurse: 72F, back ache for a month, legs heavy after a short walk. Bladder scan "
        "after voiding "
        "900 mL; she has not noticed any problems with her waterworks.",
        "emergency",
        "cauda_equina",
        "session19_sd:43 (twin: a large residual)",
    ),
    (
        "Since yesterday I can't pee even though my bladder feels full, my back hurts and both legs "
        "tingle when "
        "I walk.",
        "emergency",
        "cauda_equina",
        "session19_sd:1 (twin)",
    ),
    (
        "Knee replaced under a spinal anaesthetic three weeks ago. Since last night I can't pass "
        "urine, my back "
        "is sore and both legs feel numb when I walk.",
        "emergency",
        "cauda_equina",
        "session19_sd:1 (twin: an anaesthetic told in its own sentence, a retention now)",
    ),
    (
        "She takes prednisolone 30 mg daily for her lupus. Now low back pain going into her right leg on "
        "walking, no fever.",
        "emergency",
        "spinal_infection",
        "session19_sd:15 (twin: a daily steroid)",
    ),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(("text", "probe"), LOOKALIKES)
def test_lookalike_is_not_an_emergency(text, probe, fast):
    """Each look-alike's probe is named beside it."""
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(("text", "floor", "flag", "probe"), FLOORS)
def test_urgent_twin_stays(text, floor, flag, probe, fast):
    """Each twin's probe is named beside it."""
    check_floor(text, fast, floor, flag)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    ("name", "line"),
    [
        ("session19_sd.txt", 2),
        ("session19_sd.txt", 16),
        ("session19_sd.txt", 44),
        ("session19_se.txt", 40),
        ("session19_se.txt", 44),
    ],
)
def test_probe_lines_not_an_emergency(name, line, fast):
    """The probe lines themselves (session19_sd:2, 16, 44; session19_se:40, 44)."""
    _, text = probe_line(name, line)
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    ("name", "line"), [("session19_sd.txt", 1), ("session19_sd.txt", 15), ("session19_sd.txt", 43)]
)
def test_probe_twins_stay_emergencies(name, line, fast):
    """The urgent pairs of session19_sd:2, 16 and 44 (lines 1, 15, 43)."""
    level, text = probe_line(name, line)
    check_floor(text, fast, level)


@pytest.mark.parametrize("fast", MODES)
def test_spoken_full_stop_is_no_full_bladder(fast):
    """session19_se:44: 'full stop urine normal colour' is no urinary retention."""
    text = "sore shins after netball comma better today full stop urine normal colour full stop"
    assert "present" not in states(text, fast).get("new_urinary_retention_or_incontinence", set())
