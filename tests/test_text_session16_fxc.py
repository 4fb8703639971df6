"""Session 16 (fxc): over-triage from teaching and exam texts, and denials in capitals.

A capital NO before a word is the ordinary forward denial (a rule for screen answers, 'fever NO;',
had taken every bare NO; probe session16_qn:37). The general 'normal'/'fine' denials read every
finding again ('Temperature normal' beside back pain had been a fever: probe session16_qo:52).
Exam answer options, 'which feature would indicate X' questions, a student's differential and a
list answered 'none present' name conditions the patient does not have (probes session16_qo:39,
41, 44, 45, 47, 51, 52); a stem that describes the emergency stays urgent. Invented sentences of
our own (and the probe line where useful), read in both modes."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, check_floor, check_not_emergency, states  # noqa: E402

# look-alikes: not an emergency in either mode
NOT_EMERGENCY = [
    # session16_qn:37 (text in capitals; its denials must deny)
    "PT 68 BOTH CALVES ACHE AFTER 200 YDS, EASES WITH REST. NO SADDLE NUMBNESS NO BLADDER "
    "CHANGE POWER NORMAL",
    "REFERRAL: LOW BACK PAIN 3 MONTHS. NO FEVER NO WEIGHT LOSS NO SADDLE NUMBNESS",
    "FORM: FEVER NO; SADDLE NUMBNESS NO; NEW BLADDER PROBLEM NO. KNEE ACHE ON STAIRS.",
    # session16_qo:52 (a normal temperature is no fever)
    "Back ache for a year, stiff in the mornings. Temperature normal, no weakness.",
    "Lower back pain since lifting on Saturday. Temperature normal on the ward, legs strong.",
    # session16_qo:39, qo:45 (lettered answer options)
    "A 70-year-old has calf cramp at 200 m that settles with rest; saddle sensation is "
    "normal. Best next step? "
    "A) Saddle numbness check B) Urgent MRI C) Walking programme D) Cauda equina pathway",
    "Ankles swell by evening on both sides since starting nifedipine, no calf tenderness. Likely cause? "
    "A) Cellulitis B) Drug side effect C) Compartment syndrome D) Bilateral DVT",
    # session16_qo:41, qo:51 (options listed)
    "Card: 58M, aching calves at 300 m, eases standing still, no weakness. Options "
    "listed: GBS, cauda equina, PAD.",
    "A 60-year-old with knee pain on stairs and no fever. The MCQ options include spinal "
    "epidural abscess and cord "
    "compression.",
    # session16_qo:44, qo:47 (which feature would indicate X; a list answered 'none present')
    "Sore thighs two days after a first spin class, urine normal. Which feature would "
    "suggest rhabdomyolysis? "
    "Dark urine, marked swelling or a very high CK; none present.",
    "Known myasthenia, legs tire late in the day and recover with rest; breathing and "
    "swallowing normal and he can "
    "hold his head up. Which findings would indicate myasthenic crisis?",
    # session16_qo:52 (a student's differential)
    "Tutor note: 30-year-old, morning back stiffness for years, better with exercise, "
    "temperature normal. Candidate "
    "listed spinal infection as the top differential.",
]

# floors: the patient's own emergency, also in capitals and beside options or questions
FLOORS = [
    (
        "cauda_equina",
        "emergency",
        "PT 55 BACK PAIN, NOW SADDLE NUMBNESS SINCE THIS MORNING AND CANT PASS URINE",
    ),
    ("cauda_equina", "emergency", "SADDLE NUMBNESS YES; FEVER NO; WEAKNESS NO"),
    # a stem that describes the emergency keeps it, whatever the options say
    (
        "cauda_equina",
        "emergency",
        "A 45-year-old with sciatica in both legs cannot feel the toilet paper when wiping "
        "since today. Next step? "
        "A) Physiotherapy B) Emergency MRI C) Analgesia",
    ),
    (
        "rhabdomyolysis",
        "emergency",
        "After a 30 km march his thighs are swollen and his urine is the colour of cola. "
        "Which investigation would "
        "most help? A) CK B) X-ray",
    ),
    (
        "myasthenic_crisis",
        "emergency_ambulance",
        "Known myasthenia, since this morning she cannot hold her head up and chokes on "
        "water. Which features would "
        "indicate a crisis?",
    ),
    # a patient's own question: the swollen calf lies beyond the question cue's four words
    (None, "emergency", "Which would suggest a clot, my calf swelling since yesterday or the redness?"),
    (
        "spinal_infection",
        "emergency",
        "Back pain for a week with a temperature of 38.9 and rigors. Student listed "
        "mechanical back pain as the "
        "differential.",
    ),
]

PROBES = [
    "BACK PAIN CLINIC RPT HEADER\nPT 72 LEGS HEAVY AND NUMB AFTER 10 MINS STANDING OR "
    "WALKING EASES SITTING OR "
    "LEANING ON TROLLEY NO BLADDER OR BOWEL CHANGE NO SADDLE NUMBNESS POWER NORMAL",
    "Flashcard front: 62F, unpleasant creeping urge to move her legs in the evening, "
    "better while walking around, "
    "worse lying in bed, no swelling, no weakness. Options on the card: DVT, GBS, RLS, "
    "PAD, cauda equina. Back: ?",
]


@pytest.mark.parametrize("fast", MODES, ids=["fast", "rules"])
@pytest.mark.parametrize("text", NOT_EMERGENCY + PROBES)
def test_session16_fxc_not_emergency(text: str, fast: bool) -> None:
    """session16_qn:37 and session16_qo:39-52: look-alikes of the exam and capitals families."""
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES, ids=["fast", "rules"])
@pytest.mark.parametrize(("flag", "floor", "text"), FLOORS)
def test_session16_fxc_floor(flag: str | None, floor: str, text: str, fast: bool) -> None:
    """The emergency a stem or a capitals note states stays (session16_qn, session16_qo)."""
    check_floor(text, fast, floor, flag)


@pytest.mark.parametrize("fast", MODES, ids=["fast", "rules"])
def test_capital_no_denies_what_follows(fast: bool) -> None:
    """session16_qn:37: 'NO SADDLE NUMBNESS' denies the numbness; 'saddle numbness NO;' still answers it."""
    for text in ("NO SADDLE NUMBNESS", "SADDLE NUMBNESS NO; BACK PAIN YES"):
        got = states(text, fast)
        assert "present" not in got.get("saddle_anesthesia", set()), (text, fast, got)
