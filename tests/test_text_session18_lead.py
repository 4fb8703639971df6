"""Session 18 (the lead): readings found on the development parts, in invented sentences of our own; each
read in both modes. Floors (a text and the least triage and flag it must raise), look-alikes (no emergency)
and readings (a finding read in a state, or not in a state)."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, check_floor, check_not_emergency, states  # noqa: E402

READINGS = [
    # development23 p001: 'onset ~2 yrs ago' dates the start of a complaint that goes on; its 'years ago' made
    # the calf symptoms before it historical
    ("Pain in both calves when walking, onset ~2 yrs ago.", "calf_pain_location", "present"),
    ("Thighs ache on walking, started about three years ago.", "leg_symptoms_with_walking", "present"),
    ("Cramp in the right calf at 200 m, began 2 years ago, no better.", "calf_pain_location", "present"),
]

#: a past episode stays past: 'years ago' without an onset word, and a resolution after the onset
NOT_PRESENT = [
    ("Her legs went weak three years ago, fully recovered.", "bilateral_leg_weakness"),
    ("Calf swelling two years ago, that was a clot, treated.", "unilateral_calf_swelling"),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text,finding,state", READINGS)
def test_session18_reading(text, finding, state, fast):
    assert state in states(text, fast).get(finding, set())


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text,finding", NOT_PRESENT)
def test_session18_past_episode_stays_past(text, finding, fast):
    assert "present" not in states(text, fast).get(finding, set())


FLOORS = [
    # the attr helper's floor: both legs gone weak overnight or today (a weakness of both legs within hours)
    # had read consultation with the rules alone and consultation_24 by default
    ("cauda_equina", "emergency", "Both legs went weak overnight."),
    ("cauda_equina", "emergency", "Mum's legs have gone weak today, she needs two of us to stand her up."),
    ("cauda_equina", "emergency", "Her legs became weak over the last few hours."),
]

LOOK_ALIKES = [
    # no change told, or an old one, or a muscle breakdown's own flag
    "My legs went to jelly when I heard the news today.",
    "Both legs went weak overnight three years ago after a virus, fully recovered within a month.",
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("flag,floor,text", FLOORS)
def test_session18_floor(flag, floor, text, fast):
    check_floor(text, fast, floor, flag)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_session18_look_alike(text, fast):
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
def test_session18_words_taken_back_are_said_not_lost(fast):
    """Review (session 18): what a takeback drops (reader.yaml: takebacks, 'drop') is named in a warning with
    where it stands in the text, so a reader of the output can see what was set aside and why."""
    from text_readings import read

    text = "CORRECTION, I wrote can't feel my bum but meant can't sit on my bum for long."
    res = read(text, fast)
    got = [w for w in res.warnings if w.code == "taken_back"]
    assert got and "can't feel my bum" in got[0].message and "wrote_but_meant" in got[0].message
    a, b = (int(x) for x in got[0].where.removeprefix("text[").removesuffix("]").split(":"))
    assert text[a:b] == "can't feel my bum"
    assert "saddle_anesthesia" not in states(text, fast)


@pytest.mark.parametrize("fast", MODES)
def test_session18_a_settled_quote_says_why_it_is_old(fast):
    """Review (session 18): a finding made historical by a settled quoted line (fxg) carries its cue."""
    from text_readings import read

    res = read("> Sept 2023: A&E for swollen calf, scan showed no clot.\nNow calf cramp at 200 m.", fast)
    old = [f for f in res.findings if f.id == "unilateral_calf_swelling"]
    assert old and all(f.state == "historical" and "settled_quote" in f.cues for f in old)


def test_session18_takebacks_stay_within_a_sentence():
    """Review (session 18): the takeback patterns (reader.yaml) run over the whole text; a pattern that can
    scan the rest of the text for every candidate (an unbounded ``[^.!?\\n]*`` or a ``[\\s\\S]*`` lookahead)
    backtracked for minutes on a 20,000-character text of grandchildren sentences. Each sentence part is
    bounded (``{0,300}``) and nothing looks past the sentence; what must be elsewhere is a ``requires`` (and,
    session 22, what must be nowhere an ``unless``). A takeback of the whole text is anchored at its start
    (``\\A``: one candidate per text, one scan)."""
    from legdx.text.rules import load_rules

    for tb in load_rules().reader.takebacks:
        assert "[\\s\\S]" not in tb.pattern and "(?s)" not in tb.pattern, tb.name
        if "[^\\x00]" in tb.pattern:
            assert tb.pattern.startswith("\\A(?P<x>[^\\x00]"), tb.name
        assert "[^.!?\\n]*" not in tb.pattern and "[^.!?\\n]+" not in tb.pattern, tb.name


def test_session18_takeback_gate_lets_every_match_through():
    """Review (session 18): a takeback runs its regex only on an ASCII text holding the words it needs
    (``literal_needs`` of its pattern and its requires); on texts built to match each takeback the gate finds
    every span the ungated regexes find."""
    from legdx.text.reader import get_reader

    r = get_reader(fast_semantic=False)
    texts = [
        "My husband's leg went cold and white last Tuesday; he had an emergency operation. "
        "I'm writing for me: my calves ache on walking.",
        "CORRECTION, I wrote can't feel my bum but meant can't sit on my bum for long.",
        "My daughter says I told you my leg went numb all of a sudden. What I meant is the numbness in "
        "both feet has crept up slowly over two years.",
        "Yesterday's note stated pt incontinent of urine. This is longstanding stress leakage for 10 years.",
        "My husband says I should ask about the bladder, but that's his prostate, not me. My legs ache.",
        "The grandchildren stayed and the little one had a temperature of 39. He hasn't caught it.",
        "If his legs give way, ring 999.",
    ]
    for text in texts:
        ungated = sorted(
            (m.span("x"), name)
            for rx, req, unless, _state, _ids, name in r._takebacks
            if (req is None or req.search(text)) and (unless is None or not unless.search(text))
            for m in rx.finditer(text)
            if m.start("x") < m.end("x")
        )
        assert ungated, text
        assert sorted(((a, b), name) for a, b, _s, _i, name in r._taken_back(text)) == ungated


@pytest.mark.parametrize("fast", MODES)
def test_session18_a_number_a_takeback_sets_aside_is_said(fast):
    """Review (session 18): a number inside a takeback span (a grandchild's temperature) is not used as the
    patient's measurement, and a 'taken_back' warning says so with where it stands."""
    from text_readings import read

    text = "The little one had a temperature of 39. He hasn't caught it, no temperature at all. Back hurts."
    res = read(text, fast)
    got = [w for w in res.warnings if w.code == "taken_back"]
    assert got and "read as family" in got[0].message and "temperature of 39" in got[0].message
    assert not any(m.id == "temperature" for m in res.measurements)
