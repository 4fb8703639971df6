"""Session 12, round 2 (helper fx6): probe lines still read wrongly after the first round's merges. Each
test is a floor (text -> at least this triage or this red flag, in both modes) or a look-alike (text ->
not an emergency, or not this finding). The sentences are invented and differ from the probe lines, which
are named in each docstring (tests/fixtures/probes/<file>.txt:line)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("medspacy")

from text_readings import (  # noqa: E402
    MODES,
    assess,
    at_least,
    check_floor,
    check_not_emergency,
    is_emergency,
    read,
    states,
)

# --- floors
# -----------------------------------------------------------------------------------------------------

FLOORS = [
    # session12_pr:9: a relative with cancer who is the patient ("Mum has lung cancer ... her right leg
    # gives way")
    (
        "Grandma has myeloma. Her back has ached for a fortnight and since this morning her legs won't "
        "hold her up.",
        "emergency",
        "spinal_malignancy",
    ),
    # session12_pr:10: an age in words after a relative (giant cell arteritis needs the age)
    (
        "My mother is eighty-one. For a week she has had a new headache at the side of her head and her "
        "jaw aches "
        "when she chews meat.",
        "emergency",
        "giant_cell_arteritis",
    ),
    # session11_ph:34: "not really, just my left leg's got weaker" (a weakness that progresses, after an
    # answer no)
    (
        "Q: Any other problems?\nA: No, only my right leg's got weaker over the last three weeks.",
        "consultation_24",
        "progressive_neurological_deficit",
    ),
    # session11_pd:25: one calf swollen and painful, in lay words
    (
        "His right calf has swelled right up and it's painful to put weight on, the left is normal.",
        "emergency",
        "deep_vein_thrombosis",
    ),
    # session11_ph:7: a mouth that won't lift on one side, with a weak leg on that side
    (
        "Since lunchtime the left corner of her mouth won't go up when she smiles and her left leg is weak.",
        "emergency_ambulance",
        "stroke",
    ),
    # session11_ph:18: weakness after diarrhoea that climbs every day, the hands now weak too
    (
        "Since the diarrhoea ten days ago both his legs are weak and he can't get up the stairs. It goes "
        "up every "
        "day, his hands now weak as well.",
        "emergency",
        "guillain_barre",
    ),
    # session11_ph:44: the colour of a drink answering a question about the urine's colour
    (
        "Nurse: What colour is the urine?\nPt: like cola since this morning, after a double spin class.",
        "emergency",
        "rhabdomyolysis",
    ),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(("text", "level", "flag"), FLOORS)
def test_floor(text: str, level: str, flag: str, fast: bool) -> None:
    check_floor(text, fast, level, flag)


PROBES = Path(__file__).parent / "fixtures" / "probes"
PROBE_LINES = [
    ("session12_pr", 9),
    ("session12_pr", 10),
    ("session11_ph", 34),
    ("session12_pr", 40),
    ("session11_pd", 25),
    ("session11_ph", 7),
    ("session11_ph", 18),
    ("session11_ph", 44),
    ("session12_pi", 8),
    ("session12_pi", 42),
    ("session12_pm", 13),
    ("session12_pr", 8),
    ("session12_pr", 18),
    ("session12_ps", 13),
    ("session12_pn", 54),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(("name", "line"), PROBE_LINES)
def test_probe_line(name: str, line: int, fast: bool) -> None:
    """The probe lines themselves, at their least urgent acceptable level (and a non-urgent line not at an
    emergency)."""
    raw = (PROBES / f"{name}.txt").read_text(encoding="utf-8").splitlines()[line - 1]
    level, _, text = raw.partition("|")
    got, _, _ = assess(text.replace("\\n", "\n"), fast)
    assert at_least(got, level), (got, name, line)
    if not is_emergency(level) and level != "consultation_24":
        assert not is_emergency(got), (got, name, line)


FLOORS_2 = [
    # session12_pi:8: a temperature given as the answer to a question about it, with the low back named as the
    # answer to what the painkillers are for
    (
        "Chemist: What do you need the tablets for?\nMan: Lower back, it's been bad a week.\nChemist: Had a "
        "fever?\nMan: yes, 38.9 this morning.",
        "emergency",
        "spinal_infection",
    ),
    # session12_pi:42: myasthenia spelt as it sounds, with a head that can't be lifted
    (
        "My husband has mysthenia gravis. Tonight he can't lift his head off the pillow.",
        "emergency_ambulance",
        "myasthenic_crisis",
    ),
    # session12_pm:13: a relative's cancer, then the same person's present in the next sentence ("Now ...")
    (
        "Father had prostate cancer two years ago. Now back pain a month, since Monday both legs weak, "
        "he falls.",
        "emergency",
        "spinal_malignancy",
    ),
    # session12_pr:8: a power grade that fell from the one weeks before
    (
        "L EHL now 4/5, previously 5/5 at clinic 2 weeks ago.",
        "consultation_24",
        "progressive_neurological_deficit",
    ),
    # session12_pn:54: legs that could not walk to the toilet, tingling fingers and toes for days,
    # breathless
    (
        "Since Tuesday my fingers and toes have gone numb. Today I can't walk to the bathroom and I'm "
        "short of breath.",
        "emergency_ambulance",
        "guillain_barre",
    ),
    # session12_ps:13: a calf measured centimetres bigger than the other and tender, after surgery
    (
        "Two weeks after hip replacement. Left calf 3.5 cm greater than the right and tender over the veins.",
        "emergency",
        "deep_vein_thrombosis",
    ),
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(("text", "level", "flag"), FLOORS_2)
def test_floor_2(text: str, level: str, flag: str, fast: bool) -> None:
    check_floor(text, fast, level, flag)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        # session12_pr:8: a grade that rose is no progressive deficit
        "Hip flexion now 5/5, was 4/5 at review 3 weeks ago.",
        # session12_pi:8: a normal temperature in the answer is no fever
        "Nurse: Any temperature?\nPt: 36.9 this morning. Lower back ache after gardening.",
    ],
)
def test_not_an_emergency_2(text: str, fast: bool) -> None:
    check_not_emergency(text, fast)


def test_toilet_not_reached_in_time_is_no_failed_walk() -> None:
    """session12_pn:54: not reaching the toilet in time is an urgency, not legs that failed (the rules; the
    fast layer already guessed an ascending weakness from the tingling and breathlessness before this
    round)."""
    text = (
        "I couldn't get to the loo in time this morning. Hands and feet tingle since the weekend. Breathless "
        "on stairs."
    )
    assert "present" not in states(text, False).get("ascending_symmetric_weakness_days", set())


def test_family_history_of_myasthenia_is_not_known_mg() -> None:
    """session12_pi:42: 'gravis' in a family history stays a family history."""
    text = "Family history: aunt has myasthenia gravis. My calves ache walking uphill."
    assert "present" not in states(text, False).get("known_myasthenia_gravis", set())


# --- look-alikes
# ------------------------------------------------------------------------------------------------

NOT_EMERGENCY = [
    # session12_pr:40: red urine explained by beetroot, in the same sentence after ", then" or in another
    # sentence
    "Knees stiff as ever. My wee came out pink-red this morning, then I realised we had beetroot risotto "
    "for tea.",
    "My pee was reddish this morning. We had borscht at my sister's last night. Legs the same as always.",
    # session11_ph:44: a drink's colour said of something other than the urine, in a text that says the
    # urine is fine
    "My urine is fine. The bruise on my thigh has gone tea-coloured.",
]


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize("text", NOT_EMERGENCY)
def test_not_an_emergency(text: str, fast: bool) -> None:
    check_not_emergency(text, fast)


def test_calf_injury_is_not_dvt_tenderness() -> None:
    """session11_pd:25: a calf injury, swollen and painful, is not read as a DVT tenderness by the rules (the
    fast layer already guessed one from this wording before this round; left)."""
    text = "I strained my right calf sprinting for the bus, it's swollen and it hurts."
    assert "present" not in states(text, False).get("deep_vein_tenderness", set())


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        # session12_pr:40: a food denied does not explain the colour; a brown colour is never explained by it
        "After the ultramarathon my urine is red and my thighs are agony. I haven't eaten any beetroot.",
        "Beetroot salad at lunch, but since the squats challenge my pee is cola-coloured and my legs are "
        "killing me.",
    ],
)
def test_food_does_not_explain(text: str, fast: bool) -> None:
    _, flags, _ = assess(text, fast)
    assert "rhabdomyolysis" in flags, text


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        # session12_pr:9: a relative's illness stays a family history when the writer speaks of himself or
        # herself,
        # or when the relative has died
        "Mum had ovarian cancer years ago. I've had back pain for two weeks and it wakes me at night.",
        "Dad had bowel cancer; he died when he was 70. Lower back pain for a month, worse bending.",
    ],
)
def test_relative_history_stays_family(text: str, fast: bool) -> None:
    assert "present" not in states(text, fast).get("cancer_history", set()), text


@pytest.mark.parametrize("fast", MODES)
def test_no_then_negated_weakness(fast: bool) -> None:
    """session11_ph:34: an answer "no" followed by what there is reads it; a later negation still negates."""
    got = states("No, only my left leg has got weaker.", fast)
    assert "present" in got.get("progressive_motor_deficit", set())
    assert "present" not in states("No, my left leg is not weaker.", fast).get("new_leg_weakness", set())


def test_age_in_words_after_relative() -> None:
    """session12_pr:10: the age in words after a relative; not a distance or a time."""
    assert read("My husband is sixty-nine and his legs ache.", False).case.age == 69
    assert read("My dad is twenty minutes away from the hospital.", False).case.age is None
