"""Session 24 (fxa): treatments, orders and plans around the findings (probe file session24_xa).

A thigh's stretch pain told of a third person with 'the' knee ('he yelps if you bend the knee'); a
drug the person could not get ('Couldn't get my Mestinon') is still the person's drug, so known
myasthenia stands; a leg weakness diagnosed as a TIA that has happened again; both legs that 'have
felt heavy and wobbly' in a person with cancer and new back pain; and 'each week' is no word of both
legs for the fast layer's guess of sciatica in both legs. Look-alikes: a swollen, tense knee joint
is no compartment, a sore knee that 'hurts' when bent is no stretch sign, a missed drug without
bulbar signs, an old TIA with a slow course, heavy legs of years with stenosis. The sentences are
our own unless a docstring names the probe line; both modes."""

from __future__ import annotations

import pytest

pytest.importorskip("medspacy")

from text_readings import MODES, check_floor, check_not_emergency, probe_line, states  # noqa: E402


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        # session24_xa:8 itself
        probe_line("session24_xa.txt", 8)[1],
        "Found on the bathroom floor this morning; his left thigh is swollen and tense, and he yelps "
        "when you bend the knee.",
        "Her calf is rock hard after the crush injury and she screams if the nurse straightens the leg.",
    ],
)
def test_third_person_cries_when_the_knee_is_bent(text, fast):
    """session24_xa:8: a tense thigh or calf, and the person cries out when another bends or straightens 'the'
    knee or leg (pain on passive stretch): two items of acute compartment syndrome, an ambulance."""
    check_floor(text, fast, "emergency_ambulance", "acute_compartment_syndrome")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "His knee is swollen and tense after the football and he winces when you bend the knee.",
        "Her left ankle is hot, swollen and tight since she twisted it, and she groans when I move the foot.",
        "She says it hurts if you bend the knee; the knee has been sore since the gardening.",
    ],
)
def test_a_tense_joint_or_a_sore_knee_is_no_compartment(text, fast):
    """Look-alikes of session24_xa:8: a swollen, tense knee or ankle (a joint effusion) and a knee
    that hurts when bent are no compartment syndrome."""
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
def test_tense_joint_hides_the_compartment(fast):
    """A knee swollen and tense is not read as a tense compartment; a calf beside it still is."""
    assert "tense_compartment" not in states("His knee is swollen and tense.", fast)
    got = states("The calf and knee are swollen and tense.", fast)
    assert "present" in got.get("tense_compartment", set()), got


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        # session24_xa:16 itself
        probe_line("session24_xa.txt", 16)[1],
        "Haven't had my pyridostigmine since Friday, the pharmacy ran out, and now I'm choking on my drinks.",
        "Could not get hold of my Mestinon over the bank holiday; my speech is slurring and I'm short "
        "of breath.",
    ],
)
def test_drug_not_got_is_still_the_persons_drug(text, fast):
    """session24_xa:16: 'couldn't get my Mestinon' denies the supply, not the myasthenia it treats; with
    swallowing, speech or breathing trouble it is a myasthenic crisis, an ambulance."""
    check_floor(text, fast, "emergency_ambulance", "myasthenic_crisis")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Couldn't get my Mestinon from the chemist this week.",
        "He did not take his pyridostigmine yesterday.",
    ],
)
def test_drug_not_got_reads_known_myasthenia(text, fast):
    """The drug the person could not get, or a dose of it missed, still reads a known myasthenia (present,
    not absent)."""
    got = states(text, fast)
    assert got.get("known_myasthenia_gravis") == {"present"}, got


@pytest.mark.parametrize("fast", MODES)
def test_drug_not_got_without_bulbar_signs(fast):
    """Look-alike of session24_xa:16: a missed drug with the usual tired legs and nothing bulbar is
    no crisis."""
    check_not_emergency("Couldn't get my Mestinon for two days but I feel fine, legs a little tired "
                        "by evening as always.", fast)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        # session24_xa:19 itself
        probe_line("session24_xa.txt", 19)[1],
        "Seen at the TIA clinic on Monday after my arm and leg went weak for a few minutes. This "
        "morning it has happened again and the leg is still weak.",
        "Had a mini stroke last month when my leg went weak. It came back an hour ago and my leg is "
        "weak again.",
    ],
)
def test_tia_deficit_happened_again(text, fast):
    """session24_xa:19: a leg weakness diagnosed as a TIA that has happened again is a TIA or stroke now: the
    stroke flag, an ambulance."""
    check_floor(text, fast, "emergency_ambulance", "stroke")


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "Seen at the TIA clinic in March after my leg went weak briefly; scans were clear and it has "
        "not happened again. My calf cramps walking.",
        "Had a TIA two years ago when my leg went weak for a few minutes. Since then my legs ache "
        "walking uphill and it happens again on every walk, for months now.",
    ],
)
def test_old_tia_not_back(text, fast):
    """Look-alikes of session24_xa:19: a TIA that has not come back, or a walking ache of months after
    an old TIA."""
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        # session24_xa:25 itself
        probe_line("session24_xa.txt", 25)[1],
        "Myeloma patient. New pain between the shoulder blades and his legs have been shaky since Sunday.",
        "Lung cancer last year, new backache. Her legs have become clumsy and unsteady this week.",
    ],
)
def test_legs_have_felt_wobbly_with_cancer_back_pain(text, fast):
    """session24_xa:25 (rules alone): 'her legs have felt heavy and wobbly' (the perfect tense) is
    weakness of both legs; with a cancer and new back pain, suspected MSCC at emergency."""
    check_floor(text, fast, "emergency", "spinal_malignancy")


@pytest.mark.parametrize("fast", MODES)
def test_heavy_wobbly_legs_of_years(fast):
    """Look-alike of session24_xa:25: heavy, wobbly legs on walking for years with stenosis, eased by
    sitting."""
    check_not_emergency("My legs have felt heavy and wobbly walking for two years with my spinal "
                        "stenosis, better when I sit.", fast)


@pytest.mark.parametrize("fast", MODES)
@pytest.mark.parametrize(
    "text",
    [
        # session24_xa:43 itself
        probe_line("session24_xa.txt", 43)[1],
        "Sciatica in my left leg, getting easier each day. Bladder fine.",
        "The sciatica down my right leg eases a little each morning once I am moving. Bowels normal.",
    ],
)
def test_each_week_is_no_word_of_both_legs(text, fast):
    """session24_xa:43 (LOOK-ALIKE, default reader): 'a bit better each week' named no two legs;
    sciatica down one leg is no cauda equina trigger."""
    check_not_emergency(text, fast)


@pytest.mark.parametrize("fast", MODES)
def test_sciatica_in_both_legs_still_fires(fast):
    """Sciatica in both legs, getting better each week, is still sciatica of both legs (a cauda
    equina trigger)."""
    check_floor("The sciatica in both legs is a bit better each week.", fast, "emergency", "cauda_equina")
