"""Session 14 (fx14c): Guillain-Barre, cord compression, cauda equina and stroke in clinicians' shorthand
(the session-14 probes tests/fixtures/probes/session14_pm.txt, pp.txt, pq.txt, pr.txt). Invented sentences
of our own, each read in both modes, with look-alikes that must not fire."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, check_floor, check_not_emergency  # noqa: E402

FLOORS = [
    # session14_pq.txt:6: 'wkns' for weakness, both legs over days ('4/7') after D&V, areflexic
    (
        "guillain_barre",
        "emergency",
        "GP ref: 45F, 4/7 progressive BLE wkns, areflexic, tingling toes. D&V 10/7 ago.",
    ),
    # session14_pq.txt:31: knee and ankle jerks charted with symbols; independent last week, a frame now
    (
        "guillain_barre",
        "emergency",
        "Numb toes 4/7, KJs ø, AJs ↓, now mobilising with a zimmer (indep until Sat). "
        "Flu-like illness 2/52 ago.",
    ),
    # session14_pr.txt:16: weakness of both legs climbing up after an infection, with breathing trouble
    (
        "guillain_barre",
        "emergency_ambulance",
        "Weakness in both her legs has crept upwards over three days since a bad cold, "
        "and now she is short of breath.",
    ),
    # session14_pm.txt:17: legs then hands weak after diarrhoea, knee jerks gone
    (
        "guillain_barre",
        "emergency",
        "Mum had food poisoning with diarrhoea last week. Now both legs are weak, "
        "her hands are going weak as well, and the nurse says her knee jerks have gone.",
    ),
    # session14_pp.txt:9: knees gave way, then arms that cannot be lifted, after the runs, with a weak cough
    (
        "guillain_barre",
        "emergency_ambulance",
        "tingly feet sunday, legs gave way tuesday, today cant lift arms to wash hair. "
        "cough weak. had the runs a fortnight ago",
    ),
    # session14_pq.txt:9: a sensory loss charted to a trunk landmark
    (
        "spinal_cord_compression",
        "emergency",
        "Gait spastic, pinprick reduced to the umbilicus bilaterally, upgoing plantars.",
    ),
    # session14_pq.txt:24: the power of both legs charted falling within hours
    (
        "cauda_equina",
        "emergency_ambulance",
        "Obs chart: LLs power 5/5 at 06:00 -> 3/5 at 11:00, saddle numbness.",
    ),
    # session14_pp.txt:29: the FAST screen positive on an ambulance form
    (
        "stroke",
        "emergency_ambulance",
        "PRF\nFAST: face +ve, arm +ve L, speech +ve\nOnset 40 min ago",
    ),
    # session14_po.txt:20: both legs gone weak this afternoon on a diuretic and laxatives, with a racing
    # heart, no bloods yet (a hypokalaemic paralysis until the potassium is known)
    (
        "progressive_neurological_deficit",
        "emergency",
        "Cutting weight for a competition on water tablets and laxatives; this afternoon both legs went weak "
        "on the stairs and her heart is racing. No bloods yet.",
    ),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("flag,floor,text", FLOORS)
def test_shorthand_floor(flag, floor, text, fast):
    """Floors from session14_pq.txt:6, :9, :24, :31, session14_pr.txt:16, session14_pm.txt:17,
    session14_po.txt:20 and session14_pp.txt:9, :29 (the comment above each names its line): the flag
    is raised and the triage is at least the floor."""
    check_floor(text, fast, floor, flag)


NOT_EMERGENCY = [
    # session14_pp.txt:29: 'fast' in lower case and a FAST screen that is negative
    "Walks fast to keep fit; face positive outlook. Calves ache after 400 m, ease on standing.",
    "FAST negative: face normal, arm normal, speech normal. Calf cramp after 300 m for a year.",
    # session14_pq.txt:24: a power grade that rises after rehab
    "Knee OA. BLE power 2/5 -> 4/5 after rehab. Calves ache at 200 m walking.",
    # session14_pq.txt:9: a sensory gradient to the knees is a neuropathy, not a sensory level
    "Diabetic neuropathy: vibration reduced to the knees, pinprick reduced to mid-shin, for years.",
    # session14_pr.txt:16: a relative's ascending weakness long ago
    "His father had weakness in both his legs that climbed up after a chest infection years ago. "
    "He has calf pain on walking.",
    # session14_po.txt:20: a diuretic and laxatives with months of weak legs, or with cramps on walking
    "On furosemide and senna for years. Legs weak and swollen for months, cramps at night.",
    "Takes water tablets and laxatives. Calf cramps after walking 200 m, ease with rest.",
    # ... and with a potassium stated (the knowledge base's potassium thresholds decide)
    "On indapamide and bisacodyl. Weak legs this morning on the stairs, calf cramps. K 3.1.",
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", NOT_EMERGENCY)
def test_shorthand_look_alike_not_emergency(text, fast):
    """Look-alikes of session14_pp.txt:29, session14_pq.txt:9, :24, session14_pr.txt:16 and
    session14_po.txt:20: not an emergency."""
    check_not_emergency(text, fast)


LOOK_ALIKES = [
    # session14_pq.txt:31: ankle jerks alone, or ankle jerks absent with knee jerks present, are no areflexia
    ("Ankle jerks ø bilaterally, KJs 2+. Calves ache at 300 m.", "areflexia"),
    # session14_pp.txt:29: a negative FAST is no facial droop
    ("FAST: face negative, arm negative, speech negative.", "facial_droop"),
    # session14_pq.txt:9: numbness to the ankles is no sensory level
    ("Numbness to the ankles in both feet for two years.", "sensory_level"),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text,finding", LOOK_ALIKES)
def test_shorthand_look_alike_finding(text, finding, fast):
    """Look-alikes of session14_pq.txt:9, :31 and session14_pp.txt:29: the finding is not read as present."""
    _, _, states = assess(text, fast)
    assert "present" not in states.get(finding, set()), states
