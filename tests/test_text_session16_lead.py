"""Session 16 (the lead): look-alikes read at an emergency level, found while the fxc and fxb helpers
worked, with the emergencies beside them that must keep their level. 'Normal sensation in the saddle
area' had read as saddle numbness (the match 'normal sensation' hid the 'normal' cue); 'anal tone normal'
was guessed by the fast layer as a new faecal incontinence; 'Temp fine' beside back pain read as a fever;
'I wake at 3am' (a habit) read as a sudden cold foot; 'sore and tight after my run' as the severe muscle
pain of rhabdomyolysis. Invented sentences of our own, read in both modes."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, check_floor, check_not_emergency  # noqa: E402

NOT_EMERGENCY = [
    "Exam: sensation normal in saddle, reflexes normal, power 5/5. Chronic back ache.",
    "Exam: normal sensation in the saddle area.",
    "O/E normal sensation in saddle distribution, anal tone normal. Sciatica L5.",
    "Sensation intact in the saddle area, bladder fine.",
    "PR: anal tone normal. Chronic L5 sciatica, no retention.",
    "Back pain after lifting. Temp fine, no weight loss.",
    "LBP 3/7 after gardening, temp ok, obs fine, no red flags.",
    # found by fxb: a habit's clock time is no sudden onset; 'sore and tight' after a run is no severe pain
    "My feet get cold in winter and I wake at 3am with them aching, but I can feel and move them fine.",
    "My calf is sore and tight after my run yesterday, feels better when I stretch it.",
    "My left knee hurts on the stairs. It is swollen after gardening, calves fine.",
    "Felt a pull in my right calf sprinting. NP: Is it swollen? Pt: No, both calves look the same size.",
]

CE, SI, ALI, RH = "cauda_equina", "spinal_infection", "acute_limb_ischemia", "rhabdomyolysis"
# text, floor, red flag
FLOORS = [
    ("Leg sensation normal; numbness in the saddle area since yesterday.", "emergency", CE),
    ("Normal sensation in the legs but numb around the bottom since today, cannot pee.", "emergency", CE),
    ("Normal sensation in the legs. Saddle numbness since this morning and retention.", "emergency", CE),
    ("Altered sensation around the anus since yesterday and numb bottom.", "emergency", CE),
    ("Anal tone normal but she has been incontinent of urine since last night and her saddle is numb.",
     "emergency", CE),
    ("Bowels fine. Since yesterday he can't feel when he needs a wee and has wet himself twice.",
     "emergency", CE),
    ("Temp fine yesterday but tonight 39.2 with severe back pain, on chemo.", "emergency", SI),
    ("Back pain for a week, temp 38.9 and shivering, injects heroin.", "emergency", SI),
    ("I woke at 3am and my left foot was cold and white and hurting.", "emergency", ALI),
    ("He wakes up at 4am most nights with cramps, but tonight at 3am his leg went cold and numb and he can't "
     "move his foot.", "emergency_ambulance", ALI),
    ("Thighs very sore and tight since the crossfit session, urine dark brown today.", "emergency", RH),
    ("After the spin marathon yesterday his thighs are extremely painful and tight and his wee is like cola.",
     "emergency", RH),
    # the swelling of a calf named the sentence before (session12_pn:5 had reached its emergency only
    # through the 'painful and tight' reading removed above)
    ("His left calf has been painful for two days. It is swollen, warm and redder than the right one.",
     "emergency", None),
    ("Left calf painful and tight for two days since the flight. It is swollen and warm.", "emergency", None),
]


@pytest.mark.parametrize("fast", MODES, ids=["fast", "rules"])
@pytest.mark.parametrize("text", NOT_EMERGENCY)
def test_normal_findings_are_not_an_emergency(text: str, fast: bool) -> None:
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES, ids=["fast", "rules"])
@pytest.mark.parametrize(("text", "floor", "flag"), FLOORS)
def test_emergency_beside_a_normal_finding(text: str, floor: str, flag: str | None, fast: bool) -> None:
    check_floor(text, fast, floor, flag)
