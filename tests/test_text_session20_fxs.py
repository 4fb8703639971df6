"""Session 20 (fxs): conditionals, plans and forward-looking words (probe file session20_tj).

1. 'In case it matters, ...' / 'in case it's relevant' tells why the writer says what follows: the present
   (context_rules.yaml: PSEUDO 'in case it matters'); 'In case the calf swells ...' stays a condition.
2. Advice told back as a condition is no finding: 'the cardiologist said that were his leg ever to turn pale
   and cold', 'dr said if it ever goes into both legs', 'Advised that as soon as his urine goes dark',
   'Just checking the plan: if my legs got weaker I was to ring' (context_rules.yaml: 'said that were',
   'advised that as soon as', 'plan: if'; lexicon.yaml rewrites the inverted 'were X to' as a condition).
   A condition said to have come true ('..., and they have') reads as the present (lexicon.yaml rewrite).
3. 'breathing tests' name a test, not a breathless patient (screen.yaml: BREATH_TEST voids BREATH).
4. One named arm or hand that will not lift, hold or move is a one-sided arm weakness (the stroke sign);
   not a shoulder's range ('won't lift above my head').
5. A limb, or 'it' after one, that suddenly went cold with colour words between is a sudden cold limb.
6. Tingling of both feet climbing 'up, now to my knees' after an infection with a new stumbling is an
   ascending deficit (Guillain-Barre); 'after my flu' is a recent infection.

The sentences are our own; the probe lines they come from are named in each docstring."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, at_least, is_emergency  # noqa: E402

BOTH = pytest.mark.parametrize("fast", MODES, ids=["fast", "rules"])


@BOTH
@pytest.mark.parametrize(
    "text",
    [
        "In case it's relevant, my right calf has swollen up over the last three days, it is hot and tender "
        "to touch, and I came off a long-haul flight on Friday.",
        "In case it matters, the swelling in my left calf the physio told me to keep an eye on has doubled "
        "since "
        "Sunday. It is hot, tight and sore to squeeze, and I flew back from Perth four days ago. No chest "
        "pain or "
        "breathlessness.",
    ],
)
def test_in_case_it_matters_is_the_present(text, fast):
    """session20_tj:7: 'In case it matters' opens a present account; the swollen hot calf after a flight is "
    "a DVT."""
    level, flags, st = assess(text, fast)
    assert "deep_vein_thrombosis" in flags, (flags, st)
    assert is_emergency(level), level


@BOTH
def test_in_case_the_calf_swells_stays_a_condition(fast):
    """session20_tj:7, the look-alike (cf. tj:34): 'In case the calf swells' is a safety-net."""
    text = (
        "In case the calf swells or goes hot, come back the same day. At the moment both calves are the "
        "same size "
        "and I just ache after walking."
    )
    level, flags, st = assess(text, fast)
    assert "present" not in st.get("unilateral_calf_swelling", set()), st
    assert not is_emergency(level), (level, flags)


@BOTH
@pytest.mark.parametrize(
    "text",
    [
        "After my flu last week the pins and needles in both feet are creeping up, now to my thighs, and my "
        "legs "
        "went weak on the stairs today.",
        "Unless I'm imagining it, the tingling that began in both feet on Monday after my flu is creeping "
        "up, now to "
        "my knees, and I've stumbled twice walking to the bus today. The GP said if it climbed higher I "
        "should go in. "
        "Breathing fine.",
    ],
)
def test_tingling_climbing_after_flu_is_guillain_barre(text, fast):
    """session20_tj:11: tingling of both feet climbing to the knees after flu, with stumbling."""
    level, flags, st = assess(text, fast)
    assert "guillain_barre" in flags, (flags, st)
    assert is_emergency(level), level


@BOTH
def test_numbness_creeping_up_over_years_is_no_guillain_barre(fast):
    """session20_tj:11, the look-alike: a diabetic numbness creeping up over years."""
    text = (
        "Numbness in both feet for five years with my diabetes, creeping up to my shins now, and I stumble "
        "on kerbs."
    )
    level, flags, st = assess(text, fast)
    assert "guillain_barre" not in flags, flags
    assert not is_emergency(level), level


@BOTH
@pytest.mark.parametrize(
    "text",
    [
        "The toes were fine at lunch, but an hour ago it suddenly went grey and cold and he can't feel me "
        "touch it.",
        "My husband's foot was due to be looked at in vascular clinic on the 14th, but this evening it "
        "suddenly went "
        "blotchy purple and cold and he says it has gone dead, he can't feel me touching it. Should we just "
        "wait for "
        "the appointment?",
    ],
)
def test_foot_that_suddenly_went_cold_is_limb_ischaemia(text, fast):
    """session20_tj:17: 'it suddenly went blotchy purple and cold', numb; 'Should we wait?' asks, it is no "
    "condition."""
    level, flags, st = assess(text, fast)
    assert "acute_limb_ischemia" in flags, (flags, st)
    assert at_least(level, "emergency_ambulance"), level


@BOTH
@pytest.mark.parametrize(
    "text",
    [
        "Twenty minutes ago his right leg went weak and his right hand can't hold his cup.",
        "As soon as I got up from the sofa my left leg went floppy and my left arm won't lift the kettle, "
        "about "
        "twenty minutes ago. Should I take an aspirin and see how I am tomorrow?",
    ],
)
def test_one_arm_that_will_not_lift_with_a_weak_leg_is_stroke(text, fast):
    """session20_tj:26: a leg gone floppy and the same side's arm that won't lift the kettle, minutes ago."""
    level, flags, st = assess(text, fast)
    assert "stroke" in flags, (flags, st)
    assert at_least(level, "emergency_ambulance"), level


@BOTH
def test_arm_that_wont_lift_above_the_head_is_no_stroke(fast):
    """session20_tj:26, the look-alike: a shoulder's range."""
    text = "My right arm won't lift above my head since the frozen shoulder; my legs ache walking uphill."
    level, flags, st = assess(text, fast)
    assert "stroke" not in flags, flags
    assert "present" not in st.get("sudden_unilateral_weakness", set()), st


@BOTH
@pytest.mark.parametrize(
    "text",
    [
        "Plan: if the legs get weaker or numbness in the saddle, attend ED. Currently ache in both buttocks "
        "walking, "
        "eased by sitting.",
        "Just checking the plan: if my legs got weaker I was to ring, and they haven't, if anything they're "
        "a bit "
        "stronger since the exercises. Still the ache in both buttocks walking to the post office, better "
        "leaning on "
        "the trolley.",
        "The surgeon said were the foot ever to go white and cold we should ring 999. It is warm and pink "
        "today, just "
        "calf ache walking uphill.",
        "Daughter here. Dad's cardiologist said that were his leg ever to turn suddenly pale and cold we "
        "must dial "
        "999. It hasn't. He's 78 with AF and wants to know why his calves cramp walking the dog round the "
        "block.",
        "Were my legs to give way completely I'd call you, but they're just tired and heavy after long "
        "walks.",
        "Nurse advised that as soon as his legs go weak or his pee turns brown he should come in. He has "
        "mild thigh "
        "aches walking.",
        "Pharmacist: gent, 58, asking about statin cramps. Advised that as soon as his urine goes dark or "
        "he feels "
        "real weakness he must stop and see a doctor that day. Neither present; mild calf aching on walking "
        "since the "
        "dose went up.",
        "The GP told me if it ever spreads to both legs or I go numb around my bottom I must go to A&E. It "
        "has not, "
        "it's only in my right leg.",
        "dr said if it ever goes into both legs or i get numb down below go to a&e straight away. it hasnt, "
        "still just "
        "my left leg, shooting pain below the knee when i sit long, 3 wks now",
    ],
)
def test_advice_told_as_a_condition_is_no_emergency(text, fast):
    """session20_tj:35, tj:38, tj:44, tj:48 (and tj:57): safety-netting that has not come true."""
    level, flags, st = assess(text, fast)
    assert not is_emergency(level), (level, flags, st)


@BOTH
@pytest.mark.parametrize(
    "text",
    [
        "I'm due breathing tests next month. My eyelids droop by the evening and my legs tire on long walks.",
        "Next time I see the neurologist I'll ask about breathing tests, just to be prepared. No problems "
        "breathing or "
        "swallowing at all; my legs simply tire more as the day goes on and my eyelids droop by the evening.",
    ],
)
def test_breathing_tests_are_no_breathlessness(fast, text):
    """session20_tj:42: 'breathing tests' beside fatigable eyelids is no myasthenic crisis."""
    level, flags, st = assess(text, fast)
    assert "myasthenic_crisis" not in flags, (flags, st)
    assert not is_emergency(level), level


@BOTH
def test_breathless_with_drooping_eyelids_still_a_crisis(fast):
    """session20_tj:42, the floor: a real breathlessness beside fatigable eyelids stays a crisis."""
    text = "My eyelids droop by the evening and my legs tire, and since this morning I'm breathless talking."
    level, flags, st = assess(text, fast)
    assert "myasthenic_crisis" in flags, (flags, st)


@BOTH
@pytest.mark.parametrize(
    "text",
    [
        "You told me if my legs got weaker I should ring back, and they have: since yesterday I can't feel "
        "the toilet "
        "paper when I wipe and I can't pee.",
        "She said if anything his legs are weaker and he is numb in the saddle since yesterday.",
    ],
)
def test_condition_that_came_true_stays_present(text, fast):
    """session20_tj:1, the twin of the advice cue: a condition that came true, and the idiom 'if anything'."""
    level, flags, st = assess(text, fast)
    assert "cauda_equina" in flags, (flags, st)
    assert is_emergency(level), level


@BOTH
def test_condition_that_came_true_keeps_the_weakness(fast):
    """session20_tj:1: 'and they have' makes the weakness in the told-back condition present."""
    level, flags, st = assess("You said if my legs got weaker I should ring back, and they have.", fast)
    assert "present" in st.get("bilateral_leg_weakness", set()), st
