"""Session 25 (fxd): text pasted from a leaflet, chatbot, search engine, website or symptom checker beside the
writer's own words (probes session25_xd).

What a source said, in quotation marks after its name or as a list of signs after a colon, is the source's
text: the writer's own words decide ('none of those', 'that isn't me', 'I have the second one'). The writer's
own alarm, a person's quote and a pasted list the writer says is theirs keep their urgency. Also the lay words
of three findings the probe lines had: pain 'way beyond what a kick should do' and toes pulled making the
person shout (acute compartment syndrome), veins standing out on a newly swollen leg (a Wells item), and
'bursting and nothing comes out' (urinary retention). The sentences are our own unless a docstring names the
source line; both modes."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, check_floor, check_not_emergency, probe_line  # noqa: E402


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        'The NHS website says: "Numbness around your bottom or trouble peeing means go to A&E." Neither '
        "applies to me, my calves just ache after a mile and ease when I stop.",
        'Symptom checker result: "Sudden cold, pale, numb leg: call 999." Mine is warm and pink, only a calf '
        "ache on hills for a few months.",
        'Leaflet: "Sudden cold, pale, numb leg: ring 999." Not me. My calves ache on hills for a year.',
        'My fitness app said "dark cola-coloured pee after a workout can be muscle breakdown". Mine is pale '
        "yellow, thighs a bit stiff after squats.",
    ],
)
def test_pasted_quote_not_the_writers(text, fast):
    """session25_xd:34, 37, 40, 56: alarms inside a source's quoted words, the writer's own words mild."""
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "The booklet lists stroke warning signs: face drooping, arm weakness, slurred speech. Nothing like "
        "that, just achy calves on the walk to town for a year.",
        "The chatbot listed the stroke signs: face drooping, arm weakness, speech trouble. None of that, my "
        "calves just cramp on the walk to town, all year.",
        "The forum's red flags: both legs weak, loss of bladder control. Not me, one buttock aches after a "
        "long walk.",
    ],
)
def test_pasted_list_not_the_writers(text, fast):
    """session25_xd:14, 36, 41: a source's list of signs after a colon, no quotation marks."""
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    ("text", "floor", "flag"),
    [
        # the writer names an item of the pasted list: that item is theirs
        ('Copied from the leaflet: "Get help now if you have: 1) numbness around your back passage 2) loss '
         'of bladder control 3) weakness in both legs". I have the first one.', "emergency", "cauda_equina"),
        ('Two boxes on the sheet. Red box, go to A&E: "numbness around your bottom and loss of bladder '
         'control". Green box, see your GP: "calf ache on walking". I have the first one.', "emergency",
         "cauda_equina"),
        # the writer says the pasted text is them
        ('The app\'s verdict: "numb bottom, loss of bladder control: possible cauda equina". That\'s me.',
         "emergency", "cauda_equina"),
        # the writer's own alarm after the source's words
        ("Chatbot said it was probably sciatica. But since lunchtime I can't feel my bottom when I wipe and "
         "I haven't passed urine.", "emergency", "cauda_equina"),
        # a person's quote is no source
        ('My husband said "I can\'t feel my bum and I\'ve wet myself" and his back is agony.', "emergency",
         "cauda_equina"),
    ],
)
def test_writers_own_alarm_kept(text, floor, flag, fast):
    """The look-alike fix must keep a named item, an affirmed paste, the writer's own alarm and a person's
    quote (session25_xd:2 names its second item)."""
    check_floor(text, fast, floor, flag)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Kicked in the shin at hockey this afternoon, the front of the leg is rock hard and the pain is far "
        "beyond what a kick would cause.",
        "Kicked in the shin at hockey this afternoon, the front of the leg is rock hard and pulling my toes "
        "down makes me shout.",
    ],
)
def test_compartment_lay_words(text, fast):
    """session25_xd:19: pain beyond what the injury should do; toes or foot moved make them cry out."""
    check_floor(text, fast, "emergency_ambulance", "acute_compartment_syndrome")


@pytest.mark.parametrize("fast", MODES)
def test_healing_sprain_not_compartment(fast):
    """Look-alike: a healing sprain whose toes hurt to move, no tense leg and no pain beyond the injury."""
    check_not_emergency(
        "Sprained my ankle last week, the swelling is going down, and pulling my toes up makes me yell a "
        "bit.",
        fast,
    )


@pytest.mark.parametrize("fast", MODES)
def test_veins_standing_out_on_swollen_leg(fast):
    """session25_xd:33: a leg newly swollen thigh to ankle, with veins standing out: two Wells leg signs."""
    check_floor(
        "The right leg, new since Monday: swollen from ankle to groin, heavy when I walk, with veins "
        "standing out on my thigh.",
        fast,
        "emergency",
        "deep_vein_thrombosis",
    )


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Both ankles puffy by evening for years, with varicose veins standing out on the calves.",
        "My calves ache on hills, and there are veins standing out on my shins.",
    ],
)
def test_veins_look_alikes(text, fast):
    """Look-alikes: varicose veins on swollen ankles, and veins standing out with no swollen leg."""
    check_not_emergency(text, fast)
    assert "wells_collateral_veins" not in assess(text, fast)[2]


@pytest.mark.parametrize("fast", MODES)
def test_bursting_nothing_comes(fast):
    """session25_xd:2: bursting to pass water and nothing coming out is urinary retention."""
    check_floor(
        "Since teatime I've stood at the loo bursting and nothing comes out, and my back is killing me.",
        fast,
        "emergency",
        "cauda_equina",
    )


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("line", [2, 19, 33])
def test_probe_lines_urgent(line, fast):
    """The urgent probe lines themselves (session25_xd:2, 19, 33)."""
    level, text = probe_line("session25_xd.txt", line)
    check_floor(text, fast, level)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("line", [14, 34, 35, 36, 37, 40, 41, 56])
def test_probe_lines_look_alikes(line, fast):
    """The look-alike probe lines themselves (session25_xd:14, 34, 35, 36, 37, 40, 41, 56)."""
    _level, text = probe_line("session25_xd.txt", line)
    check_not_emergency(text, fast)
