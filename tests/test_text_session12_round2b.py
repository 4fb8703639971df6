"""Session 12, round 2 (helper fx7): myasthenic crisis, acute compartment syndrome and the age that giant
cell arteritis needs, from the probe lines of tests/fixtures/probes/session12_pu.txt and session12_pw.txt.
Floors (a text -> at least this flag, both modes) beside look-alikes (a stable myasthenia with breathing
and swallowing said to be fine; chronic exertional compartment syndrome; a sprain). Every sentence is
invented and differs from the probe line its docstring names."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, is_emergency, read  # noqa: E402


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        # session12_pw:39 (lower-case "known mg")
        "known mg, legs give out after the stairs and tonight can't breathe when I lie down",
        # session12_pu:5 (the drug names the diagnosis)
        "She is on Mestinon and doubled it herself; her legs keep giving way and she is breathless "
        "after a few words.",
        # session12_pu:7 ("my as thenia gravis", split by a phone)
        "my dad has my as thenia gravis, his legs tire on the stairs and now he says he can't get "
        "a breath in",
        # session12_pu:3 (fatigable weakness asked and answered, no diagnosis named)
        "Q: Do your legs get weaker the longer you walk?\nA: Yes, then better after a sit.\n"
        "Q: Swallowing or breathing?\nA: Choking on my drinks and short of breath in the chair.",
        # development3 y30's family ("can barely hold her head up" is inability)
        "Her myasthenia is bad today, she can hardly hold her head up and is choking on tea.",
    ],
)
def test_session12_myasthenic_crisis_floor(fast, text):
    """Floors (session12_pw:39, pu:5, pu:7, pu:3): a known or stated myasthenia with breathing, swallowing
    or neck weakness is a myasthenic crisis (an ambulance), both modes."""
    assert "myasthenic_crisis" in assess(text, fast)[1]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        # session12_pu:10 (a list answered at its end)
        "I have myasthenia gravis, stable for years. Swallowing, speech, chewing and breathing are all fine.",
        # session12_pu:12 ("can lift head" is the ability, not its loss)
        "MG review: mild evening leg fatigue as usual, she can lift her head from the bed easily, "
        "no dysphagia.",
        # session12_pw:60 (texting "n" for "and")
        "known mg, legs heavy by teatime as always, breathing n swallowing ok",
        "I take pyridostigmine; I can swallow fine and my breathing is normal.",
    ],
)
def test_session12_stable_myasthenia_is_no_crisis(fast, text):
    """Look-alikes (session12_pu:10, pu:12, pw:60): a stable myasthenia whose breathing and swallowing are
    said to be fine, or whose head can be lifted, is no crisis and no emergency, both modes."""
    level, flags, states = assess(text, fast)
    assert "myasthenic_crisis" not in flags, states
    assert not is_emergency(level)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        # session12_pu:27 (not eased by hours of rest; "swollen, shiny and tense")
        "Did an ultramarathon today. My right shin began to hurt halfway and has not eased at all "
        "after three hours of rest with my leg up. It's swollen, shiny and tense.",
        # session12_pw:42 ("leg tense", "rested ... no better")
        "calf tense n swollen agony bending foot back, rested 3 hrs no better",
        # session12_pu:30 (a bump on anticoagulation, "through the roof")
        "On apixaban. Banged my shin on the coffee table yesterday, now it's swollen, tight and "
        "the pain is through the roof.",
        # session12_pu:31 (a cast; "out of this world"; moving the toes "without screaming")
        "his leg went in plaster on monday and the pain is out of this world, he cant wiggle his "
        "toes without crying",
        # session12_pu:33 ("medicine no help"; "when I move the toes the pain more")
        "Heavy box fall on my leg two days ago. Now shin very hard, pain so big, medicine no help. "
        "I move the toes, pain worse.",
    ],
)
def test_session12_compartment_syndrome_floor(fast, text):
    """Floors (session12_pu:27, pw:42, pu:30, pu:31, pu:33): two items of acute compartment syndrome (pain
    out of proportion, on moving the toes, not settling with rest, a tense leg) are an ambulance, both
    modes."""
    assert "acute_compartment_syndrome" in assess(text, fast)[1]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        # chronic exertional compartment syndrome (session12_pu:34-36's family)
        "Both shins go tight at about 3 km every run and it is gone ten minutes after I stop.",
        # a sprain
        "Twisted my ankle playing netball, it's swollen and sore and hurts when I move my foot.",
        # delayed-onset muscle soreness
        "Legs sore after a long hike yesterday, a bit stiff, easing today.",
    ],
)
def test_session12_compartment_look_alikes(fast, text):
    """Look-alikes (session12_pu:34-36): an exertional tightness that settles, a sprain and muscle soreness
    are no compartment syndrome and no emergency, both modes."""
    level, flags, _ = assess(text, fast)
    assert "acute_compartment_syndrome" not in flags
    assert not is_emergency(level)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    ("text", "age"),
    [
        # session12_pu:37
        ("My grandma is 81 and her thighs ache on walks.", 81),
        ("My nana is 77, her hips are stiff.", 77),
        # session12_pu:41 (an age asked and answered)
        ("Q: How old are you?\nA: Sixty-eight.\nQ: Any headache?\nA: Yes, a new one.", 68),
        # session12_pu:44 (a text that opens with its writer's age in words)
        ("seventy two and my legs ache walking", 72),
    ],
)
def test_session12_ages_for_giant_cell_arteritis(fast, text, age):
    """Reading (session12_pu:37, pu:41, pu:44): the age that the giant cell arteritis flag needs, said of a
    grandparent, answered to "How old are you?", or opening the text in words."""
    assert read(text, fast).case.age == age


@pytest.mark.parametrize("fast", MODES)
def test_session12_giant_cell_arteritis_with_a_grandparents_age(fast):
    """Floor (session12_pu:37): a grandparent's age with a new temporal headache and jaw pain on chewing."""
    text = (
        "My nan is 83. Her hips ache walking and this week she has a new headache at the temples "
        "and her jaw aches when she chews."
    )
    assert "giant_cell_arteritis" in assess(text, fast)[1]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Thirty, and my calves ache when I run.",
        "Q: How old is he?\nA: Forty.\nQ: Any headache?\nA: No.",
    ],
)
def test_session12_word_ages_young_is_no_arteritis(fast, text):
    """Look-alikes (session12_pu:41, pu:44): an age read from words is the number said, and a young age
    keeps giant cell arteritis away."""
    assert "giant_cell_arteritis" not in assess(text, fast)[1]
