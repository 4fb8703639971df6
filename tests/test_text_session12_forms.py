"""Session 12 (helper fx1): forms, check boxes and transcripts (answers and their corrections). Each test
names the probe line it came from (tests/fixtures/probes/session12_<file>.txt:<line>); the sentences are
invented and differ from the probe lines. Every test runs with the default reader and with the rules
alone."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, at_least, is_emergency  # noqa: E402


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text, finding",
    [
        # session12_po.txt:46 (a spinal referral's red flags all unticked)
        ("Spine clinic referral\nLow back ache [x] Both calves tired on walking [x]\nBowel or "
         "bladder upset [ ] "
         "Perianal numbness [ ] High temperature [ ]\nStable for 2 years", "sphincter_dysfunction"),
        # session12_po.txt:53 (one empty box per line)
        ("Gym injury form\nAge 31\nAche in both thighs after a new class\nCola-coloured urine [ "
         "]\nSwelling [ ]",
         "dark_urine_after_exercise"),
        # session12_po.txt:54 (giant cell arteritis items unticked)
        ("PMR clinic form\nAge 70\nAching shoulders [x]\nJaw pain when chewing [ ]\nTender scalp [ ]",
         "jaw_claudication"),
        # a box before its item
        ("Checklist\n[ ] Saddle numbness\n[x] Back pain for 3 months", "saddle_anesthesia"),
    ],
)
def test_an_empty_box_makes_its_item_absent(text, finding, fast):
    """session12_po.txt:46, 53, 54: a form's empty box ("[ ]") after (or before) an alarming item had read
    the item as present (an emergency for unticked red flags); the item is now absent and no emergency
    follows."""
    level, flags, states = assess(text, fast)
    assert "present" not in states.get(finding, set()), states
    assert not is_emergency(level), (level, flags)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text, flag",
    [
        # a ticked box keeps its item (session12_po.txt:1 style)
        ("Referral\nBack pain [x]\nNumb around the back passage since Friday [x]\nFever [ ]", "cauda_equina"),
        # an empty box on the same line does not take a ticked item with it
        ("GCA screen, age 77\nNew headache [x] Jaw claudication [x] Visual loss [ ]", "giant_cell_arteritis"),
        ("Vascular form\nSudden cold white left foot since 2pm \u2713\nPulses absent \u2713\nDiabetes \u2610",
         "acute_limb_ischemia"),
    ],
)
def test_a_ticked_box_keeps_its_item(text, flag, fast):
    """Floor beside the empty-box look-alikes (session12_po.txt:1, 43 style): a ticked box ("[x]", a check
    mark) keeps the red flag of its item, even with an empty box on the same line."""
    level, flags, _ = assess(text, fast)
    assert flag in flags, (level, flags)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        # session12_po.txt:49 (a remark in brackets after the answer)
        "ED checklist\nCauda equina screen\nRetention/incontinence: No (bladder scan 60 "
        "mL)\nSciatica L leg, 5/5",
        # a form that ends with its answer "No"
        "Back pain for 4 weeks, mechanical.\nFever: No",
    ],
)
def test_a_checklist_answer_no(text, fast):
    """session12_po.txt:49: 'Urinary retention/incontinence: No (PVR 40 mL)' read the retention as present
    (the '(' after 'No' was not an item end), and a text ending with 'Fever: No' read a fever (no token
    after the 'No')."""
    level, flags, states = assess(text, fast)
    assert "present" not in states.get("new_urinary_retention_or_incontinence", set())
    assert "present" not in states.get("fever_with_back_pain", set())
    assert not is_emergency(level), (level, flags)


@pytest.mark.parametrize("fast", MODES)
def test_a_form_answer_no_keeps_a_following_finding(fast):
    """Floor beside the checklist look-alike: 'Fever: no cough' is not a 'no' to the fever."""
    _, flags, _ = assess("Back pain.\nFever: 38.9, no cough", fast)
    assert "spinal_infection" in flags


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        # session12_pi.txt:51 (a "yes" corrected to "no")
        "Bot: Any numbness in the saddle area?\nMe: yes - sorry, no, I misread it. Sciatica down "
        "the right leg "
        "for 3 weeks, worse sitting",
        # session12_pi.txt:59 (a long bot question; "no, same for months")
        "Bot: Legs weak?\nMe: heavy after a long walk\nBot: Any weakness spreading upwards or "
        "quickly getting worse?\n"
        "Me: no, same as last year\nBot: Face drooping or slurred speech?\nMe: no",
    ],
)
def test_corrected_and_long_questions_answered_no(text, fast):
    """session12_pi.txt:51, 59: an answer corrected on its line ('yes- sorry no') and a bot's question of
    seven or eight words answered 'no, same ...' had read the question's red flags as present (cauda equina,
    Guillain-Barre; the fast layer also guessed a speech disturbance from the question 'Face droop or speech
    change?')."""
    level, flags, _ = assess(text, fast)
    assert not is_emergency(level), (level, flags)


@pytest.mark.parametrize("fast", MODES)
def test_a_no_corrected_to_yes_is_not_no(fast):
    """Floor beside the corrected answers (session12_pi.txt:39 style): 'No... wait, yes' is not a 'no'."""
    level, flags, _ = assess("Dr: Any numbness around your bottom?\nPt: No... no wait, yes, since yesterday "
                             "it feels numb "
                             "when I wipe. Back pain 2 weeks.", fast)
    assert is_emergency(level), (level, flags)


@pytest.mark.parametrize("fast", MODES)
def test_a_corrected_answer_is_read_with_its_question(fast):
    """session12_pi.txt:39: 'Pee colour? Normal... no wait, the last two were reddish brown' after a hard
    walk in McArdle disease: the corrected answer is read with the question's topic (rhabdomyolysis)."""
    level, flags, _ = assess(
        "Nurse: What did you do?\nPt: Ran for the bus twice, both thighs rock hard since.\n"
        "Nurse: Urine colour?\nPt: Clear... oh wait, this morning it was dark brown.",
        fast,
    )
    assert "rhabdomyolysis" in flags, (level, flags)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        # session12_pk.txt:27 (safety-net advice, then "neither")
        "GP told me to go to A&E straight away if my legs go weak or I wet myself. Neither has "
        "happened, back "
        "still stiff after 2 weeks",
        # session12_po.txt:55 (a stable myasthenia letter: a list of normal items)
        "Myasthenia clinic\nDx: ocular MG since 2016, stable on pyridostigmine.\nBulbar: chewing "
        "normal, voice "
        "normal.\nBreathing: no dyspnoea.\nLegs ache after 2 miles, settle with rest.",
    ],
)
def test_fast_layer_guesses_from_advice_and_normal_lists(text, fast):
    """session12_pk.txt:27 and session12_po.txt:55 (the default reader): the fast layer guessed a bladder
    problem from 'go to A&E if ... I wet myself' and a speech disturbance from 'Bulbar: chewing normal,
    voice normal' (a myasthenic crisis); both are no emergency now."""
    level, flags, _ = assess(text, fast)
    assert not is_emergency(level), (level, flags)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text, level",
    [
        # session12_pi.txt:3 (a son answering for his father, "no pee since morning")
        ("Nurse: Is this about your dad?\nDaughter: Yes, she means him, he is 66. Back ache and no wee since "
         "last night, tummy swollen.", "emergency"),
        ("Back pain a week. No urine passed since yesterday morning and my belly is tight.", "emergency"),
        # session12_pm.txt:31 (a foot drop in lay words, worse over days)
        ("For a week my left foot is dropping when I walk and the toes drag on the pavement, worse each day.",
         "consultation_24"),
    ],
)
def test_floors(text, level, fast):
    """session12_pi.txt:3: 'He say no pee since morning' read the retention as absent (the 'no' before it),
    and a son answering a question ('Son: Yes, he ...') made it a family history; session12_pm.txt:31: a
    foot 'falling when I walk' and toes that 'hit the floor' were no weakness."""
    got, flags, _ = assess(text, fast)
    assert at_least(got, level), (got, flags)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "No urine infection since 2019. Back ache for a fortnight.",
        "Any family history?\nMother: breast cancer, she had it at 50. Back pain for 2 weeks",
        "My foot falls asleep when I sit cross-legged on the floor",
    ],
)
def test_look_alikes(text, fast):
    """Beside the floors above: 'no urine infection since' is no retention; a mother answering a
    family-history question keeps her cancer hers; a foot that 'falls asleep' is no foot drop."""
    level, flags, states = assess(text, fast)
    assert "present" not in states.get("new_urinary_retention_or_incontinence", set())
    assert "present" not in states.get("new_leg_weakness", set())
    assert "present" not in states.get("cancer_history", set())
    assert not is_emergency(level)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text, emergency",
    [
        ("Low back pain 5 weeks\nBladder retention Y/N: N\nPerianal numbness (y/n): n", False),
        ("Low back pain 5 weeks\nPerianal numbness Yes / No: No", False),
        ("Low back pain 5 weeks\nPerianal numbness Yes / No: Yes", True),
        ("Low back pain 5 weeks\nPerianal numbness \u2717", False),
        ("Low back pain 5 weeks\nPerianal numbness \u2713", True),
        ("Low back pain 5 weeks\n\u2610 Perianal numbness", False),
        ("Low back pain 5 weeks\n\u2611 Perianal numbness", True),
    ],
)
def test_form_marks_read_consistently(text, emergency, fast):
    """session12_po.txt (all its form lines): 'Y/N: N' and 'Yes / No: No' after a red-flag label had read the
    label as present (an emergency); a ticked mark is present and an empty or crossed one absent, whichever
    side of the item it stands."""
    level, flags, _ = assess(text, fast)
    assert is_emergency(level) == emergency, (level, flags)
