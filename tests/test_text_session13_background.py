"""Session 13 (fx13d): red flags from the background (immunosuppression, chemotherapy, injecting) and
their back pain, and giant cell arteritis or a spinal infection that a past or long-known symptom must not
raise. Invented sentences of our own (each names the probe line it came from), read in both modes."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, check_floor, check_not_emergency, is_emergency  # noqa: E402

FLOORS = [
    # session13_pf.txt:32: a biologic named on its own, a back in agony that stops sleep
    (
        "spinal_infection",
        "emergency",
        "On azathioprine and mycophenolate after her kidney transplant. Her back has "
        "been unbearable since Friday.",
    ),
    (
        "spinal_infection",
        "emergency",
        "He has rheumatoid arthritis and has his etanercept pen every Sunday. His back "
        "has got much worse this week.",
    ),
    # session13_pf.txt:7: injecting, with a back that has 'gone bad' and keeps him awake
    ("spinal_infection", "emergency", "Injects heroin. My back went bad on Monday, can't sleep for it."),
    # session13_pf.txt:1 (rules alone): chemotherapy, and a back pain that now shoots down a leg
    (
        "spinal_infection",
        "emergency",
        "Age 62, having chemo for breast cancer. Back pain started Thursday and now it "
        "shoots down my right leg.",
    ),
    # session13_pf.txt:21: a steroid named after another drug, a back that has become painful over days
    (
        "spinal_infection",
        "emergency",
        "Taking methotrexate and prednisolone for arthritis. Lower back has become "
        "painful over the last few days.",
    ),
    # session13_pf.txt:29 (rules alone): dexamethasone after 'on' with another drug between
    (
        "spinal_infection",
        "emergency",
        "Aged 69, on bortezomib and dexamethasone for myeloma. Severe back pain since "
        "lifting a box on Monday.",
    ),
    # session13_pf.txt:31: chemotherapy, a back pain 'this bad' that no position eases
    (
        "spinal_infection",
        "emergency",
        "On chemo for myeloma. New back pain this bad, can't get comfy in any position.",
    ),
    (
        "spinal_infection",
        "emergency",
        "She is on chemotherapy for ovarian cancer. Back pain since Saturday and she "
        "can't get comfortable in any position.",
    ),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("flag,floor,text", FLOORS)
def test_session13_background_floor(flag, floor, text, fast):
    check_floor(text, fast, floor, flag)


NOT_EMERGENCY = [
    # the return of a calf cramp is no back in agony (session13_pf.txt:32's wording, look-alike)
    "The cramp in my calf came back unbearable after the walk.",
    # past chemotherapy is no immunosuppression now (session13_pf.txt:31, look-alike)
    "Chemotherapy for breast cancer in 2009, all clear since. My calves ache after "
    "200 yards and ease when I stop.",
    # sleeplessness from something else, with a back said to be fine (session13_pf.txt:7, look-alike)
    "My back is fine. Can't sleep because of the kids, and my calves ache walking uphill.",
    # session13_pa.txt:42: headaches known since youth, or usual migraines, are no new headache after 50
    "Aged 66. Headaches since his teens, the same as always. Calves tight on hills.",
    "She is 72 and has her usual migraines about twice a month. Legs ache after ten minutes walking.",
    # session13_pa.txt:41: a fever with an infection that settled within days
    "I'm 68, had a temperature with flu a fortnight ago and it settled within a few "
    "days. My back aches a bit and my "
    "calves cramp walking.",
    # session13_pf.txt:43: a headache that has passed
    "I'm 75 and had a headache on Saturday after too much wine, resolved now. Legs "
    "heavy walking up the hill.",
    "I'm 73; a headache with a cold on Monday, all gone now. Calves ache on the hill to the shops.",
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", NOT_EMERGENCY)
def test_session13_background_lookalike(text, fast):
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
def test_session13_known_headache_that_changed_is_new(fast):
    """A headache known since youth that is now different is still a new headache (session13_pa.txt:42's
    look-alike the other way round)."""
    level, flags, _ = assess(
        "I'm 71 and have had headaches since my twenties but this one is new, at my temples.", fast
    )
    assert "giant_cell_arteritis" in flags and is_emergency(level), (level, sorted(flags))
