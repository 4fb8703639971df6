"""Session 23 (lf): misreads seen and left at the end of session 22 (docs/text.md, "Left after session
22"). "Back" after a verb of return or in "back then", "back home", "back to normal" is no spine; walking
said to be fine and contrasted with "it's when I stand ..." is no walking-brought symptom; the fast layer's
back guess from a foot bent back; a diagnosis told as someone else's; a past episode's second clause after
"and my"; a word class entry that would change every rule's lemmas is refused when the rules load;
superscript ordinals and minutes read as their plain forms. Each look-alike has a floor beside it: the
urgent version still reads urgent. The sentences are our own; docstrings name the line each stands for.
Both modes."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, check_floor, read, states  # noqa: E402

BACK_IDS = ("back_pain", "nocturnal_back_pain", "thoracic_or_progressive_back_pain")


# --- 1. 'back' as a return or a time --------------------------------------------------------------
@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "It comes back at night",
        "The cramp in my calf came back at night in bed",
        "I went back to bed and my legs ached all night",
        "The tingling goes back to normal in the morning but it is worse at night",
    ],
)
def test_back_as_return_is_no_back_pain(text, fast):
    """Session 22's leftover ('The calf cramp comes back at night in bed' read a back pain at night):
    'back' after a verb of return, or in 'back to normal', is an adverb; no back finding."""
    got = states(text, fast)
    for fid in BACK_IDS:
        assert "present" not in got.get(fid, set()), (fid, got)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "My back pain comes back at night and wakes me",
        "It comes back at night and my back aches too",
        "I've got back pain at night",
    ],
)
def test_back_named_beside_a_return_stays(text, fast):
    """Floor of the reading: a back named as the body's beside the return word keeps its back pain."""
    got = states(text, fast)
    assert "present" in got.get("back_pain", set()), got


@pytest.mark.parametrize("fast", MODES)
def test_back_as_return_floor_malignancy(fast):
    """Floor: a new back pain after a cancer, told as coming back every night, still raises the spinal
    malignancy flag."""
    text = ("I had breast cancer five years ago. New back pain for 3 weeks, it comes back every night and "
            "wakes me")
    check_floor(text, fast, "consultation_24", "spinal_malignancy")


@pytest.mark.parametrize("fast", MODES)
def test_back_as_return_floor_cauda_equina(fast):
    """Floor: a numbness that comes back at night beside a numb bottom, wet pants and a back in agony is
    still cauda equina."""
    text = ("The numbness comes back at night and now I can't feel my bottom and I've wet myself, my back is "
            "agony")
    check_floor(text, fast, "emergency", "cauda_equina")


# --- 2. fine when walking, it's when standing ----------------------------------------------------
@pytest.mark.parametrize("fast", MODES)
def test_fine_walking_contrast_is_no_walking_symptom(fast):
    """Session 22's leftover ('My calves are fine when I walk the dog, it's when I stand in a queue that
    they ache'): the walking is where it is fine; standing brings it on."""
    text = "My legs are fine when I take the dog out walking, it's when I queue at the till that they ache"
    got = states(text, fast)
    assert "present" not in got.get("leg_symptoms_with_walking", set()), got
    assert "present" not in got.get("ecq_q1_pain_on_walking", set()), got
    got = states("My calves are fine when I walk the dog, it's when I stand in a queue that they ache", fast)
    assert "present" not in got.get("leg_symptoms_with_walking", set()), got
    assert "present" in got.get("worse_while_standing", set()), got


@pytest.mark.parametrize("fast", MODES)
def test_fine_walking_contrast_with_more_walking_stays(fast):
    """Floor of the reading: the contrast names more walking ('it's when I walk further'): walking brings
    it on."""
    got = states("My calves are fine when I walk to the shop, it's when I walk further that they ache", fast)
    assert "present" in got.get("leg_symptoms_with_walking", set()), got


@pytest.mark.parametrize("fast", MODES)
def test_fine_walking_contrast_floor_cauda_equina(fast):
    """Floor: the same contrast with a numb bottom and incontinence since this morning is cauda equina."""
    text = ("My legs are fine when I walk, it's when I stand still that they go numb, and since this morning "
            "I can't feel my bottom and I have wet myself")
    check_floor(text, fast, "emergency", "cauda_equina")


# --- 3. the fast layer's back guess from a foot bent back -----------------------------------------
@pytest.mark.parametrize("fast", MODES)
def test_foot_bent_back_is_no_back_pain(fast):
    """Session 22's leftover ('Bending my foot back hurts, worse at night' read a back pain with the fast
    layer only): the layer's guess is dropped when 'back' is a direction and no back of the body is named."""
    got = states("Bending my foot back hurts, worse at night", fast)
    assert "back_pain" not in got, got
    got = states("I went back to bed with my legs aching", fast)
    assert "back_pain" not in got, got


@pytest.mark.parametrize("fast", MODES)
def test_foot_bent_back_floor_compartment(fast):
    """Floor: a foot bent back in agony with a rock-hard swollen shin after football is still an acute
    compartment syndrome at ambulance level."""
    text = ("Bending my foot back is agony, my shin is swollen and rock hard since football this afternoon, "
            "pain 10/10 even at rest")
    check_floor(text, fast, "emergency_ambulance", "acute_compartment_syndrome")


# --- 4. a diagnosis told as someone else's ---------------------------------------------------------
@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "My husband has sciatica. My legs ache when I walk to the shops.",
        "My best friend had a slipped disc and sciatica last year; my calves cramp after 200 yards.",
        "She is 70. Her husband has sciatica. Her legs ache after 100 yards.",
        "He is 66. His wife's sciatica is bad again; his calves ache on the hill.",
    ],
)
def test_someone_elses_sciatica_is_not_the_writers(text, fast):
    """Session 22's leftover (a diagnosis attributed to someone else read as the patient's radicular pain):
    with the writer's (or the patient's) own legs named, the other person's label is theirs (family)."""
    got = states(text, fast)
    assert "present" not in got.get("radicular_pain", set()), got
    assert "family" in got.get("radicular_pain", set()), got


@pytest.mark.parametrize("fast", MODES)
def test_neighbours_label_is_possible(fast):
    """development20's hip narrative ('what my neighbour calls sciatica, but I am not so sure'): a lay
    label of the writer's pain is possible, not stated; a clinician's label stays stated."""
    got = states("For a year and a half I have had what my friend calls sciatica, though I doubt it.", fast)
    assert "present" not in got.get("radicular_pain", set()), got
    assert "possible" in got.get("radicular_pain", set()), got
    got = states("I have what the GP calls sciatica down my left leg", fast)
    assert "present" in got.get("radicular_pain", set()), got


@pytest.mark.parametrize("fast", MODES)
def test_relatives_sciatica_floor_relative_is_patient(fast):
    """Floor: a wife writing about her husband (no body of her own named): his sciatica and his numb
    bottom with retention are his, the patient's: cauda equina."""
    text = "My husband has sciatica and now he can't feel his bottom and can't pass urine"
    level, flags, got = assess(text, fast)
    check_floor(text, fast, "emergency", "cauda_equina")
    assert "present" in got.get("radicular_pain", set()), got


@pytest.mark.parametrize("fast", MODES)
def test_neighbours_sciatica_floor_acute_limb(fast):
    """Floor: a neighbour's sciatica beside the writer's own foot gone cold and white an hour ago: acute
    limb ischaemia at ambulance level."""
    text = "My neighbour has sciatica. My right foot went cold and white an hour ago and I cannot feel it"
    check_floor(text, fast, "emergency_ambulance", "acute_limb_ischemia")


# --- 5. a past episode's 'and my' ------------------------------------------------------------------
@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    ("text", "fid"),
    [
        ("Two years ago I had a clot and my leg swelled", "unilateral_calf_swelling"),
        ("When I was 17 I ran a half marathon in the heat and my pee went dark brown like cola",
         "dark_urine_after_exercise"),
    ],
)
def test_past_episode_after_and_my_is_historical(text, fid, fast):
    """Session 22's leftover (development12 b13's kind: medspaCy's 'and my' terminator cut the past
    episode's cue): the second clause of a sentence set years ago is historical too."""
    got = states(text, fast)
    assert "present" not in got.get(fid, set()), got
    assert "historical" in got.get(fid, set()), got


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Two years ago I had sciatica and my bottom went numb this morning and I can't pass urine",
        "I had sciatica for years and my bladder stopped working this morning, I can't pee",
    ],
)
def test_past_episode_floor_present_bladder(text, fast):
    """Floor (the brief's 'I had sciatica for years and my bladder went this morning'): a present time after
    'and my' keeps the clause present: cauda equina."""
    check_floor(text, fast, "emergency", "cauda_equina")


# --- 6. a class word that would change every rule's lemmas ---------------------------------------
def _with_class_words(words: list[str], own: list[str] | None = None):
    from legdx.text.rules import RuleSet, default_rules

    rs = default_rules()
    classes = dict(rs.targets.classes)
    classes["WALK"] = [*classes["WALK"], *words]
    update: dict = {"classes": classes}
    if own is not None:
        update["own_lemmas"] = own
    targets = rs.targets.model_copy(update=update)
    return RuleSet(context=rs.context, targets=targets, lexicon=rs.lexicon, numbers=rs.numbers,
                   reader=rs.reader, screen=rs.screen)


def test_lemma_check_passes_on_the_packaged_rules():
    from legdx.text.rules import _own_lemma_problems, default_rules

    assert _own_lemma_problems(default_rules()) == []


def test_lemma_check_refuses_a_new_plural():
    """Session 22's note ('plural words in a word class become lemmas for all rules'): 'strolls' in a class
    beside 'stroll' would make it its own lemma for every rule: refused, with the word to use."""
    from legdx.text.rules import RuleFileError, _cross_check, _own_lemma_problems, regular_base

    assert regular_base("strolls", {"stroll"}) == "stroll"
    rs = _with_class_words(["stroll", "strolls"])
    problems = _own_lemma_problems(rs)
    assert len(problems) == 1 and "'strolls'" in problems[0] and "'stroll'" in problems[0], problems
    with pytest.raises(RuleFileError):
        _cross_check(rs)
    # listed knowingly: accepted
    own = [*_with_class_words([]).targets.own_lemmas, "strolls"]
    assert _own_lemma_problems(_with_class_words(["stroll", "strolls"], own)) == []


def test_lemma_check_refuses_a_stale_own_lemma():
    """An own_lemmas entry that no class or LEMMA word needs any more is refused (the list stays true)."""
    from legdx.text.rules import _own_lemma_problems

    own = [*_with_class_words([]).targets.own_lemmas, "strolls"]
    problems = _own_lemma_problems(_with_class_words([], own))
    assert len(problems) == 1 and "own_lemmas: 'strolls'" in problems[0], problems


# --- 7. superscript ordinals and minutes ---------------------------------------------------------
def test_plain_superscripts():
    from legdx.text.normalize import plain_superscripts

    assert plain_superscripts("on the 2\u207f\u1d48 of May") == "on the 2nd of May"
    got = plain_superscripts("21\u02e2\u1d57, 3\u02b3\u1d48, 4\u1d57\u02b0 at 3\u1d56\u1d50")
    assert got == "21st, 3rd, 4th at 3pm"
    assert plain_superscripts("since 14\u2070\u2070 today") == "since 1400 today"
    # powers and units stay: a multiplier before, a unit after, one superscript digit
    assert plain_superscripts("WBC 12 x10\u2079/L, RBC 4.5 x10\u00b9\u00b2/L, BMI 31 kg/m\u00b2") is None
    assert plain_superscripts("plain ascii 2nd") is None


@pytest.mark.parametrize("fast", MODES)
def test_superscript_ordinal_reads_as_plain(fast):
    """Session 22's leftover (superscript ordinals not normalised): a date of birth with '2\u207f\u1d48' gives
    the age that '2nd' gives, and every span still points at the original text."""
    sup = "DOB 2\u207f\u1d48 March 1950. On the 3\u02b3\u1d48 my right leg went cold and white suddenly"
    plain = "DOB 2nd March 1950. On the 3rd my right leg went cold and white suddenly"
    a, b = read(sup, fast), read(plain, fast)
    assert a.case.age == b.case.age is not None
    assert a.text == sup
    got = sorted((f.id, f.state, f.span) for f in a.findings)
    assert got == sorted((f.id, f.state, f.span) for f in b.findings)
    for f in a.findings:
        assert f.text == sup[f.span[0] : f.span[1]], f


@pytest.mark.parametrize("fast", MODES)
def test_superscript_ordinal_floor_acute_limb(fast):
    """Floor: a leg gone cold and white with a superscript date is still acute limb ischaemia."""
    text = "On the 3\u02b3\u1d48 my right leg went cold and white suddenly, numb now and I can't move my toes"
    check_floor(text, fast, "emergency_ambulance", "acute_limb_ischemia")
