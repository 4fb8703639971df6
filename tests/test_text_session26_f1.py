"""Session 26 (f1): missed pairs of development11-31 (extraction recall).

A symptom said to be there at rest or sitting, the same whether one walks or not, or that comes 'also
when I lie'; the back said to be bad, worse or sore with its copula, named by a score or by a relative
clause of pain; incontinence, accidents or leaking denied (sphincter_dysfunction absent, stated); a leg
that does not give way or is as strong as ever. The sentences are our own; each test names the corpus
narratives it stands for; both modes."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, check_floor, states  # noqa: E402


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "A sore right calf, worse when she walks round the garden, but also there at rest.",
        "Aching thighs for six weeks, worse on walking and now there at rest too.",
        "The calf ache is not a cramp that comes and goes; it is there sitting as well.",
        "The legs ache all day whether I walk or not.",
        "The burning in his soles is the same whether he is walking or resting.",
        "Since yesterday the pain goes down both legs to the heels, also when I lie on the couch.",
    ],
)
def test_symptom_there_at_rest(text, fast):
    """development13 c05, 17 q13, 21 q218/q231, 31 am006/am043, 11 a21, 14 e42, 27 ad044: a symptom said
    to be there at rest or sitting, the same whether walking or not, or there 'also when I lie', is a
    symptom at rest."""
    got = states(text, fast)
    assert "present" in got.get("symptoms_at_rest", set()), got


@pytest.mark.parametrize("fast", MODES)
def test_also_when_sitting_then_relief_is_no_rest_symptom(fast):
    """A sit-down followed by relief ('even when I sit down it settles') is relief, not a symptom at rest."""
    text = "The cramp in my calf comes on after a few hundred yards; even when I sit down it settles fast."
    got = states(text, fast)
    assert "present" not in got.get("symptoms_at_rest", set()), got


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Since Monday my back's been much worse and the left leg tingles.",
        "His back itself is only a little sore; it is the legs that stop him.",
        "Her lower back has been bad since she moved the sofa.",
        "My back is a bit sore but the legs are the real trouble.",
        "Leg pain 7/10, back 2/10, worse on coughing.",
        "The legs trouble him more than his back, which is only a mild ache.",
    ],
)
def test_back_said_bad_or_sore(text, fast):
    """development11 a17/a43, 12 b01, 17 q01, 18 h31, 26 ab016: the back said to be worse, sore, bad
    (not stiff: see the rule's note), named by a score or by a relative clause of pain, is back pain."""
    got = states(text, fast)
    assert "present" in got.get("back_pain", set()), got


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "My back is no worse than usual and the legs feel fine.",
        "His back's not bad at all these days.",
    ],
)
def test_back_no_worse_not_read_as_pain(text, fast):
    """A negation between the back and its adjective ('no worse', 'not bad') is no back pain here."""
    got = states(text, fast)
    assert "present" not in got.get("back_pain", set()), got


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "He has to rush to the toilet more lately, but no accidents.",
        "Waterworks a little more urgent than before; I haven't had any accidents.",
        "Some frequency at night for years, no leaking.",
    ],
)
def test_accidents_denied_states_sphincter_absent(text, fast):
    """development10 r41, 18 h26, 28 ag015, 29 af028: accidents, leaking or incontinence denied is a sphincter
    dysfunction denied (stated, as the gold marks it)."""
    got = states(text, fast)
    assert "absent" in got.get("sphincter_dysfunction", set()), got


@pytest.mark.parametrize("fast", MODES)
def test_bowel_accidents_denied_keep_the_retention(fast):
    """development9 s22: 'I haven't had any accidents with my bowels' denies a bowel accident only; a
    retention told in the same narrative stays a cauda equina emergency (the floor) in both modes."""
    text = (
        "I hurt my back lifting a wardrobe on Saturday and the pain now shoots down both legs. "
        "This morning I could not pass urine at all however hard I tried, and my bottom feels numb "
        "when I wipe. I haven't had any accidents with my bowels."
    )
    got = states(text, fast)
    assert "absent" not in got.get("sphincter_dysfunction", set()) or "present" in got.get(
        "sphincter_dysfunction", set()
    ), got
    check_floor(text, fast, "emergency", "cauda_equina")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Low back pain since lifting on Monday. Since this morning he cannot pass urine at all, "
        "no accidents. His bottom feels numb when he wipes.",
        "Sciatica down both legs for two days. I have not been able to wee since last night, "
        "no leaking though, and it's numb between my legs.",
    ],
)
def test_accidents_denied_beside_retention_stay_emergency(text, fast):
    """A denied leak in the sentence of a retention (the cauda equina of development10 r41 or 28 ag015, worse)
    keeps the retention and the emergency floor in both modes: the denial states an absence only where nothing
    else reads the finding present."""
    check_floor(text, fast, "emergency", "cauda_equina")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Both knees creak on the stairs. No locking or giving way.",
        "The knee swells after a long walk but it has never locked or given way.",
        "My legs are as strong as ever and I still cycle to work.",
        "The ache runs down the back of the thigh; my foot and leg are as strong as the other side.",
    ],
)
def test_no_giving_way_or_as_strong_as_ever(text, fast):
    """development17 q14, 26 ab032, 30 aj009, 20 p22/p47: a leg said not to give way, or as strong as
    ever or as the other side, is no new leg weakness."""
    got = states(text, fast)
    assert got.get("new_leg_weakness") == {"absent"}, got


@pytest.mark.parametrize("fast", MODES)
def test_giving_way_denied_beside_new_weakness_keeps_it(fast):
    """A knee said not to give way does not hide a new weakness told after it: present wins, and a new
    foot drop with back pain and a numb saddle stays an emergency."""
    text = (
        "No locking or giving way of the knees. Since yesterday his right foot has gone weak and slaps "
        "on the floor, with low back pain and numbness around his bottom."
    )
    got = states(text, fast)
    assert "present" in got.get("new_leg_weakness", set()), got
    check_floor(text, fast, "emergency", "cauda_equina")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "The calf ache is also there at rest; it is the same whether I walk or not, also when I lie down.",
        "My back's been much worse, back 6/10. No accidents, no leaking. No locking or giving way.",
        "His legs are as strong as ever; I haven't had any accidents with my bowels.",
    ],
)
def test_new_rules_read_alike_on_both_context_paths(reader_pairs, fast, text):
    """The new readings (the denials with their negation inside the match) read the same on the fast and the
    plain ConText path."""
    f, s = reader_pairs[fast]
    assert f.read(text).model_dump_json() == s.read(text).model_dump_json()
