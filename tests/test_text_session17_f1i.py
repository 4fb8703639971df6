"""Session 17 (f1i): extraction F1 of the weakness, gait and muscle findings (development11-30 misses and
spurious readings; no probe line). Each family is read as the knowledge base defines the finding: a wide-based
gait is a gait deviation, a limp is not; both thighs or calves aching is symmetric myalgia; a lay Gowers
manoeuvre or a rail to rise is proximal leg weakness, going down the stairs and lifting the arms are not;
walking about that helps is improvement with walking; worse in bed or back the moment one sits is symptoms at
rest; a CK the text calls raised, or above the laboratory limit it states, is a raised CK. Invented sentences
of our own, read in both modes, each family with a look-alike that must not fire."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, is_emergency, states  # noqa: E402

PRESENT = [
    # wide-based gait (development17/24/30 families, not quoted)
    ("gait_deviation", "On examination his gait is spastic and broad-based; he cannot tandem walk."),
    ("gait_deviation", "Her son says she shuffles along with her feet wide apart."),
    ("gait_deviation", "He takes short, wide steps and holds the furniture."),
    ("wide_based_gait", "My dad walks with his legs wide apart like he is on a ship."),
    # symmetric myalgia (development19/25/30 families)
    ("muscle_aches_both_legs", "Since the new tablets both his thighs have started to ache."),
    ("muscle_aches_both_legs", "Three months of heavy, aching calves and a low mood."),
    ("muscle_aches_both_legs", "She reports aching in both thighs since the dose went up."),
    # proximal weakness: a lay Gowers manoeuvre, a rail, the seat words (development16/17/27 families)
    ("proximal_leg_weakness", "She has to push up with her hands to get off the settee."),
    ("proximal_leg_weakness", "He now hauls himself up the stairs on the rail."),
    ("proximal_leg_weakness", "Since the weekend I can only get up the stairs on my bottom."),
    ("proximal_leg_weakness", "She could barely get up off the loo this morning."),
    ("bilateral_leg_weakness", "On examination there is symmetric proximal weakness, MRC 4/5."),
    ("proximal_leg_weakness", "Exam: symmetrical hip flexor weakness 3/5."),
    # better with walking (development25/26/29 families)
    (
        "symptoms_improve_with_walking",
        "Most nights he has to get up and walk around the landing, which helps.",
    ),
    ("symptoms_improve_with_walking", "I get up and walk round the garden and then it goes."),
    # symptoms at rest (development20/23/24/28 families)
    ("symptoms_at_rest", "Both feet tingle and burn, worst at night in bed."),
    ("symptoms_at_rest", "When she sits down to watch telly the crawling feeling starts in her calves."),
    ("symptoms_at_rest", "Walking eases it but it creeps back the moment I lie down."),
    # raised CK in the text's own words or above its stated limit (development14/17/27 families)
    ("ck_raised", "Bloods: CK 530 (slightly raised), TSH 41."),
    ("ck_raised", "The surgery rang: CK 470 (their range goes up to 180)."),
    ("ck_raised", "CK 900 where normal is up to 200, kidneys fine."),
]

NOT = [
    # a limp or a slapping foot is no gait deviation of the KB's kind
    ("gait_deviation", "present", "By the end of the round of golf I'm limping with my knee."),
    ("gait_deviation", "present", "The left foot slaps when he walks."),
    # a stance asked for in an examination
    ("gait_deviation", "present", "Stand with your feet wide apart, then close your eyes."),
    # calves aching on walking: the exertional history, not myalgia
    (
        "muscle_aches_both_legs",
        "present",
        "His calves ache when he walks to the shop and ease when he stops.",
    ),
    # sore thighs after exercise making the stairs down hard; the arms
    ("proximal_leg_weakness", "present", "After the race I could barely get down the stairs."),
    ("proximal_leg_weakness", "present", "By evening she can't lift her arms to brush her hair."),
    ("proximal_leg_weakness", "present", "I push up with my arms when I climb out of the pool."),
    # walking that makes it worse is no relief
    ("symptoms_improve_with_walking", "present", "When I walk around the shops it goes numb."),
    # relief on sitting is no symptom at rest; fine in bed
    ("symptoms_at_rest", "present", "The calf pain goes as soon as I sit down."),
    ("symptoms_at_rest", "present", "He is fine in bed at night."),
    # a CK at or below the stated limit, a normal CK
    ("ck_raised", "present", "CK 150 (their range up to 190)."),
    ("ck_raised", "present", "CK 120 (not raised)."),
]


@pytest.mark.parametrize("fast", MODES, ids=["fast", "rules"])
@pytest.mark.parametrize(("finding", "text"), PRESENT)
def test_family_read_present(finding: str, text: str, fast: bool) -> None:
    assert "present" in states(text, fast).get(finding, set()), (finding, text)


@pytest.mark.parametrize("fast", MODES, ids=["fast", "rules"])
@pytest.mark.parametrize(("finding", "state", "text"), NOT)
def test_look_alike_not_read(finding: str, state: str, text: str, fast: bool) -> None:
    assert state not in states(text, fast).get(finding, set()), (finding, text)


@pytest.mark.parametrize("fast", MODES, ids=["fast", "rules"])
def test_negated_wide_gait_and_symmetric_weakness(fast: bool) -> None:
    text = "Gait normal, she does not walk with her feet wide apart. No symmetric proximal weakness."
    got = states(text, fast)
    assert "present" not in got.get("gait_deviation", set())
    assert "present" not in got.get("bilateral_leg_weakness", set())


@pytest.mark.parametrize("fast", MODES, ids=["fast", "rules"])
def test_gowers_in_chronic_myopathy_no_emergency(fast: bool) -> None:
    """A months-long proximal weakness read by the new frames stays no emergency."""
    level, _, got = assess(
        "Over five months she has had to push up with her arms to get off the settee, and both thighs ache. "
        "CK 640 (mildly raised).",
        fast,
    )
    assert "present" in got.get("proximal_leg_weakness", set())
    assert not is_emergency(level)


@pytest.mark.parametrize("fast", MODES, ids=["fast", "rules"])
def test_relief_within_minutes_is_no_sudden_weakness(fast: bool) -> None:
    """development19 m42 family (not quoted): weeks of exertional aches that rest 'eases within minutes', and
    symmetric proximal weakness on examination, are no weakness of both legs over hours."""
    level, flags, _ = assess(
        "Four weeks of aching thighs that come on after a short walk; stopping settles them within minutes. "
        "Examination: symmetric proximal weakness 4/5.",
        fast,
    )
    assert not is_emergency(level)
    assert "cauda_equina" not in flags


@pytest.mark.parametrize("fast", MODES, ids=["fast", "rules"])
def test_sudden_weakness_within_minutes_still_emergency(fast: bool) -> None:
    """The onset told with 'within minutes' still reads as sudden weakness of both legs."""
    level, _, _ = assess("Within minutes both her legs went weak and she could not stand.", fast)
    assert is_emergency(level)
