"""Session 21 (lf): look-alikes read too urgently, left at the end of session 20.

Cold-provoked colour change of the toes (Raynaud's) is no rest pain; a burning of both feet at night is a
neuropathy's, not ischaemic rest pain; what a relative's or the writer's own past illness 'was' is no present
diagnosis; a person 'on the floor' is no leg hung down for relief. Each look-alike has a floor beside it: the
urgent wording still reads urgent. The sentences are our own (each test names the leftover it stands for);
both modes."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, check_floor, check_not_emergency, states  # noqa: E402

CLTI = "chronic_limb_threatening_ischemia"


# --- 1. Raynaud's: toes white and numb in the cold ------------------------------------------------------
@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Every winter my toes go white and numb in the cold wind, Raynaud's for ten years.",
        "My toes turn white and numb in the cold and come back when I warm them up; it has been "
        "Raynaud's for years.",
    ],
)
def test_toes_white_in_the_cold_is_no_rest_pain(text, fast):
    """Session 20's leftover ("My toes went white and numb in the cold for years, Raynaud's" reached the
    limb-ischaemia flag): a foot pain pattern ending 'in the' read any place as night; 'in the cold' is no
    night or bed."""
    level, flags, found = assess(text, fast)
    assert CLTI not in flags, (text, fast, level, sorted(flags))
    assert "rest_pain_forefoot_night" not in found, (text, fast, found)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "For a month my toes have ached in the night and kept me awake.",
        "My left foot has hurt during the night for three weeks.",
    ],
)
def test_toes_aching_in_the_night_is_rest_pain(text, fast):
    """Floor beside the Raynaud's look-alike: 'in the night' and 'during the night' still read as rest pain
    (chronic limb-threatening ischaemia, within 24 hours)."""
    check_floor(text, fast, "consultation_24", CLTI)


# --- 2. burning feet at night in diabetes ---------------------------------------------------------------
@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "I'm type 2 diabetic and get burning feet at night.",
        "Diabetic for 20 years; burning pain in both feet at night, like walking on hot sand.",
        "Sugar diabetes for years and the burning in my feet is worst at night in bed.",
    ],
)
def test_burning_feet_at_night_is_no_rest_pain(text, fast):
    """Session 20's leftover (burning feet at night in a person with diabetes read as ischaemic rest pain): a
    burning of both feet at night is the neuropathy's symmetric distal burning (a stocking burning), not the
    limb-ischaemia flag."""
    level, flags, found = assess(text, fast)
    assert CLTI not in flags, (text, fast, level, sorted(flags))
    assert "present" in found.get("stocking_numbness_or_burning", set()), (text, fast, found)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "I'm diabetic and my left foot hurts at night unless I hang it over the side of the bed.",
        "Diabetic, and for three weeks burning feet at night that only ease when I hang them out of bed.",
        "Burning pain in my right forefoot at night for a month.",
    ],
)
def test_diabetic_foot_pain_at_night_eased_by_hanging_down_is_rest_pain(text, fast):
    """Floor beside the burning-feet look-alike: a diabetic's foot pain at night eased by hanging the leg
    down, and a burning in one forefoot at night, still raise the limb-ischaemia flag."""
    check_floor(text, fast, "consultation_24", CLTI)


# --- 3. '..., it was Guillain-Barre' after a relative's or a past episode -------------------------------
@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "My aunt had the same thing after a stomach bug years ago, it was Guillain-Barre.",
        "My brother had something similar in 2012 and they said it was GBS.",
        "My dad had the same thing, it turned out to be Guillain-Barre.",
        "My friend had the same thing last year, it was Guillain-Barre.",
        "I had something like this in 2010 after a bad cold, it was Guillain-Barre.",
        "He had the same thing years ago, it turned out to be Guillain-Barre syndrome.",
    ],
)
def test_illness_named_for_another_or_a_past_episode_is_not_present(text, fast):
    """Session 20's leftover ("My cousin had the same thing after flu years ago, it was Guillain-Barre" read
    the diagnosis as present, an ambulance): what a relative's, a friend's or the writer's own dated past
    episode was named is not the present illness."""
    level, flags, found = assess(text, fast)
    assert "guillain_barre" not in flags, (text, fast, level, sorted(flags))
    assert "present" not in found.get("ascending_symmetric_weakness_days", set()), (text, fast, found)
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
def test_a_past_episode_named_reads_historical(fast):
    """The writer's own past Guillain-Barre, named after the lead-in, is read historical (not lost): with a
    new weakness of both legs over days it is a relapse to rule out (the session-20 combine)."""
    got = states("I had something like this in 2010 after a bad cold, it was Guillain-Barre.", fast)
    assert got.get("ascending_symmetric_weakness_days") == {"historical"}, got


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("My aunt had the same thing years ago, it was Guillain-Barre. Since Monday my feet then my knees "
         "have gone weak and I can't climb the stairs.", "guillain_barre"),
        # as 'I had Guillain-Barre in 2011. Since Tuesday ...' is read (session 20, fxu): the weakness
        # worsening over days is the emergency
        ("I had the same thing in 2011, it was GBS. Since Tuesday both my legs have got weaker and I keep "
         "tripping.", "progressive_neurological_deficit"),
        ("Both my legs have got weaker since Monday and the doctor thinks it is Guillain-Barre.",
         "guillain_barre"),
    ],
)
def test_a_present_weakness_beside_a_named_past_episode_stays_urgent(text, flag, fast):
    """Floor beside the Guillain-Barre look-alike: a present weakness of both legs over days beside the named
    episode, and a present diagnosis, still read at an emergency level with their flag."""
    check_floor(text, fast, "emergency", flag)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "I had the same thing years ago, it came back this week and both my legs are weak.",
        "My sister had the same thing in 2015, it was worse than this.",
    ],
)
def test_what_it_did_next_is_no_name(text, fast):
    """The words after 'it' that tell what the illness did or how it was ('it came back', 'it was worse')
    name nothing: the past-episode rewrite leaves them, and no reading of them is hidden."""
    from legdx.text.reader import get_reader

    norm, _ = get_reader(fast_semantic=fast).normalizer.normalize(text)
    assert "formerly" not in norm, norm
    if "came back" in text:
        assert "present" in states(text, fast).get("bilateral_leg_weakness", set())


# --- 4. 'Mum is on the floor' ---------------------------------------------------------------------------
@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Mum's right leg gave way in the kitchen and Mum is on the floor.",
        "Grandad has been on the floor since 10pm after his leg gave way.",
        "Her left leg buckled and my wife is on the floor, she can't get up.",
    ],
)
def test_a_person_on_the_floor_is_no_leg_hung_down(text, fast):
    """Session 20's leftover ("Mum is on the floor" still counted as a leg hung down, dependency relief of
    rest pain): a person on the floor is a fall."""
    level, flags, found = assess(text, fast)
    assert "pain_relieved_by_dependency" not in found, (text, fast, found)
    assert CLTI not in flags, (text, fast, level, sorted(flags))


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "The pain in my left foot eases when I sit with the leg on the floor.",
        "My right foot aches at night and I have to put it on the floor to settle it.",
    ],
)
def test_a_foot_put_on_the_floor_is_a_leg_hung_down(text, fast):
    """Floor beside the fall look-alike: a painful foot or leg put on the floor for relief is still dependency
    relief (the limb-ischaemia flag)."""
    check_floor(text, fast, "consultation_24", CLTI)


# --- the two reading paths --------------------------------------------------------------------------------
_PATH_TEXTS = [
    "My aunt had the same thing after a stomach bug years ago, it was Guillain-Barre.",
    "My brother had something similar in 2012 and they said it was GBS, and my friend had the same thing, "
    "it was sciatica.",
    "I had something like this in 2010 after a bad cold, it was Guillain-Barre. Since Tuesday both legs are "
    "weak.",
    "He had the same thing years ago, it turned out to be Guillain-Barre syndrome, and now his feet are "
    "numb.",
    "I'm type 2 diabetic and get burning feet at night; burning pain in both feet in bed too.",
    "For a month my toes have ached in the night, and in the cold they go white.",
]


def test_new_rules_read_the_same_on_both_paths() -> None:
    """The new target patterns (long optional runs, a NOT_IN word) match as spaCy's Matcher does, and the cue
    gate gives medspaCy's cue matches with the new 'it formerly' cue among them."""
    import legdx.text.reader as rd
    from target_spacy import SpacyComparison
    from text_readings import cue_gate, cue_gate_docs

    plain = rd.Reader(rd.get_reader().rules, rd.get_reader().kb)
    r = rd.Reader(plain.rules, plain.kb)
    cmp = SpacyComparison(r)
    try:
        for t in _PATH_TEXTS:
            assert r.read(t).model_dump_json() == plain.read(t).model_dump_json(), t[:60]
    finally:
        cmp.close()
    assert not cmp.mismatches and cmp.matches > 10
    r = rd.get_reader()
    gate = cue_gate(r)
    outer = r.context._ConText__matcher
    strings = r.nlp.vocab.strings
    hit = set()
    for doc in cue_gate_docs(_PATH_TEXTS):
        got = gate.matches(doc)
        assert got == outer(doc), doc.text[:80]
        hit |= {outer.rule_map[strings[k]].literal for k, _s, _e in got}
    assert "it formerly" in hit, hit
