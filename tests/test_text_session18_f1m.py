"""Session 18 (f1m): relief, rest and the walking questionnaires' relief items (extraction F1,
development11-30).

Families: standing still said NOT to relieve, after the stop ('if I stop and stand it doesn't go off');
relief by standing still told with its time ('gone within 2-3 min of standing still'); rest symptoms
denied ('fine at rest', 'never troubles him at rest'); 'ache when' no longer read as a rest symptom
without a rest posture; the bare 'in the evening' no longer a leg symptom worse in the evening; bending
forward that aggravates or is denied as a relief; SSHQ Q3 from standing-provoked symptoms in a story
relieved by sitting or bending.

No probe line is behind these (the theme is the development parts' misses and spurious readings, counted
in the report); the sentences are our own, read in both modes, each family with a look-alike."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, assess, states  # noqa: E402


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Thighs ache after 300 yards. If I stop and stand still it does not go off, I need a seat.",
        "Buttocks and calves go heavy on walking. If she just stands still it doesn't go.",
        "Legs numb after ten minutes walking. If I stop and stand, nothing changes.",
        "Legs tingle on walking. If he stands there the pain stays until he sits.",
        "Both legs give out walking. If he stops and stands, it carries on.",
        "Legs heavy walking to the shops; stopping to stand doesn't take it away.",
        "Relief: sitting or bending over; standing still gives no relief.",
    ],
)
def test_standing_still_that_does_not_relieve_is_absent(text, fast):
    """development11-30 (relieved_by_standing_still absent, 18 of 46 missed; ECQ Q5 absent 17 missed):
    standing still said not to relieve, after the stop is named, denies relief by standing still (and ECQ
    Q5)."""
    st = states(text, fast)
    assert "present" not in st.get("relieved_by_standing_still", set()), st
    assert "absent" in st.get("relieved_by_standing_still", set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Left calf cramps at 150 m, gone within 2-3 min of standing still.",
        "Right calf tightness walking the dog, gone 1-2 min after stopping to stand.",
        "Calf ache uphill; a minute or two standing and it's gone.",
        "Calf cramp after a few hundred yards, goes within a minute or two if he stops.",
    ],
)
def test_relief_by_standing_still_with_its_time(text, fast):
    """development11-30 (relieved_by_standing_still present, 25 of 96 missed): relief told with the time it
    takes."""
    st = states(text, fast)
    assert "present" in st.get("relieved_by_standing_still", set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Calf pain at 200 m on the flat. Fine at rest and at night.",
        "Calf aches on walking; he is asymptomatic at rest.",
        "Thigh pain after 100 m. It never troubles her at rest.",
        "Calf pain walking uphill, but I don't get it sitting or lying.",
    ],
)
def test_rest_symptoms_denied(text, fast):
    """development11-30 (symptoms_at_rest absent, 26 of 83 missed)."""
    st = states(text, fast)
    assert st.get("symptoms_at_rest") == {"absent"}, st


@pytest.mark.parametrize("fast", MODES)
def test_measurement_normal_at_rest_is_not_a_symptom_denial(fast):
    """Look-alike: an ABI normal at rest says nothing about symptoms at rest."""
    st = states("Calf pain at 200 m. ABI normal at rest, falls after exercise.", fast)
    assert "absent" not in st.get("symptoms_at_rest", set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "My thighs ache when I climb the stairs.",
        "My calves ache when I walk to the shops.",
        "The scalp hurts when she brushes her hair.",
    ],
)
def test_ache_when_doing_something_is_not_a_rest_symptom(text, fast):
    """development11-30 (symptoms_at_rest present, 19 spurious from 'ache when' / 'hurts when')."""
    st = states(text, fast)
    assert "present" not in st.get("symptoms_at_rest", set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", ["My calves ache when I'm sitting down.", "The legs hurt while resting."])
def test_ache_while_resting_is_a_rest_symptom(text, fast):
    """Floor for the narrowed pattern: a rest posture after 'when'/'while' still reads."""
    st = states(text, fast)
    assert "present" in st.get("symptoms_at_rest", set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Her eyelids droop in the evening and she sees double.",
        "Ankle swelling, much better when she puts her feet up in the evening.",
        "Calves cramp walking. At night in bed I'm completely fine.",
    ],
)
def test_bare_evening_is_not_a_leg_symptom_worse_in_the_evening(text, fast):
    """development11-30 (leg_symptoms_worse_evening_or_night present, 32 spurious from the bare time
    words)."""
    st = states(text, fast)
    assert "present" not in st.get("leg_symptoms_worse_evening_or_night", set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", ["My legs ache in the evenings.", "My soles burn at night in bed."])
def test_leg_symptom_in_the_evening_still_reads(text, fast):
    """Floor: a symptom word before the time still reads as worse in the evening or at night."""
    st = states(text, fast)
    assert "present" in st.get("leg_symptoms_worse_evening_or_night", set()), st


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Sciatica down the left leg. Aggravating: sitting, bending forward, coughing.",
        "Legs heavy walking. Bending forward doesn't make any difference.",
    ],
)
def test_bending_forward_that_does_not_relieve(text, fast):
    """development11-30 (sshq_q4 present, 35 spurious; absent 6 missed): bending forward that aggravates,
    or is denied as a relief, is not SSHQ Q4 yes."""
    st = states(text, fast)
    assert "present" not in st.get("improves_bending_forward", set()), st
    assert "present" not in st.get("sshq_q4", set()), st


@pytest.mark.parametrize("fast", MODES)
def test_bending_forward_relief_still_reads(fast):
    """Floor: relief by bending forward in an easing list is still SSHQ Q4."""
    st = states("Legs ache on walking. Easing: sitting, bending forward.", fast)
    assert "present" in st.get("sshq_q4", set()), st


@pytest.mark.parametrize("fast", MODES)
def test_standing_provoked_symptoms_in_a_stenosis_story_answer_sshq_q3(fast):
    """development11-30 (sshq_q3 present, 19 of 30 missed)."""
    text = ("Both thighs and shins ache after 200 m, and standing at the sink brings it on too; "
            "she has to sit down for it to ease.")
    st = states(text, fast)
    assert "present" in st.get("sshq_q3", set()), st


@pytest.mark.parametrize("fast", MODES)
def test_standing_provoked_symptoms_without_sitting_relief_are_not_sshq_q3(fast):
    """Look-alike: symptoms on standing in a story without relief by sitting or bending (venous) are not
    SSHQ Q3."""
    text = "The right leg aches and swells after standing all day at work; better with the leg raised."
    st = states(text, fast)
    assert "present" not in st.get("sshq_q3", set()), st


@pytest.mark.parametrize("fast", MODES)
def test_standing_relief_denied_keeps_claudication_triage(fast):
    """Safety: the absent reading does not lower an ischaemic emergency written beside it."""
    text = (
        "Calves ache after 100 m and if I stop and stand it doesn't go. Since this morning the left foot "
        "is cold, white and numb and I can't move my toes."
    )
    level, _flags, _st = assess(text, fast)
    assert level in ("emergency_ambulance", "emergency"), level
